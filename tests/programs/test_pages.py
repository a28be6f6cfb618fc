"""Program pages, the listing's filters, model pages and the institution page's summary, over
the six programs of ``programs`` (conftest)."""

import pytest
from wagtail.models import Page

from portal.programs.models import PreventionModel, ProgramIndicator, ProgramPage

pytestmark = pytest.mark.django_db


def programs_in(response):
    return {item.slug for item in response.context["items"]}


def test_programs_store_the_status_of_their_targets(programs):
    crianza = ProgramPage.objects.get(slug="plan-de-crianza-positiva")
    assert crianza.indicators.count() == 2
    # One indicator met its 2023 target, the other improved on its baseline without meeting it.
    assert [i.status for i in crianza.indicators.all()] == ["met", "partly"]
    assert crianza.target_status == "partly"
    assert ProgramPage.objects.get(slug="numero-de-seguridad-1461").target_status == "met"
    # Lower is better: 21 minutes against a target of 18, from a baseline of 25.
    assert ProgramPage.objects.get(slug="servicio-de-vigilancia-preventiva").target_status == (
        "partly"
    )
    assert ProgramPage.objects.get(slug="catc-nezahualcoyotl").target_status == "no_data"


def test_program_page_shows_each_indicator_with_chart_and_table(client, programs):
    page = ProgramPage.objects.get(slug="servicio-de-vigilancia-preventiva")
    html = client.get(page.url).content.decode()
    assert "Tiempo medio de respuesta a requerimientos vecinales" in html
    assert "Menos es mejor" in html
    assert "Cumplida en parte" in html
    assert "<svg" in html and "chart--trend" in html
    assert "<table" in html and ">21<" in html and ">18<" in html
    assert "Valor ilustrativo" in html  # the values' source is shown
    assert "/programas/modelos/proximidad-social/" in html


def test_listing_filters_by_targets_model_and_country(client, programs):
    response = client.get("/programas/")
    assert response.status_code == 200
    assert (
        programs_in(response)
        == set(programs)
        == set(ProgramPage.objects.live().public().values_list("slug", flat=True))
    )
    met = client.get("/programas/?targets=met")
    assert programs_in(met) == {"numero-de-seguridad-1461"}
    model = client.get("/programas/?model=promocion-de-derechos-y-prevencion-social&country=MX")
    assert programs_in(model) == {"procuraduria-del-adulto-mayor", "catc-nezahualcoyotl"}
    # Counts of the other facets follow the active filters.
    counts = {facet.param: values for facet, values in model.context["listing"].counts()}
    targets = {value.value: value.count for value in counts["targets"]}
    assert targets == {"no_data": 2}


def test_unknown_filter_values_are_ignored_with_a_notice(client, programs):
    response = client.get("/programas/?targets=excelente&model=<script>")
    assert response.status_code == 200
    assert len(response.context["listing"].notices) == 2
    assert "<script>" not in response.content.decode()


def test_model_page_lists_programs_across_countries(client, programs):
    response = client.get("/programas/modelos/promocion-de-derechos-y-prevencion-social/")
    assert response.status_code == 200
    slugs = {p.slug for p in response.context["programs"]}
    assert {"plan-de-crianza-positiva", "catc-nezahualcoyotl"} <= slugs
    assert {c.code for c in response.context["countries"]} == {"CL", "MX"}
    assert client.get("/programas/modelos/no-existe/").status_code == 404
    index = client.get("/programas/modelos/")
    assert "Modelo de Seguridad Ciudadana con Proximidad Social" in index.content.decode()


def test_model_page_in_english(client, programs):
    response = client.get("/en/programas/models/proximidad-social/")
    assert response.status_code == 200
    assert "Citizen Security Model with Social Proximity" in response.content.decode()


def test_drafts_never_count_on_a_model_page(client, programs):
    penalolen = programs["plan-de-crianza-positiva"].institution
    term = PreventionModel.objects.get(slug="proximidad-social", locale__language_code="es")
    draft = ProgramPage(title="Borrador", slug="borrador", summary="s", prevention_model=term)
    penalolen.add_child(instance=draft)
    draft.unpublish()
    response = client.get("/programas/modelos/proximidad-social/")
    assert "borrador" not in {p.slug for p in response.context["programs"]}


def test_institution_page_shows_each_programs_target_status(client, programs):
    html = client.get(programs["plan-de-crianza-positiva"].institution.url).content.decode()
    assert "badge--target-met" in html and "badge--target-partly" in html


def test_status_is_recomputed_when_a_new_value_is_published(programs):
    page = ProgramPage.objects.get(slug="numero-de-seguridad-1461")
    indicator = page.indicators.first()
    values = [dict(block.value) for block in indicator.measurements]
    values.append({"period": "2024", "target": 95, "actual": 80, "source": "Registro"})
    indicator.measurements = [("value", v) for v in values]
    page.indicators = [indicator]
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.target_status == "not_met"  # 80 is below both the target and the baseline 85


def test_listing_query_count_does_not_grow_with_programs(client, programs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/programas/").status_code == 200
        return len(captured)

    client.get("/programas/")
    before = queries()
    penalolen = programs["plan-de-crianza-positiva"].institution
    for number in range(3):
        extra = ProgramPage(
            title=f"Extra {number}",
            slug=f"extra-{number}",
            summary="Resumen.",
            prevention_model=PreventionModel.objects.filter(locale__language_code="es").first(),
            indicators=[ProgramIndicator(name="x", unit="%", measurements=[])],
        )
        penalolen.add_child(instance=extra)
        extra.save_revision().publish()
    client.get("/programas/")  # the snapshot of the site structure is read again once
    assert queries() == before
    assert Page.objects.filter(slug="extra-2").exists()


def test_indicator_values_are_edited_in_the_admin_and_bad_periods_refused(client, programs):
    from django.contrib.auth import get_user_model

    from tests.factories.admin_forms import editor_form_data

    admin = get_user_model().objects.create_superuser("raiz-p", "raiz-p@example.org", "x-long-1")
    client.force_login(admin)
    page = ProgramPage.objects.get(slug="numero-de-seguridad-1461")
    url = f"/admin/pages/{page.pk}/edit/"
    # The stream of values is built by the editor's JavaScript; post it as the browser would.
    values = [
        {"period": "2022", "target": "90", "actual": "91", "source": "Central 1461"},
        {"period": "2023", "target": "92", "actual": "80", "source": "Central 1461"},
    ]
    data = {**editor_form_data(client, url), **measurements_form(values)}
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.target_status == "not_met"

    values[1]["period"] = "2023-13"
    data = {**editor_form_data(client, url), **measurements_form(values)}
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    assert "2023-S1" in response.content.decode()  # the message says how to write a period
    page.refresh_from_db()
    assert page.target_status == "not_met"


def measurements_form(values: list[dict]) -> dict:
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    return nested_form_data(
        {"indicators-0-measurements": streamfield([("value", value) for value in values])}
    )
