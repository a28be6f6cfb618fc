"""Importing indicator series from CSV: good files land as a reviewed revision; a bad file is
refused with each line and its reason, and nothing of it is saved."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Revision

from portal.core.csvimport import CsvImportError
from portal.observatories.models import ObservatoryPage
from portal.observatories.services import import_series
from tests.accounts.conftest import make_user

from .conftest import institution

pytestmark = pytest.mark.django_db

GOOD = (
    "indicador;territorio;periodo;valor;unidad;fuente;nivel;tema\n"
    # Adds 2023 to Peñalolén's series (matched without accents or case) and corrects 2022.
    "DENUNCIAS DE DELITOS;penalolen;2023;6.512;denuncias;Fiscalía;;\n"
    "Denuncias de delitos;Peñalolén;2022;6.900;;;;\n"
    # A new series per macro-sector, with its level and theme.
    "Llamados al 1461;Macrosector 1;2021-01;312;llamados;Central 1461;macrosector;Percepción de inseguridad\n"
    "Llamados al 1461;Macrosector 1;2021-02;298,5;llamados;Central 1461;macrosector;percepcion-de-inseguridad\n"
).encode()


@pytest.fixture
def observatory(penalolen_observatory):
    return penalolen_observatory


def snapshot(observatory):
    observatory.refresh_from_db()
    return (
        Revision.page_revisions.filter(object_id=str(observatory.pk)).count(),
        observatory.has_unpublished_changes,
        [(s.indicator, s.territory, s.unit, s.points()) for s in observatory.series.all()],
    )


def test_a_good_file_extends_a_series_and_creates_another_as_a_draft(observatory):
    before = snapshot(observatory)
    report = import_series(observatory=observatory, data=GOOD)
    assert (report.series_created, report.values_created, report.values_updated) == (1, 3, 1)
    assert not report.published
    # The live page does not change until the revision is reviewed and published.
    assert snapshot(observatory)[2] == before[2]
    draft = observatory.get_latest_revision_as_object()
    series = {(s.indicator, s.territory): s for s in draft.series.all()}
    crimes = series[("Denuncias de delitos", "Peñalolén")]
    points = dict(crimes.points())
    assert points["2023"] == Decimal("6512") and points["2022"] == Decimal("6900")
    assert points["2018"] == Decimal("9850")  # untouched periods stay
    calls = series[("Llamados al 1461", "Macrosector 1")]
    assert (calls.unit, calls.level, calls.source) == ("llamados", "sector", "Central 1461")
    assert calls.theme.slug == "percepcion-de-inseguridad"
    assert calls.points() == [("2021-01", Decimal("312")), ("2021-02", Decimal("298.5"))]


def test_publishing_the_import_updates_the_live_series_and_their_keys(observatory):
    report = import_series(observatory=observatory, data=GOOD, publish=True)
    assert report.published
    observatory.refresh_from_db()
    calls = observatory.series.get(territory="Macrosector 1")
    assert (calls.indicator_key, calls.unit_key) == ("llamados al 1461", "llamados")
    assert observatory.series.count() == 3


def test_importing_the_same_file_twice_updates_instead_of_duplicating(observatory):
    import_series(observatory=observatory, data=GOOD, publish=True)
    report = import_series(observatory=observatory, data=GOOD, publish=True)
    assert (report.series_created, report.values_created, report.values_updated) == (0, 0, 4)
    observatory.refresh_from_db()
    assert observatory.series.count() == 3


HEADER = b"indicator,territory,period,value,unit\n"


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "vac"),
        (b"indicator,period,value\nX,2023,3\n", 1, "territory"),
        (HEADER, 2, "ninguna fila"),
        (HEADER + b"X,Comuna,2023,abc,%\n", 2, "abc"),
        (HEADER + b"X,Comuna,2023,,%\n", 2, "vac"),
        (HEADER + b"X,Comuna,23,4,%\n", 2, "23"),
        (HEADER + b",Comuna,2023,4,%\n", 2, "territorio"),
        (HEADER + b"X,Comuna,2023,4,%\nx,comuna,2023,5,%\n", 3, "dos veces"),
        (HEADER + b"Nuevo,Comuna,2023,4,\n", 2, "unidad"),
        (HEADER + b"X,Comuna,2023,1e400,%\n", 2, "rango"),
        # A series keeps its unit: a count cannot continue a series of rates, or vice versa.
        (
            HEADER + b"Denuncias de delitos,Pe\xc3\xb1alol\xc3\xa9n,2023,41.2,tasa por 1000 hab.\n",
            2,
            "se mide en",
        ),
        # One kind of period per series.
        (
            HEADER + b"Denuncias de delitos,Pe\xc3\xb1alol\xc3\xa9n,2023-05,500,denuncias\n",
            2,
            "mezcla",
        ),
        (b"indicator,territory,period,value,unit,level\nX,C,2023,4,%,galaxia\n", 2, "galaxia"),
        (
            b"indicator,territory,period,value,unit,theme\nX,C,2023,4,%,astrologia\n",
            2,
            "astrologia",
        ),
        (b"\x00\x01\x02binary", 0, "CSV"),
    ],
)
def test_bad_files_are_refused_with_line_and_reason_and_change_nothing(
    observatory, data, line, words
):
    before = snapshot(observatory)
    with translation.override("es"), pytest.raises(CsvImportError) as error:
        import_series(observatory=observatory, data=data, publish=True)
    assert line in [number for number, _reason in error.value.problems], error.value.problems
    assert any(words.lower() in reason.lower() for _n, reason in error.value.problems), (
        error.value.problems
    )
    assert snapshot(observatory) == before


def test_one_bad_line_among_good_ones_imports_nothing(observatory):
    before = snapshot(observatory)
    data = GOOD + b"Llamados al 1461;Macrosector 1;2021-03;muchos;llamados;;;\n"
    with pytest.raises(CsvImportError) as error:
        import_series(observatory=observatory, data=data, publish=True)
    assert [n for n, _r in error.value.problems] == [6]
    assert snapshot(observatory) == before


def test_every_problem_is_reported_not_only_the_first(observatory):
    data = HEADER + b"X,C,2023,abc,%\nY,C,99,1,%\nZ,C,2023,1,\n"
    with pytest.raises(CsvImportError) as error:
        import_series(observatory=observatory, data=data)
    assert [n for n, _r in error.value.problems] == [2, 3, 4]


def test_admin_import_for_an_editor_saves_a_draft_for_review(client, observatory):
    penalolen = observatory.institution
    editor = make_user("series@penalolen.example", groups=[penalolen.access.editors])
    client.force_login(editor)
    page = client.get("/admin/observatories/import-series/")
    assert page.status_code == 200
    assert observatory.title in page.content.decode()
    response = client.post(
        "/admin/observatories/import-series/",
        {"page": observatory.pk, "file": SimpleUploadedFile("s.csv", GOOD), "publish": "on"},
    )
    assert response.status_code == 302
    observatory.refresh_from_db()
    assert observatory.has_unpublished_changes
    assert observatory.series.count() == 2  # an editor cannot publish: the live page waits


def test_admin_import_shows_each_bad_line(client, observatory):
    moderator = make_user("mod-series@red.example", groups=[Group.objects.get(name="Moderators")])
    client.force_login(moderator)
    before = snapshot(observatory)
    response = client.post(
        "/admin/observatories/import-series/",
        {"page": observatory.pk, "file": SimpleUploadedFile("s.csv", HEADER + b"X,C,2023,abc,%\n")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Línea 2" in html and "abc" in html and "no se importó nada" in html.lower()
    assert snapshot(observatory) == before


def test_an_editor_cannot_import_into_another_institutions_observatory(client, observatory):
    before = snapshot(observatory)
    neza = institution("nezahualcoyotl")
    theirs = ObservatoryPage(title="Observatorio de Neza", slug="observatorio-neza", summary="S")
    neza.add_child(instance=theirs)
    editor = make_user("intrusa@neza.example", groups=[neza.access.editors])
    client.force_login(editor)
    response = client.post(
        "/admin/observatories/import-series/",
        {"page": observatory.pk, "file": SimpleUploadedFile("s.csv", GOOD)},
    )
    assert response.status_code == 200
    assert "page" in response.context["form"].errors
    assert snapshot(observatory) == before
    # Someone with no observatory to edit cannot even open the import.
    client.force_login(make_user("nadie-obs@example.org"))
    assert client.get("/admin/observatories/import-series/").status_code in (302, 403)


def test_management_command(tmp_path, observatory, capsys):
    path = tmp_path / "series.csv"
    path.write_bytes(GOOD)
    call_command("import_series", observatory.slug, str(path), "--publish")
    assert "1 series created, 3 values created, 1 updated, published" in capsys.readouterr().out
    bad = tmp_path / "malo.csv"
    bad.write_bytes(HEADER + b"X,C,20233,1,%\n")
    with pytest.raises(CommandError):
        call_command("import_series", observatory.slug, str(bad))
    with pytest.raises(CommandError):
        call_command("import_series", "no-existe", str(path))
