"""Factory of the one evaluation record (portal.evaluations): pass ``page=`` (any page)."""

import factory

from portal.evaluations.models import Evaluation


class EvaluationFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Evaluación de prueba {n}")
    design = Evaluation.Design.QUASI_EXPERIMENTAL
    year = 2023
    evaluator = "Universidad de prueba"
    evaluator_kind = Evaluation.EvaluatorKind.ACADEMIC
    independent = True
    sample = "Dos barrios de la comuna"
    findings = "Bajan las denuncias en el barrio intervenido."

    class Meta:
        model = Evaluation
