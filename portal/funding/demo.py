"""The demo edition: the 2023 index over all 345 comunas, with illustrative inputs.

The variables are the six the seed names; their official weights, the official inputs and the
budget are not in the portal's sources, so the weights are equal (flagged as placeholders) and the
values and budget are generated: plausible magnitudes, fixed by each comuna's code so every run
gives the same ranking. The edition is flagged *illustrative* and its pages say so.
"""

import hashlib
import random
from decimal import Decimal

from django.db import transaction

from . import services
from .models import Edition, GroupRule, Value, Variable

VARIABLES = [
    # key, Spanish, English, higher is more vulnerable, census-based, (low, high)
    ("delitos-gravedad", "Delitos según gravedad", "Crime by severity", True, False, (80, 2600)),
    (
        "socioeconomico",
        "Condición socioeconómica (pobreza multidimensional, %)",
        "Socio-economic conditions (multidimensional poverty, %)",
        True,
        False,
        (5, 45),
    ),
    (
        "delitos-contra-mujeres",
        "Índice de delitos contra mujeres",
        "Index of crimes against women",
        True,
        False,
        (20, 900),
    ),
    (
        "infractores-rpa",
        "Infractores de la Ley de Responsabilidad Penal Adolescente",
        "Offenders under the juvenile criminal responsibility law",
        True,
        False,
        (0, 180),
    ),
    (
        "poblacion",
        "Población municipal y flotante",
        "Municipal and floating population",
        True,
        True,
        (300, 600_000),
    ),
    (
        "ingresos-municipales",
        "Ingresos municipales por habitante (miles de pesos)",
        "Municipal income per inhabitant (thousand pesos)",
        False,
        False,
        (90, 1_800),
    ),
]
SHARES = {"U1": Decimal(4), "U2": Decimal(3), "U3": Decimal(2), "R": Decimal(1)}
# Data, not interface text: written in both languages, as a source would be cited.
SOURCE = (
    "Valor ilustrativo generado para la demostración / Illustrative value generated for the demo"
)


def _value(code: str, key: str, low: float, high: float) -> Decimal:
    seed = int(hashlib.sha256(f"{code}:{key}".encode()).hexdigest()[:12], 16)
    rng = random.Random(seed)  # noqa: S311 - illustrative demo data
    # Skewed towards the low end, as most of these figures are.
    fraction = rng.random() ** 2
    return Decimal(str(round(low + (high - low) * fraction, 1)))


@transaction.atomic
def load_demo_edition() -> Edition | None:
    """Create, compute and publish the demo edition once; None when it already exists."""
    if Edition.objects.filter(year=2023).exists():
        return None
    edition = Edition.objects.create(
        name="Índice Más Seguridad Más Equidad 2023",
        year=2023,
        illustrative=True,
        weights_are_placeholder=True,
        budget_year1=9_000_000_000,
        budget_year2=9_000_000_000,
        notes=(
            "Edición de demostración: variables de la fuente; pesos iguales y valores ilustrativos."
        ),
    )
    variables = []
    for position, (key, name, name_en, direction, census, _range) in enumerate(VARIABLES):
        variables.append(
            Variable.objects.create(
                edition=edition,
                sort_order=position,
                key=key,
                name=name,
                name_en=name_en,
                weight=Decimal(1),
                higher_is_more_vulnerable=direction,
                census_based=census,
                source=SOURCE,
            )
        )
    for position, (group, share) in enumerate(SHARES.items()):
        GroupRule.objects.create(edition=edition, sort_order=position, group=group, share=share)
    rows = []
    for municipality in services.municipalities():
        for variable, (key, *_rest, (low, high)) in zip(variables, VARIABLES, strict=True):
            rows.append(
                Value(
                    edition=edition,
                    municipality=municipality,
                    variable=variable,
                    value=_value(municipality.code, key, low, high),
                    source=SOURCE,
                )
            )
    Value.objects.bulk_create(rows)
    return services.publish_edition(edition)
