"""Factory of the one evaluation record (portal.institutions.evaluations): pass ``page=`` (any page)."""

import factory

from portal.institutions.evaluations.models import Evaluation, EvaluationOutcome


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


class EvaluationOutcomeFactory(factory.django.DjangoModelFactory):
    """What an evaluation found on one outcome: pass ``evaluation=``."""

    measure = factory.Sequence(lambda n: f"Denuncias por violencia en el barrio {n}")
    direction = "improved"
    effect_size = "-12 %"
    confidence = "significant"

    class Meta:
        model = EvaluationOutcome
