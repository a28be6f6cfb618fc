"""Offline maps: outlines from the registry's real boundaries, points placed with the same
projection, and every map paired with a table that gives its figures."""

import json
import re

import pytest
from django.db import connection
from django.db.models import Avg
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.funding.models import Edition, Score
from portal.institutions import maps
from portal.institutions.models import InstitutionPage, Municipality, Region
from portal.practices.models import PracticePage
from tests.factories.funding import published_edition
from tests.factories.institutions import nezahualcoyotl, penalolen
from tests.factories.pages import PracticePageFactory, publish

DATA = maps.MAPS_FILE.parent


@pytest.fixture
def network(db):
    """Peñalolén (Metropolitana, Chile) with two published practices and a draft, and
    Nezahualcóyotl (Mexico) with one practice."""
    chile, mexico = penalolen(), nezahualcoyotl()
    for title in ("Patrullaje preventivo", "Plazas seguras"):
        publish(PracticePageFactory(parent=chile, title=title))
    PracticePageFactory(parent=chile, title="Borrador", live=False)
    publish(PracticePageFactory(parent=mexico, title="Proximidad social"))
    return chile, mexico


def rings(path: str) -> list[list[tuple[float, float]]]:
    """The rings of a path written as 'M x y l dx dy dx dy … z', in drawing units."""
    result = []
    for start_x, start_y, steps in re.findall(r"M(-?[\d.]+) (-?[\d.]+)l([^z]*)z", path):
        x, y = float(start_x), float(start_y)
        ring = [(x, y)]
        numbers = [float(n) for n in steps.split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        result.append(ring)
    return result


def inside(point, path: str) -> bool:
    """Even-odd rule over every ring (so holes count as outside)."""
    px, py = point
    crossings = 0
    for ring in rings(path):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def distance_to_outline(point, path: str) -> float:
    px, py = point
    best = float("inf")
    for ring in rings(path):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = x2 - x1, y2 - y1
            t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / ((dx * dx + dy * dy) or 1)))
            best = min(best, ((x1 + t * dx - px) ** 2 + (y1 + t * dy - py) ** 2) ** 0.5)
    return best


def test_the_outline_file_covers_every_region_of_the_registry_and_stays_small():
    assert maps.MAPS_FILE.stat().st_size < 60_000
    data = json.loads(maps.MAPS_FILE.read_text(encoding="utf-8"))["countries"]
    chile = {r["code"] for r in json.loads((DATA / "cl_comunas.json").read_text())["regions"]}
    mexico = {r["code"] for r in json.loads((DATA / "mx_estados.json").read_text())["regions"]}
    assert set(data["CL"]["regions"]) == chile and len(chile) == 16
    assert set(data["MX"]["regions"]) == mexico and len(mexico) == 32
    for country in data.values():
        for path in country["regions"].values():
            assert rings(path) and all(len(ring) >= 3 for ring in rings(path))


@pytest.mark.parametrize("country", ["CL", "MX"])
def test_every_region_point_lands_in_its_own_drawn_region(country):
    """The build script and the portal project the same way: each registry point (always inside
    its area) falls inside its simplified outline, or within the simplification tolerance."""
    file = "cl_comunas.json" if country == "CL" else "mx_estados.json"
    regions = json.loads((DATA / file).read_text(encoding="utf-8"))["regions"]
    paths = json.loads(maps.MAPS_FILE.read_text(encoding="utf-8"))["countries"][country]["regions"]
    strictly_inside = 0
    for region in regions:
        point = maps.project(country, *region["centroid"])
        assert point is not None, region["name"]
        if inside(point, paths[region["code"]]):
            strictly_inside += 1
        else:
            assert distance_to_outline(point, paths[region["code"]]) < 3, region["name"]
        others = [code for code in paths if code != region["code"]]
        assert not any(inside(point, paths[code]) for code in others if code), region["name"]
    assert strictly_inside >= len(regions) - 2


@pytest.mark.django_db
def test_every_comuna_point_is_drawn_inside_chile_except_the_remote_islands():
    outside = {
        m.name
        for m in Municipality.objects.filter(country__code="CL")
        if maps.project("CL", m.longitude, m.latitude) is None
    }
    assert outside == {"Isla de Pascua", "Juan Fernández"}
    assert sorted(outside) == sorted(maps.outside_frame("CL"))


def test_scales_put_values_in_the_right_class():
    few = maps.count_scale([0, 1, 3])
    assert few.labels == ["1", "2", "3"]
    assert [few.level(v) for v in (0, 1, 2, 3)] == [0, 1, 2, 3]
    many = maps.count_scale([1, 7, 23])
    assert many.labels == ["1–5", "6–10", "11–15", "16–20", "21–23"]
    assert [many.level(v) for v in (0, 1, 5, 6, 23)] == [0, 1, 1, 2, 5]
    with translation.override("en"):
        scores = maps.range_scale([10.0, 60.0])
    assert scores.labels[0] == "10.0–20.0" and scores.labels[-1] == "50.0–60.0"
    with translation.override("es"):
        assert maps.range_scale([10.0, 60.0]).labels[0] == "10,0–20,0"
    assert [scores.level(v) for v in (10.0, 20.0, 20.1, 60.0)] == [1, 1, 2, 5]
    assert maps.count_scale([0, 0]).labels == []


def test_a_map_escapes_its_labels():
    svg = str(
        maps.draw(
            "MX",
            ident="x",
            label="<script>alert(1)</script>",
            levels={"09": (2, '"><img src=x onerror=alert(1)>')},
            markers=[maps.Marker(-99.13, 19.43, "<b>CDMX</b>")],
        )
    )
    assert "<script>" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.count("<circle") == 1


