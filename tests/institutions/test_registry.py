import json

import pytest

from portal.institutions.models import Municipality, Region
from portal.institutions.services import CHILE_FILE, import_bundled

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_all_chilean_comunas_and_regions_are_imported():
    assert Municipality.objects.filter(country__code="CL").count() == 345
    assert Region.objects.filter(country__code="CL").count() == 16
    assert sorted(Region.objects.filter(country__code="CL").values_list("code", flat=True)) == [
        f"{n:02d}" for n in range(1, 17)
    ]


def test_mexican_states_and_municipios_are_imported():
    assert Region.objects.filter(country__code="MX").count() == 32
    assert Region.objects.get(country__code="MX", code="09").name == "Ciudad de México"
    neza = Municipality.objects.get(country__code="MX", code="15058")
    assert neza.name == "Nezahualcóyotl"
    assert neza.region.code == "15"


@pytest.mark.parametrize(
    ("code", "name", "region"),
    [
        ("13122", "Peñalolén", "13"),
        ("13101", "Santiago", "13"),
        ("15101", "Arica", "15"),
        ("12101", "Punta Arenas", "12"),
        ("16101", "Chillán", "16"),
    ],
)
def test_cut_codes_match_the_official_division(code, name, region):
    comuna = Municipality.objects.get(country__code="CL", code=code)
    assert comuna.name == name
    assert comuna.region.code == region


def test_every_comuna_matches_the_source_file_and_has_a_location():
    source = json.loads(CHILE_FILE.read_text(encoding="utf-8"))
    expected = {(m["code"], m["name"], m["region"]) for m in source["municipalities"]}
    imported = set(
        Municipality.objects.filter(country__code="CL").values_list("code", "name", "region__code")
    )
    assert imported == expected
    for comuna in Municipality.objects.filter(country__code="CL"):
        assert comuna.code.startswith(comuna.region.code)
        assert -56 < comuna.latitude < -17 and -110 < comuna.longitude < -66
        assert comuna.boundary["type"] in {"Polygon", "MultiPolygon"}


def test_first_import_reported_what_it_created(first_import_report):
    assert first_import_report.created["municipalities"] == 345 + 2465
    assert first_import_report.created["regions"] == 16 + 32


@pytest.mark.smoke
def test_reimport_creates_nothing_and_reports_unchanged():
    before = Municipality.objects.count(), Region.objects.count()
    report = import_bundled()
    assert (Municipality.objects.count(), Region.objects.count()) == before
    assert report.created == {"regions": 0, "municipalities": 0}
    assert report.updated == {"regions": 0, "municipalities": 0}
    assert report.unchanged["municipalities"] == before[0]


def test_reimport_repairs_a_changed_record():
    Municipality.objects.filter(country__code="CL", code="13122").update(name="Penalolen")
    report = import_bundled()
    assert report.updated["municipalities"] == 1
    assert Municipality.objects.get(country__code="CL", code="13122").name == "Peñalolén"


def test_bad_record_in_a_registry_file_aborts_the_whole_import(tmp_path):
    from portal.institutions.services import RegistryImportError, import_registry_json

    data = {
        "regions": [{"code": "13", "name": "Región renombrada", "centroid": [-70.6, -33.4]}],
        "municipalities": [
            {"code": "13999", "name": "Comuna nueva", "region": "13", "centroid": [-70.6, -33.4]},
            {"code": "13998", "name": "Comuna rota", "region": "13", "centroid": [-70.6, -933.4]},
        ],
    }
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RegistryImportError, match="municipality #2.*outside the globe"):
        import_registry_json(path, country_code="CL")
    assert Region.objects.get(country__code="CL", code="13").name == "Metropolitana de Santiago"
    assert not Municipality.objects.filter(code="13999").exists()
