"""The network in figures: published content counted by country, theme and year."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.numbers import network_numbers
from portal.exchanges.models import ProjectActivity, ProjectPage
from portal.institutions.models import InstitutionPage
from portal.practices.models import PracticePage

pytestmark = pytest.mark.django_db


def test_the_figures_count_published_content_only(hidden):
    figures = network_numbers()
    # Columns: institutions, good practices, manuals, programs, observatories, reports, …
    totals = figures["totals"].values
    assert totals[0] == InstitutionPage.objects.live().public().count()
    assert totals[1] == PracticePage.objects.live().public().count()
    chile = next(row for row in figures["by_country"] if row.label == "Chile")
    chilean = PracticePage.objects.live().public().filter(institution__country__code="CL")
    assert chile.values[1] == chilean.count()
    projects = ProjectPage.objects.live().public()
    activities = ProjectActivity.objects.filter(page__in=projects)
    assert figures["reach"]["activities"] == activities.count()
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