@pytest.mark.django_db
def test_the_network_map_shades_regions_and_its_table_counts_live_pages(client, network):
    html = client.get("/instituciones/").content.decode()
    assert html.count('<svg class="map') == 2  # Chile and Mexico
    assert 'aria-labelledby="network-map-cl-title"' in html
    metropolitana = Region.objects.get(country__code="CL", code="13")
    institutions = InstitutionPage.objects.live().filter(region=metropolitana)
    practices = PracticePage.objects.live().public().filter(institution__in=institutions)
    row = re.search(
        r'<th scope="row"><a href="#region-cl-13">[^<]+</a></th>((?:<td[^>]*>\d+</td>)+)', html
    )
    assert row, "the table has a row for the Metropolitana region"
    figures = [int(n) for n in re.findall(r">(\d+)<", row.group(1))]
    assert figures[:2] == [institutions.count(), practices.count()] == [1, 2]
    # The region with institutions is shaded; one without any is not.
    cl_svg = html[html.index("network-map-cl-title") : html.index("</svg>")]
    assert re.search(r'class="map__area map__area--[1-5]" d="[^"]+"><title>Metropolitana', cl_svg)
    assert cl_svg.count("map__area--0") == 15
    # One dot per institution with a place in the registry.
    placed = [i for i in InstitutionPage.objects.live().filter(country__code="CL") if i.place()]
    assert cl_svg.count('class="map__marker"') == len(placed)

    # A practice taken offline no longer counts.
    practices.first().unpublish()
    html = client.get("/instituciones/").content.decode()
    row = re.search(r'href="#region-cl-13">[^<]+</a></th>((?:<td[^>]*>\d+</td>)+)', html)
    assert [int(n) for n in re.findall(r">(\d+)<", row.group(1))][1] == practices.count()


@pytest.mark.django_db
def test_the_network_map_page_costs_the_same_queries_with_more_institutions(client, network):
    client.get("/instituciones/")
    with CaptureQueriesContext(connection) as before:
        client.get("/instituciones/")
    index = InstitutionPage.objects.first().get_parent()
    for code in ("05101", "08101", "10101"):
        municipality = Municipality.objects.get(country__code="CL", code=code)
        index.add_child(
            instance=InstitutionPage(
                title=f"Municipalidad de {municipality.name}",
                municipality=municipality,
                country=municipality.country,
                region=municipality.region,
            )
        )
    client.get("/instituciones/")  # the snapshot of the site structure is read again once
    with CaptureQueriesContext(connection) as after:
        html = client.get("/instituciones/").content.decode()
    assert "Municipalidad de Valparaíso" in html
    assert len(after) == len(before)


@pytest.mark.django_db
def test_an_institution_page_shows_where_it_is(client, network):
    penalolen = InstitutionPage.objects.get(municipality__code="13122")
    html = client.get(penalolen.url).content.decode()
    svg = html[
        html.index('<svg class="map map--locator') : html.index(
            "</svg>", html.index("map--locator")
        )
    ]
    assert 'class="map__focus"' in svg
    assert re.search(r'map__area--3" d="[^"]+"><title>Metropolitana', svg)
    # Chile is cropped around the point: the view box is shorter than the whole country.
    width, height = (
        float(n) for n in re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg).groups()
    )
    assert height < 2 * width
    assert "Peñalolén, Metropolitana de Santiago, Chile" in html

    # A national body has no place in the registry: no map, rather than a wrong one.
    national = penalolen.get_parent().add_child(
        instance=InstitutionPage(
            title="Agencia nacional de prueba",
            kind=InstitutionPage.Kind.NATIONAL_AGENCY,
            country=penalolen.country,
        )
    )
    html = client.get(national.url).content.decode()
    assert "Agencia nacional de prueba" in html and "map--locator" not in html


@pytest.mark.django_db
def test_the_funding_index_by_region_map_and_table_agree(client):
    published_edition(year=2023)
    edition = Edition.objects.filter(status=Edition.Status.PUBLISHED).latest("year", "version")
    html = client.get("/indice/").content.decode()
    assert 'aria-labelledby="index-map-title"' in html
    table = html[
        html.index('id="regions-caption"') : html.index(
            "</table>", html.index('id="regions-caption"')
        )
    ]
    rows = re.findall(
        r'href="\?region=(\d\d)#ranking-heading">[^<]+</a></th><td class="amount">(\d+)</td><td class="amount">([\d,.]+)</td>',
        table,
    )
    assert len(rows) == 16
    assert (
        sum(int(n) for _code, n, _mean in rows)
        == Score.objects.filter(edition=edition).count()
        == 345
    )
    means = {
        row["municipality__region__code"]: row["mean"]
        for row in Score.objects.filter(edition=edition)
        .values("municipality__region__code")
        .annotate(mean=Avg("score"))
    }
    shown = [(code, float(mean.replace(",", "."))) for code, _n, mean in rows]
    assert [code for code, _mean in shown] == sorted(means, key=lambda c: (-means[c], c))
    for code, mean in shown:
        assert abs(mean - float(means[code])) < 0.051
    # The highest mean is in the darkest class, the lowest in the lightest.
    svg = html[html.index("index-map-title") : html.index("</svg>", html.index("index-map-title"))]
    assert svg.count("map__area--5") >= 1 and svg.count("map__area--1") >= 1
    assert "map__area--0" not in svg
