"""The coordinator dashboard: figures checked against the Chile–Mexico project (``cooperation``
in conftest), and a coordinator sees only their own funds."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model

from portal.exchanges.dashboard import months_ago, portfolio, portfolio_csv
from portal.exchanges.models import CooperationIndexPage, FundPage, ProjectActivity, ProjectPage
from tests.accounts.conftest import make_user
from tests.factories.institutions import nezahualcoyotl, penalolen

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def fund(cooperation):
    return cooperation.get_parent().specific


@pytest.fixture
def coordinator(fund):
    return make_user("coordinacion@fondo.example", groups=[fund.access.coordinators])


@pytest.fixture
def other_fund():
    """A second fund with a running project of its own, and its coordinator."""
    cooperation = CooperationIndexPage.objects.get()
    other = FundPage(title="Fondo Andino", slug="fondo-andino", summary="Otro fondo.")
    cooperation.add_child(instance=other)
    other.save_revision().publish()
    neza = nezahualcoyotl()
    project = ProjectPage(
        title="Proyecto andino",
        slug="proyecto-andino",
        summary="Proyecto de otro fondo.",
        status="running",
        lead_institution=neza,
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2026, 6, 30),
        activities=[
            ProjectActivity(
                kind="workshop",
                title="Taller futuro",
                start_date=datetime.date(2026, 12, 10),
                place="Lima",
                participants_in_person=30,
            ),
            ProjectActivity(
                kind="virtual",
                title="Sesión sin informe",
                start_date=datetime.date(2025, 3, 3),
                online=True,
            ),
        ],
    )
    other.add_child(instance=project)
    project.save_revision().publish()
    other.refresh_from_db()
    return other


def test_the_figures_of_a_coordinators_portfolio(coordinator):
    result = portfolio(coordinator, today=TODAY)
    assert [f.slug for f in result.funds] == ["fondo-chile-mexico"]
    assert [p.slug for p in result.projects] == ["coproduccion-de-seguridad-en-el-ambito-local"]
    totals = result.totals
    assert totals["projects"] == 1
    assert totals["activities"] == 4
    # The seed gives reach for the whole project, not per activity.
    assert (totals["reached_online"], totals["municipalities_reached"]) == (1500, 87)
    assert totals["participants"] == 0
    assert (totals["institutions"], totals["countries"]) == (2, 2)
    assert totals["transfers"] == 4
    states = dict(result.transfer_states)
    assert sorted(states.values()) == [0, 0, 1, 3]  # studied, piloted, institutionalized, adopted
    row = result.by_status[0]
    finished = [s.value for s in result.statuses].index("finished")
    assert row["total"] == 1 and row["counts"][finished] == 1
    # All four 2022 activities are past and reported; the project is finished, so not quiet.
    assert result.upcoming == [] and result.unreported == [] and result.quiet == []
    assert result.outside == []  # they fall after the planned start (March 2020)


def test_a_coordinator_sees_only_their_fund(coordinator, other_fund):
    result = portfolio(coordinator, today=TODAY)
    assert "proyecto-andino" not in [p.slug for p in result.projects]
    andino = make_user("andino@fondo.example", groups=[other_fund.access.coordinators])
    theirs = portfolio(andino, today=TODAY)
    assert [p.slug for p in theirs.projects] == ["proyecto-andino"]
    assert [a.title for a in theirs.upcoming] == ["Taller futuro"]
    assert [a.title for a in theirs.unreported] == ["Sesión sin informe"]
    assert [p.slug for p in theirs.overdue_projects] == ["proyecto-andino"]  # planned end passed
    assert [p.slug for p in theirs.quiet] == ["proyecto-andino"]  # nothing since March 2025
    assert theirs.totals["participants"] == 30


def test_moderators_see_every_fund(cooperation, other_fund):
    admin = get_user_model().objects.create_superuser("raiz-d", "raiz-d@example.org", "x-long-1")
    result = portfolio(admin, today=TODAY)
    assert {p.slug for p in result.projects} >= {
        "proyecto-andino",
        "coproduccion-de-seguridad-en-el-ambito-local",
    }
    assert result.totals["projects"] == 2


def test_quiet_projects_follow_the_months_asked(other_fund):
    andino = make_user("andino2@fondo.example", groups=[other_fund.access.coordinators])
    # The last activity ended on 3 March 2025: quiet over 6 months, not over 24.
    assert portfolio(andino, today=TODAY, months=24).quiet == []
    assert months_ago(datetime.date(2026, 1, 31), 2) == datetime.date(2025, 11, 28)


def test_dashboard_page_and_csv_for_a_coordinator(client, coordinator, other_fund):
    client.force_login(coordinator)
    response = client.get("/admin/cooperation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-total="reached_online">1500<' in html
    assert 'data-total="countries">2<' in html
    assert "Proyecto andino" not in html and "Fondo Andino" not in html
    assert client.get("/admin/cooperation/?months=abc").context["notice"]

    export = client.get("/admin/cooperation/portfolio.csv")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["fund"] == "Fondo de Cooperación Chile–México"
    assert row["status"] == "finished"
    assert row["countries"] == "CL MX"
    assert row["partner institutions"] == "Municipio de Nezahualcóyotl"
    assert (row["activities"], row["transfers"], row["municipalities reached"]) == ("4", "4", "87")
    assert row["planned start"] == "2020-03-01"


def test_people_without_a_fund_cannot_open_the_dashboard(client):
    editors = penalolen().access.editors
    client.force_login(make_user("editor-sin-fondo@example.org", groups=[editors]))
    assert client.get("/admin/cooperation/").status_code in (302, 403)
    assert client.get("/admin/cooperation/portfolio.csv").status_code in (302, 403)
    assert "/admin/cooperation/" not in client.get("/admin/").content.decode()


def test_csv_of_an_empty_portfolio_has_its_header():
    from portal.exchanges.dashboard import CSV_COLUMNS, Portfolio

    text = portfolio_csv(Portfolio(funds=[], projects=[], fund_of={}))
    assert next(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == CSV_COLUMNS


def test_a_coordinator_cannot_edit_or_add_to_another_fund(client, coordinator, other_fund):
    project = ProjectPage.objects.get(slug="proyecto-andino")
    client.force_login(coordinator)
    edit = f"/admin/pages/{project.pk}/edit/"
    assert client.get(edit).status_code in (302, 403)
    response = client.post(edit, {"title": "Intruso", "slug": "proyecto-andino"})
    assert response.status_code in (302, 403)
    project.refresh_from_db()
    assert project.title == "Proyecto andino" and project.draft_title == "Proyecto andino"
    add = f"/admin/pages/add/exchanges/projectpage/{other_fund.pk}/"
    assert client.get(add).status_code in (302, 403)
    # Nor may they look around the other fund's pages in the explorer.
    assert client.get(f"/admin/pages/{other_fund.pk}/").status_code in (302, 403)
