"""The practice listing, its facets and sorts, manuals, lineage and related practices, over the
five practices of ``network`` (conftest)."""

import pytest

from portal.practices.models import PracticePage

pytestmark = pytest.mark.django_db


def facets(response):
    return {
        facet.param: {v.value: (v.count, v.selected) for v in values}
        for facet, values in response.context["listing"].counts()
    }


def titles(response):
    return [page.title for page in response.context["items"]]


def test_listing_shows_every_live_practice_with_counts(client, network):
    response = client.get("/practicas/")
    assert response.status_code == 200
    assert len(titles(response)) == PracticePage.objects.live().count() == 5
    counts = facets(response)
    assert counts["country"] == {"CL": (4, False), "MX": (1, False)}
    assert counts["impact"]["insufficient"] == (1, False)


def test_filters_combine_and_counts_follow_the_other_filters(client, network):
    response = client.get("/practicas/", {"country": "CL", "approach": "proximidad-policial"})
    assert titles(response) == ["Modelo de agentes preventivos de proximidad social"]
    counts = facets(response)
    # Country counts ignore the country filter itself but apply the approach filter.
    assert counts["country"] == {"CL": (1, True), "MX": (1, False)}
    assert counts["approach"]["proximidad-policial"] == (1, True)


def test_values_of_one_facet_are_alternatives(client, network):
    response = client.get("/practicas/?theme=deporte&theme=confianza-en-la-policia")
    assert set(titles(response)) == {
        "Proyecto Ciudadanía Deportiva",
        "Modelo de agentes preventivos de proximidad social",
        "Modelo de seguridad ciudadana con proximidad social",
    }


def test_unknown_and_malformed_filters_are_ignored_with_a_notice(client, network):
    response = client.get(
        "/practicas/", {"theme": "no-existe", "year": "dos mil", "sort": "'; DROP"}
    )
    assert response.status_code == 200
    assert len(titles(response)) == 5
    assert len(response.context["listing"].notices) == 2
    assert response.context["sort"] == "recent"


def test_drafts_never_appear_in_the_listing(client, network):
    practice = network["ciudadania-deportiva"]
    practice.unpublish()
    response = client.get("/practicas/", {"theme": "deporte"})
    assert practice.title not in titles(response)
    assert (
        "deporte" not in facets(response)["theme"]
        or facets(client.get("/practicas/"))["theme"].get("deporte") is None
    )


def test_sorting_and_a_shareable_url(client, network):
    response = client.get("/practicas/?sort=title")
    assert titles(response) == sorted(titles(response))
    again = client.get("/practicas/?sort=title")
    assert titles(again) == titles(response)


def test_query_count_does_not_grow_with_results(client, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/practicas/").status_code == 200
        return len(captured)

    client.get("/practicas/")  # warm caches (site, locales)
    before = queries()
    penalolen = PracticePage.objects.first().institution
    for number in range(3):
        extra = PracticePage(title=f"Extra {number}", slug=f"extra-{number}", summary="Resumen.")
        penalolen.add_child(instance=extra)
        extra.save_revision().publish()
    client.get("/practicas/")  # the snapshot of the site structure is read again once
    assert queries() == before


def test_manual_library_lists_manuals_with_their_pdf(client, network):
    response = client.get("/practicas/manuales/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Manual del proyecto Ciudadanía Deportiva" in html
    assert ".pdf" in html.lower() or "PDF" in html


def test_lineage_shows_on_both_practices(client, network):
    original = network["modelo-de-proximidad-social"]
    adaptation = network["agentes-preventivos-de-proximidad-social"]
    assert adaptation.adapted_from == original
    assert original.institution.country.code == "MX" and adaptation.institution.country.code == "CL"
    assert adaptation.title in client.get(original.url).content.decode()
    assert original.title in client.get(adaptation.url).content.decode()


def test_related_practices_share_terms_most_shared_first_and_are_live(network):
    from portal.practices.models import related_practices

    practice = PracticePage.objects.live().get(slug="ciudadania-deportiva")
    themes = set(practice.themes.values_list("pk", flat=True))
    populations = set(practice.target_populations.values_list("pk", flat=True))

    def shared(page):
        return len(themes & set(page.themes.values_list("pk", flat=True))) + len(
            populations & set(page.target_populations.values_list("pk", flat=True))
        )

    expected = sorted(
        (p for p in PracticePage.objects.live().exclude(pk=practice.pk) if shared(p)),
        key=lambda p: (-shared(p), -p.first_published_at.timestamp()),
    )[:4]
    related = related_practices(practice)
    assert related and [p.pk for p in related] == [p.pk for p in expected]
    assert [p.shared for p in related] == [shared(p) for p in expected]

    expected[0].unpublish()
    assert expected[0].pk not in [p.pk for p in related_practices(practice)]


def test_related_practices_weigh_the_recent_practices_of_each_term(network, monkeypatch):
    """Each term brings its most recently created practices; unpublished ones are passed over."""
    from portal.practices.models import practice as practice_models

    practice = PracticePage.objects.live().get(slug="ciudadania-deportiva")
    everyone = {p.pk for p in practice_models.related_practices(practice, limit=10)}
    assert len(everyone) >= 2

    monkeypatch.setattr(practice_models, "RECENT_PER_TERM", 1)
    newest = set()
    for name in ("themes", "target_populations"):
        for term in getattr(practice, name).all():
            pages = term.practices_practicepage_pages.order_by("-pk")
            newest.add(pages.values_list("pk", flat=True)[0])
    newest.discard(practice.pk)
    found = {p.pk for p in practice_models.related_practices(practice, limit=10)}
    assert found and found <= newest
    assert found < everyone | newest

    # Only the best-ranked candidates are read first; when too few of them are live, the rest are.
    monkeypatch.setattr(practice_models, "RECENT_PER_TERM", 200)
    monkeypatch.setattr(practice_models, "CHECKED", 1)
    best = practice_models.related_practices(practice, limit=10)
    assert {p.pk for p in best} == everyone
    best[0].unpublish()
    after = practice_models.related_practices(practice, limit=10)
    assert {p.pk for p in after} == everyone - {best[0].pk}


def test_a_long_facet_lists_the_most_frequent_values_and_every_chosen_one(
    client, network, monkeypatch
):
    from portal.core import listing

    monkeypatch.setattr(listing, "MAX_FACET_VALUES", 1)
    response = client.get("/practicas/")
    counts = facets(response)
    assert counts["country"] == {"CL": (4, False)}  # MX (1) is the less frequent one
    assert "1 valor menos frecuente no aparece" in response.content.decode()
    chosen = facets(client.get("/practicas/", {"country": "MX"}))
    assert chosen["country"] == {"MX": (1, True)}


def test_partner_institutions_show_when_there_are_some(client, network):
    from portal.institutions.models import InstitutionPage

    practice = PracticePage.objects.live().get(slug="ciudadania-deportiva")
    assert "Instituciones socias" not in client.get(practice.url).content.decode()
    partner = InstitutionPage.objects.live().exclude(pk=practice.institution_id).first()
    revision = practice.get_latest_revision_as_object()
    revision.partner_institutions = [partner]
    revision.save_revision().publish()
    client.get(practice.url)  # (the first visit after a change reads the structure again)
    html = client.get(practice.url).content.decode()
    assert "Instituciones socias" in html and partner.title in html
