import datetime

import pytest

from portal.exchanges.models import ProjectActivity, ProjectPage, Transfer
from tests.factories.institutions import nezahualcoyotl, penalolen
from tests.factories.pages import FundPageFactory, ProgramPageFactory, publish
from tests.factories.programs import PreventionModelFactory

PROJECT = "coproduccion-de-seguridad-en-el-ambito-local"
FUND = "fondo-chile-mexico"

# (kind, title, host: Peñalolén?, start, end): each one municipality visiting the other, 2022.
ACTIVITIES = [
    ("internship", "Pasantía de Nezahualcóyotl en Peñalolén", True, (3, 21), (3, 25)),
    ("congress", "Congreso Internacional de Proximidad Social", False, (7, 25), (7, 29)),
    ("seminar", "Seminario de prevención en espacios locales", True, (10, 23), (10, 26)),
    ("internship", "Pasantía 2 de Peñalolén en Nezahualcóyotl", False, (11, 6), (11, 11)),
]


@pytest.fixture
def cooperation(db) -> ProjectPage:
    """The Chile–Mexico fund (2016, both countries) and its finished project led by Peñalolén
    with Nezahualcóyotl: planned from March 2020, 87 municipalities and 1,500 people online
    reached, four reported activities in 2022 (no participant counts) and four transfers (one
    studied-to-institutionalized office, three adopted models, the proximity model from
    Nezahualcóyotl to Peñalolén linked to its model and to Peñalolén's patrol program)."""
    cl, mx = penalolen(), nezahualcoyotl()
    fund = FundPageFactory(slug=FUND, title="Fondo de Cooperación Chile–México", year_created=2016)
    fund.countries.set([cl.country, mx.country])
    fund = publish(fund)
    patrol = publish(ProgramPageFactory(parent=cl, title="Servicio de vigilancia preventiva"))
    proximity = PreventionModelFactory(
        slug="proximidad-social", name="Modelo de Seguridad Ciudadana con Proximidad Social"
    )
    activities = []
    for order, (kind, title, at_penalolen, start, end) in enumerate(ACTIVITIES):
        host, visitor = (cl, mx) if at_penalolen else (mx, cl)
        activity = ProjectActivity(
            kind=kind,
            title=title,
            host_institution=host,
            start_date=datetime.date(2022, *start),
            end_date=datetime.date(2022, *end),
            place=host.title,
            learned="Lo que el equipo visitante aprendió.",
            sort_order=order,
        )
        activity.visiting_institutions.set([visitor])
        activities.append(activity)
    transfers = [
        Transfer(
            name="Modelo de proximidad social policial (agentes preventivos de proximidad social)",
            from_institution=mx,
            to_institution=cl,
            state="adopted",
            prevention_model=proximity,
            program=patrol,
        ),
        Transfer(
            name="Modelo de promoción de derechos y prevención social",
            from_institution=cl,
            to_institution=mx,
            state="adopted",
        ),
        Transfer(
            name="Procuraduría (Defensoría) del Adulto Mayor",
            from_institution=cl,
            to_institution=mx,
            state="institutionalized",
        ),
        Transfer(
            name="Programa comunitario CATC",
            from_institution=cl,
            to_institution=mx,
            state="adopted",
        ),
    ]
    for order, transfer in enumerate(transfers):
        transfer.sort_order = order
    project = ProjectPage(
        title=(
            "Coproducción de Seguridad en el ámbito local: transferencia y colaboración técnica "
            "para la Seguridad Humana"
        ),
        slug=PROJECT,
        summary="Peñalolén y Nezahualcóyotl intercambiaron sus modelos de prevención.",
        status="finished",
        lead_institution=cl,
        agreement_year=2017,
        planned_start=datetime.date(2020, 3, 1),
        municipalities_reached=87,
        online_participants=1500,
        activities=activities,
        transfers=transfers,
    )
    project.partner_institutions.set([mx])
    fund.add_child(instance=project)
    return publish(project)
