"""The network in figures and the network map: published content counted by country, region,
theme and year, for the content registry's counted types."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.text import capfirst

from portal.core import content
from portal.exchanges.models import ProjectActivity, ProjectPage
from portal.institutions.models import InstitutionPage, Region
from portal.network.figures import network_figures
from portal.practices.models import PracticePage
from tests.factories.network import build_network
from tests.factories.pages import (
    InstitutionPageFactory,
    PracticePageFactory,
    ProjectPageFactory,
    publish,
)

pytestmark = pytest.mark.django_db


def activity(year: int, title: str) -> ProjectActivity:
    return ProjectActivity(
        kind="internship",
        title=title,
        start_date=datetime.date(year, 5, 1),
        participants_in_person=12,
    )


@pytest.fixture(autouse=True)
def network(db, django_capture_on_commit_callbacks):
    """Peñalolén (Chile) and Nezahualcóyotl (Mexico) with one published item of every content
    type (``build_network``; the Mexican practice is about police trust); their projects hold
    activities in 2022 and 2023, and a draft project one that must not count."""
    with django_capture_on_commit_callbacks(execute=True):
        built = build_network()
        for country, years in (("CL", (2022, 2023)), ("MX", (2023,))):
            project = built.item("projects", country).get_latest_revision_as_object()
            project.activities = [activity(year, f"Pasantía {year}") for year in years]
            publish(project)
        ProjectPageFactory(live=False, activities=[activity(2021, "Borrador")])
    return built


def test_the_figures_count_published_content_only(hidden):
    figures = network_figures()
    # Columns: institutions, good practices, manuals, programs, observatories, reports, …
    totals = figures["totals"].values
    assert totals[0] == InstitutionPage.objects.live().public().count()
    assert totals[1] == PracticePage.objects.live().public().count()
    chile = next(row for row in figures["by_country"] if row.label == "Chile")
    chilean = PracticePage.objects.live().public().filter(institution__country__code="CL")
    assert chile.values[1] == chilean.count()
    projects = ProjectPage.objects.live().public()
    activities = ProjectActivity.objects.filter(page__in=projects)
    assert figures["reach"]["activities"] == activities.count() == 3
    assert sum(row.values[1] for row in figures["over_time"]) == activities.count()
    police = next(r for r in figures["practices_by_theme"] if r.label == "Confianza en la policía")
    assert police.total == chilean.filter(themes__slug="confianza-en-la-policia").count() + (
        PracticePage.objects.live()
        .public()
        .filter(institution__country__code="MX", themes__slug="confianza-en-la-policia")
        .count()
    )


def test_the_page_in_both_languages_with_a_fixed_number_of_queries(client):
    response = client.get("/red-en-cifras/")
    assert response.status_code == 200
    assert "La red en cifras" in response.text and "<table" in response.text
    english = client.get("/en/network-in-figures/")
    assert english.status_code == 200
    assert "The network in figures" in english.text
    assert re.search(r"<th scope=\"row\">Mexico</th>", english.text)
    with CaptureQueriesContext(connection) as queries:
        client.get("/red-en-cifras/")
    assert len(queries) <= 45  # one query per figure, whatever the amount of content
    home = client.get("/")
    assert 'href="/red-en-cifras/"' in home.text


def test_bar_chart_lengths_are_proportional_and_stacked():
    from portal.core.charts import Bar, bar_chart

    html = str(bar_chart([Bar("2021", [30, 10]), Bar("<b>2022</b>", [5, 15])], series=2))
    widths = [float(w) for w in re.findall(r'width="([\d.]+)"', html)]
    starts = [float(x) for x in re.findall(r' x="([\d.]+)"', html)]
    assert widths == [75.0, 25.0, 12.5, 37.5]  # the longest bar (40) fills the track
    assert starts == [0.0, 75.0, 0.0, 12.5]  # the second value starts where the first ends
    assert "<b>" not in html and "&lt;b&gt;2022" in html
    assert 'aria-hidden="true"' in html and "style=" not in html
    assert str(bar_chart([Bar("2021", [0])])) == ""


def test_the_page_draws_the_theme_chart_from_the_table(client):
    html = client.get("/red-en-cifras/").content.decode()
    figures = network_figures()
    chart = html[
        html.index('<ul class="bar-chart"') : html.index(
            "</ul>", html.index('<ul class="bar-chart"')
        )
    ]
    labels = re.findall(r'bar-chart__label">([^<]+)<', chart)
    values = [int(v) for v in re.findall(r'bar-chart__value">(\d+)<', chart)]
    assert labels == [row.label for row in figures["practices_by_theme"]]
    assert values == [row.total for row in figures["practices_by_theme"]]
    assert 'href="/instituciones/"' in html


def test_a_series_is_summed_up_in_one_sentence():
    from decimal import Decimal

    from django.utils import translation

    from portal.core.charts import describe_change

    with translation.override("en"):
        fell = describe_change([("2018", Decimal(9850)), ("2022", Decimal(6880))], "reports")
        assert fell.startswith("Fell from 9,850 reports in 2018 to 6,880 reports in 2022 (-30.2 %)")
        rose = describe_change(
            [("2018", Decimal(38)), ("2020", Decimal(40)), ("2022", Decimal(49))], "%"
        )
        assert rose == "Rose from 38 % in 2018 to 49 % in 2022 (+28.9 %). 3 values."
        assert describe_change([("2020", Decimal(0)), ("2021", Decimal(4))]).startswith(
            "Rose from 0"
        )
        assert describe_change([]) == ""


def test_the_columns_are_the_registrys_counted_types():
    with translation.override("en"):
        figures = network_figures()
        expected = [
            capfirst(entry.name)
            for entry in content.content_types()
            if entry.counted and entry.country_path
        ]
        assert figures["columns"] == expected
        assert figures["columns"][:2] == ["Institutions", "Good practices"]


def _region_row(html, country, region):
    row = re.search(
        rf'href="#region-{country}-{region}">[^<]+</a></th>((?:<td[^>]*>\d+</td>)+)', html
    )
    return [int(n) for n in re.findall(r">(\d+)<", row.group(1))] if row else None


def test_a_published_practice_counts_for_its_owners_country_and_region(client):
    region = Region.objects.get(country__code="CL", code="05")
    figures = network_figures()
    chile = next(row for row in figures["by_country"] if row.label == "Chile")
    before_map = _region_row(client.get("/instituciones/").text, "cl", "05") or [0, 0]

    institution = InstitutionPageFactory(summary="Una institución de prueba.", region=region)
    PracticePageFactory(parent=institution, summary="Publicada.")
    PracticePageFactory(parent=institution, summary="Borrador.", live=False)

    after = network_figures()
    chile_after = next(row for row in after["by_country"] if row.label == "Chile")
    assert chile_after.values[:2] == [chile.values[0] + 1, chile.values[1] + 1]
    assert after["totals"].values[:2] == [v + 1 for v in figures["totals"].values[:2]]
    # The map's table: institutions, then the counted types they own (the draft does not count).
    after_map = _region_row(client.get("/instituciones/").text, "cl", "05")
    assert after_map[:2] == [before_map[0] + 1, before_map[1] + 1]
