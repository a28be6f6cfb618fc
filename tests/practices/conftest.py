import pytest

from portal.core.models import PreventionApproach, TargetPopulation, Theme
from portal.institutions.evaluations.models import Evaluation
from portal.practices.models import PracticeOutcome, PracticePage
from tests.factories.core import PortalDocumentFactory
from tests.factories.institutions import nezahualcoyotl, penalolen
from tests.factories.pages import publish
from tests.factories.practices import ManualPageFactory, PracticePageFactory


def terms(model, *slugs):
    return list(model.objects.filter(slug__in=slugs, locale__language_code="es"))


def practice(parent, title, slug, *, themes=(), populations=(), approaches=(), **fields):
    """A published practice of ``parent`` classified with the Spanish terms named by slug."""
    return publish(
        PracticePageFactory(
            parent=parent,
            title=title,
            slug=slug,
            themes=terms(Theme, *themes),
            target_populations=terms(TargetPopulation, *populations),
            approaches=terms(PreventionApproach, *approaches),
            **fields,
        )
    )


@pytest.fixture
def network(db) -> dict[str, PracticePage]:
    """Five published practices by slug, created in this order: four of Peñalolén (Chile), one of
    Nezahualcóyotl (Mexico) that a Chilean one adapts; only the Mexican one has insufficient
    impact evidence (with an outcome and an evaluation: partial documentation). Sport and police
    trust are themes of three of them; public spaces and youth link the sport project to two
    newer ones. Peñalolén also has a manual with its PDF."""
    cl, mx = penalolen(), nezahualcoyotl()
    pages = {}
    pages["ciudadania-deportiva"] = practice(
        cl,
        "Proyecto Ciudadanía Deportiva",
        "ciudadania-deportiva",
        themes=["deporte", "espacios-publicos"],
        populations=["jovenes"],
        approaches=["prevencion-social"],
    )
    pages["modelo-de-proximidad-social"] = practice(
        mx,
        "Modelo de seguridad ciudadana con proximidad social",
        "modelo-de-proximidad-social",
        themes=["confianza-en-la-policia"],
        populations=["vecinos"],
        approaches=["proximidad-policial"],
        problem="<p>Distancia entre la policía y la ciudadanía.</p>",
        general_objective="Acercar la policía a la comunidad.",
        territory="Todo el municipio",
        how_it_works="<p>Policías asignados a cuadrantes.</p>",
        outcomes=[
            PracticeOutcome(
                indicator="Vecinos que confían en la policía",
                baseline="4 de cada 10",
                result="7 de cada 10",
            )
        ],
        evaluations=[Evaluation(design="qualitative", evaluator="Universidad de prueba")],
    )
    pages["agentes-preventivos-de-proximidad-social"] = practice(
        cl,
        "Modelo de agentes preventivos de proximidad social",
        "agentes-preventivos-de-proximidad-social",
        themes=["confianza-en-la-policia"],
        populations=["vecinos"],
        approaches=["proximidad-policial"],
        adapted_from=pages["modelo-de-proximidad-social"],
    )
    pages["recuperacion-de-plazas"] = practice(
        cl, "Recuperación de plazas", "recuperacion-de-plazas", themes=["espacios-publicos"]
    )
    pages["escuelas-seguras"] = practice(
        cl,
        "Entornos escolares seguros",
        "escuelas-seguras",
        themes=["espacios-publicos", "entornos-escolares"],
        populations=["jovenes"],
    )
    publish(
        ManualPageFactory(
            parent=cl,
            title="Manual del proyecto Ciudadanía Deportiva",
            document=PortalDocumentFactory(collection=cl.access.collection),
        )
    )
    return pages
