"""The public pages of the index, the "municipalities like mine" filters, and the admin."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from portal.accounts.models import MODERATORS_GROUP
from portal.funding.models import Edition, Score, Variable
from portal.institutions.models import Municipality
from tests.accounts.conftest import make_user
from tests.factories.funding import published_edition
from tests.factories.institutions import penalolen
from tests.factories.pages import PracticePageFactory, publish

pytestmark = pytest.mark.django_db

INDEX = "/indice/"
PENALOLEN = "13122"


@pytest.fixture
def edition(django_capture_on_commit_callbacks):
    """The published 2023 edition over the 345 comunas (illustrative values, two variables, 40
    comunas in each urgent group), and Peñalolén's institution with a published practice, indexed
    for search after the commit as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        edition = published_edition(year=2023, urgent_sizes="40, 40, 40", illustrative=True)
        publish(PracticePageFactory(parent=penalolen(), title="Patrullaje preventivo"))
    return Edition.objects.get(pk=edition.pk)


def test_the_current_edition_shows_formula_groups_allocation_and_ranking(client, edition):
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["rows"]) == 345
    assert [g.count for g in response.context["groups"]] == [40, 40, 40, 113, 112]
    assert "<svg" in html and "chart__boundary" in html
    for variable in edition.variables.all():
        assert variable.name in html
    years = response.context["allocations"]
    assert [y["year"] for y in years] == [2023, 2024]
    assert {r.group for r in years[0]["rows"]} == {"U1", "U2", "U3", "A"}
    assert {r.group for r in years[1]["rows"]} == {"U1", "U2", "U3", "B"}
    # Illustrative inputs and placeholder weights are said, not hidden.
    assert response.context["edition"].illustrative
    assert "2023/v1/csv/ranking/" in html and "2023/v1/csv/inputs/" in html


def test_ranking_filters_by_region_group_and_name_and_sorts(client, edition):
    metropolitana = client.get(INDEX, {"region": "13"}).context["rows"]
    assert metropolitana and all(r.municipality.region.code == "13" for r in metropolitana)
    urgent = client.get(INDEX, {"group": "U1"}).context["rows"]
    assert len(urgent) == 40 and {r.group for r in urgent} == {"U1"}
    found = client.get(INDEX, {"q": "penalolen"}).context["rows"]
    assert [r.municipality.code for r in found] == [PENALOLEN]
    by_name = [r.municipality.name for r in client.get(INDEX, {"sort": "name"}).context["rows"]]
    assert by_name == sorted(by_name)
    by_score = [r.score for r in client.get(INDEX, {"sort": "-score"}).context["rows"]]
    assert by_score == sorted(by_score)


def test_unknown_filters_are_ignored_with_a_notice(client, edition):
    response = client.get(INDEX, {"region": "99", "group": "Z9", "sort": "';drop"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 345
    assert len(response.context["notices"]) == 2


def test_a_municipality_page_breaks_the_score_down(client, edition):
    response = client.get(f"{INDEX}2023/v1/{PENALOLEN}/")
    assert response.status_code == 200
    score = response.context["score"]
    rows = response.context["rows"]
    assert len(rows) == edition.variables.count() == 2
    total = sum(Decimal(row["contribution"]) for row in rows)
    assert abs(total - score.score) <= Decimal("0.0006")  # each part rounded to 4 places
    assert response.context["institution"].slug == "penalolen"
    assert client.get(f"{INDEX}2023/v1/99999/").status_code == 404
    assert client.get(f"{INDEX}1999/").status_code == 404
    assert client.get(f"{INDEX}2023/v9/").status_code == 404
    assert client.get(f"{INDEX}2023/").url.endswith("/indice/2023/v1/")


def test_downloads_round_trip_with_the_database(client, edition):
    response = client.get(f"{INDEX}2023/v1/csv/ranking/")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == 345
    stored = {
        s.municipality.code: s
        for s in Score.objects.filter(edition=edition).select_related("municipality")
    }
    for row in rows:
        score = stored[row["code"]]
        assert int(row["rank"]) == score.rank and row["group"] == score.group
        assert Decimal(row["score"]) == score.score
    inputs = list(
        csv.DictReader(io.StringIO(client.get(f"{INDEX}2023/v1/csv/inputs/").content.decode()))
    )
    assert len(inputs) == 345 * 2
    assert client.get(f"{INDEX}2023/v1/csv/other/").status_code == 404


def test_the_institution_page_shows_its_group_and_score(client, edition):
    score = Score.objects.get(edition=edition, municipality__code=PENALOLEN)
    html = client.get(penalolen().url).content.decode()
    assert f"2023/v1/{PENALOLEN}/" in html
    assert f"?group={score.group}" in html


def test_listings_and_search_filter_by_the_owners_group(client, edition):
    group = Municipality.objects.get(country__code="CL", code=PENALOLEN).index_group
    other = next(g for g in ("U1", "U2", "U3", "A", "B") if g != group)
    mine = client.get("/practicas/", {"group": group})
    titles = {p.title for p in mine.context["items"]}
    assert titles and all(
        p.institution.municipality.index_group == group for p in mine.context["items"]
    )
    others = client.get("/practicas/", {"group": other})
    if Municipality.objects.filter(index_group=other, institutions__isnull=False).exists():
        assert all(p.institution.municipality.index_group == other for p in others.context["items"])
    else:  # no publishing municipality in that group: the filter is ignored, and said so
        assert others.context["listing"].notices
    found = client.get("/buscar/", {"group": group}).context["result"]
    assert found.total > 0 and all(e.index_group == group for e in found.entries)
    group_facet = next(f for f in found.facets if f.param == "group")
    assert group in {o.value for o in group_facet.options}


def test_only_moderators_manage_editions(client, edition):
    editor = make_user("editor.indice@example.org")
    client.force_login(editor)
    assert client.get("/admin/funding-index/").status_code in (302, 403)
    moderator = make_user("moderadora.indice@example.org")
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    client.force_login(moderator)
    assert client.get("/admin/funding-index/").status_code == 200
    # A published edition's edit screen sends the moderator back; nothing changes.
    response = client.get(f"/admin/snippets/funding/edition/edit/{edition.pk}/")
    assert response.status_code == 302
    response = client.post(f"/admin/funding-index/{edition.pk}/compute/")
    assert Edition.objects.get(pk=edition.pk).computed_at == edition.computed_at


def test_the_admin_import_reports_bad_lines(client):
    moderator = make_user("moderador.import@example.org")
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    client.force_login(moderator)
    draft = Edition.objects.create(name="Borrador", year=2027)
    Variable.objects.create(edition=draft, key="delitos", name="Delitos")
    upload = io.BytesIO(b"code,variable,value\n13122,delitos,abc\n00000,delitos,1\n")
    upload.name = "valores.csv"
    response = client.post(f"/admin/funding-index/{draft.pk}/import/", {"file": upload})
    assert response.status_code == 200
    lines = [line for line, _reason in response.context["problems"]]
    assert lines == [2, 3]
    assert not draft.values.exists()


def test_the_index_page_needs_a_fixed_number_of_queries(
    client, edition, django_assert_max_num_queries
):
    client.get(INDEX)  # warm caches (site, locales); 31 includes the one query of the region map
    with django_assert_max_num_queries(31):
        response = client.get(INDEX, {"group": "U1"})
    assert len(response.context["rows"]) == 40
    with django_assert_max_num_queries(31):
        response = client.get(INDEX)
    assert len(response.context["rows"]) == 345
