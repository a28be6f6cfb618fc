"""Peñalolén's demo observatory carries the facts of its seed document (seed 001)."""

import pytest

from portal.observatories.models import ObservatoryPage

pytestmark = pytest.mark.django_db


def test_demo_observatory_holds_the_seed_facts():
    page = ObservatoryPage.objects.get(slug="observatorio-de-gestion-local")
    assert (page.founded_year, page.restructured_year) == (2018, 2021)
    assert "Fundación Paz Ciudadana" in page.history
    assert "Comunidad Interamericana de Observatorios del Delito" in page.networks
    assert page.awards.startswith("2 premios internacionales")
    assert page.lines_of_work.count("<li>") == 3
    assert "Tipología de barrios" in page.products
    assert [(d.name, d.count) for d in page.divisions.all()] == [
        ("Macrosectores", 5),
        ("Unidades vecinales", 31),
    ]
    municipality = page.institution.municipality
    assert (municipality.population, municipality.households) == (270_054, 70_065)
    assert page.holdings.count() >= 5
    assert page.series.count() >= 1
    assert len(page.reports()) >= 1
