import pytest
from wagtail.models import Locale

from portal.programs.models import PreventionModel, ProgramIndicator, ProgramPage
from tests.factories.institutions import nezahualcoyotl, penalolen
from tests.factories.pages import publish
from tests.factories.programs import PreventionModelFactory, ProgramPageFactory

ILLUSTRATIVE = "Valor ilustrativo (no es un dato oficial)"


def prevention_model(slug, name, name_en, origin) -> PreventionModel:
    """A prevention model in Spanish and its English translation."""
    term = PreventionModelFactory(slug=slug, name=name, origin=origin)
    PreventionModelFactory(
        slug=slug,
        name=name_en,
        origin=origin,
        locale=Locale.objects.get(language_code="en"),
        translation_key=term.translation_key,
    )
    return term


def indicator(name, kind, unit, direction, baseline, values) -> ProgramIndicator:
    """An indicator with a 2021 baseline and (period, target, actual) values."""
    return ProgramIndicator(
        name=name,
        kind=kind,
        unit=unit,
        direction=direction,
        baseline=baseline,
        baseline_period="2021",
        measurements=[
            ("value", {"period": p, "target": t, "actual": a, "source": ILLUSTRATIVE})
            for p, t, a in values
        ],
    )


def program(parent, slug, title, *, model=None, indicators=()) -> ProgramPage:
    for order, item in enumerate(indicators):
        item.sort_order = order
    return publish(
        ProgramPageFactory(
            parent=parent,
            slug=slug,
            title=title,
            prevention_model=model,
            indicators=list(indicators),
        )
    )


@pytest.fixture
def programs(db) -> dict[str, ProgramPage]:
    """Six published programs by slug: four of Peñalolén (Chile), two of Nezahualcóyotl
    (Mexico). Targets: the parenting plan partly met (one indicator met, one not), the 1461 line
    met, the patrol partly met (lower is better: 21 minutes against 18, from 25); the rest have no
    indicators. Models: rights promotion (Peñalolén's) for four across both countries, social
    proximity (Nezahualcóyotl's, with an English name) for the patrol."""
    cl, mx = penalolen(), nezahualcoyotl()
    rights = prevention_model(
        "promocion-de-derechos-y-prevencion-social",
        "Modelo de Promoción de Derechos y Prevención Social",
        "Rights Promotion and Social Prevention Model",
        cl,
    )
    proximity = prevention_model(
        "proximidad-social",
        "Modelo de Seguridad Ciudadana con Proximidad Social",
        "Citizen Security Model with Social Proximity",
        mx,
    )
    built = [
        program(
            cl,
            "plan-de-crianza-positiva",
            "Plan de crianza positiva",
            model=rights,
            indicators=[
                indicator(
                    "Familias que completan el taller de crianza positiva",
                    "coverage",
                    "familias",
                    "higher",
                    80,
                    [("2022", 100, 92), ("2023", 120, 126)],
                ),
                indicator(
                    "Familias que declaran mejores pautas de crianza al egreso",
                    "effectiveness",
                    "%",
                    "higher",
                    60,
                    [("2022", 70, 66), ("2023", 75, 71)],
                ),
            ],
        ),
        program(
            cl,
            "numero-de-seguridad-1461",
            "Número de seguridad y emergencia 1461",
            indicators=[
                indicator(
                    "Llamados al 1461 atendidos dentro del tiempo comprometido",
                    "quality",
                    "%",
                    "higher",
                    85,
                    [("2022", 90, 91), ("2023", 92, 94)],
                )
            ],
        ),
        program(
            cl,
            "servicio-de-vigilancia-preventiva",
            "Servicio de vigilancia preventiva",
            model=proximity,
            indicators=[
                indicator(
                    "Tiempo medio de respuesta a requerimientos vecinales",
                    "efficiency",
                    "minutos",
                    "lower",
                    25,
                    [("2022", 20, 23), ("2023", 18, 21)],
                )
            ],
        ),
        program(
            cl,
            "construyendo-a-tiempo-en-comunidad",
            "Construyendo a tiempo en comunidad",
            model=rights,
        ),
        program(mx, "procuraduria-del-adulto-mayor", "Procuraduría del Adulto Mayor", model=rights),
        program(mx, "catc-nezahualcoyotl", "Programa CATC en Nezahualcóyotl", model=rights),
    ]
    return {page.slug: page for page in built}
