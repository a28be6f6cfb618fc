"""Importing indicator values from CSV: good files land as a reviewed revision, bad files
are refused line by line and change nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from portal.programs.services import IndicatorImportError, import_indicators
from tests.accounts.conftest import make_user

pytestmark = pytest.mark.django_db

GOOD = (
    b"indicador;periodo;meta;valor;fuente;unidad;tipo;direccion\n"
    b"Llamados al 1461 atendidos dentro del tiempo comprometido;2024;95;96,5;Central 1461;;;\n"
    b"Vecinos que conocen el 1461;2023;60;52;Encuesta municipal;%;cobertura;mayor\n"
    b"Vecinos que conocen el 1461;2024;65;;Encuesta municipal;%;cobertura;mayor\n"
)


@pytest.fixture
def program(programs):
    return programs["numero-de-seguridad-1461"]


def snapshot(program):
    program.refresh_from_db()
    return (
        Revision.page_revisions.filter(object_id=str(program.pk)).count(),
        [(i.name, len(i.measurements)) for i in program.indicators.all()],
        program.target_status,
    )


def test_a_good_file_adds_values_and_a_new_indicator_as_a_draft(program):
    before = snapshot(program)
    report = import_indicators(program=program, data=GOOD)
    assert (report.indicators_created, report.values_created, report.values_updated) == (1, 3, 0)
    assert not report.published
    program.refresh_from_db()
    # The live page is unchanged until the revision is reviewed and published.
    assert [(i.name, len(i.measurements)) for i in program.indicators.all()] == before[1]
    draft = program.get_latest_revision_as_object()
    indicators = {i.name: i for i in draft.indicators.all()}
    assert (
        len(indicators["Llamados al 1461 atendidos dentro del tiempo comprometido"].measurements)
        == 3
    )
    new = indicators["Vecinos que conocen el 1461"]
    assert (new.unit, new.kind, new.direction) == ("%", "coverage", "higher")
    latest = indicators["Llamados al 1461 atendidos dentro del tiempo comprometido"].latest
    assert (latest.period, str(latest.actual)) == ("2024", "96.5000")


def test_publishing_the_import_updates_the_page_and_its_status(program):
    import_indicators(program=program, data=GOOD, publish=True)
    program.refresh_from_db()
    assert program.indicators.count() == 2
    # 1461: 96.5 against 95 is met; the new indicator's latest judged period (2023) missed
    # its target with no baseline, so it is not met: the program is partly met.
    assert program.target_status == "partly"


def test_importing_the_same_file_twice_updates_instead_of_duplicating(program):
    import_indicators(program=program, data=GOOD, publish=True)
    report = import_indicators(program=program, data=GOOD, publish=True)
    assert (report.indicators_created, report.values_created, report.values_updated) == (0, 0, 3)
    program.refresh_from_db()
    assert program.indicators.count() == 2


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "vac"),
        (b"indicator,target\nX,3\n", 1, "period"),
        (b"indicator,period\n", 2, "ninguna fila"),
        (b"indicator,period,target\nX,2023,abc\n", 2, "abc"),
        (b"indicator,period,target\nX,23,4\n", 2, "23"),
        (b"indicator,period,target\n,2023,4\n", 2, "vac"),
        (b"indicator,period,target,unit\nX,2023,4,%\nX,2023,5,%\n", 3, "dos veces"),
        (b"indicator,period,target\nNuevo indicador,2023,4\n", 2, "unidad"),
        (b"indicator,period,unit,direction\nX,2023,%,sideways\n", 2, "sideways"),
        (b"indicator,period,target,unit\nX,2023,1e400,%\n", 2, "rango"),
        (b"\x00\x01\x02binary", 0, "CSV"),
    ],
)
def test_bad_files_are_refused_with_line_and_reason_and_change_nothing(program, data, line, words):
    from django.utils import translation

    before = snapshot(program)
    with translation.override("es"), pytest.raises(IndicatorImportError) as error:
        import_indicators(program=program, data=data, publish=True)
    lines = [number for number, _reason in error.value.problems]
    assert line in lines, error.value.problems
    assert any(words.lower() in reason.lower() for _n, reason in error.value.problems), (
        error.value.problems
    )
    assert snapshot(program) == before


def test_one_bad_line_among_good_ones_imports_nothing(program):
    before = snapshot(program)
    data = GOOD + b"Vecinos que conocen el 1461;2025;70;x;Encuesta;%;cobertura;mayor\n"
    with pytest.raises(IndicatorImportError) as error:
        import_indicators(program=program, data=data, publish=True)
    assert [n for n, _r in error.value.problems] == [5]
    assert snapshot(program) == before


def test_admin_import_for_an_editor_saves_a_draft_for_review(client, program):
    penalolen = program.institution
    editor = make_user("indicadores@penalolen.example", groups=[penalolen.access.editors])
    client.force_login(editor)
    response = client.post(
        "/admin/programs/import-indicators/",
        {"page": program.pk, "file": SimpleUploadedFile("i.csv", GOOD), "publish": "on"},
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.has_unpublished_changes
    assert program.indicators.count() == 1  # an editor cannot publish: the live page waits


def test_admin_import_shows_each_bad_line(client, program):
    moderator = make_user("mod-ind@red.example", groups=[Group.objects.get(name="Moderators")])
    client.force_login(moderator)
    response = client.post(
        "/admin/programs/import-indicators/",
        {
            "page": program.pk,
            "file": SimpleUploadedFile("i.csv", b"indicator,period,target\nX,2023,abc\n"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Línea 2" in html and "abc" in html
    assert not program.get_latest_revision_as_object().indicators.filter(name="X").exists()


def test_an_editor_cannot_import_into_another_institutions_program(client, programs):
    theirs = programs["catc-nezahualcoyotl"]
    neza = theirs.institution
    before = snapshot(theirs)
    penalolen = programs["numero-de-seguridad-1461"].institution
    editor = make_user("intrusa@penalolen.example", groups=[penalolen.access.editors])
    client.force_login(editor)
    response = client.post(
        "/admin/programs/import-indicators/",
        {"page": theirs.pk, "file": SimpleUploadedFile("i.csv", GOOD)},
    )
    assert response.status_code == 200
    assert "page" in response.context["form"].errors
    assert snapshot(theirs) == before
    assert neza.pk != penalolen.pk
    # A member with no institution cannot even open the import.
    outsider = make_user("nadie@example.org")
    client.force_login(outsider)
    assert client.get("/admin/programs/import-indicators/").status_code in (302, 403)


def test_management_command(tmp_path, program, capsys):
    path = tmp_path / "indicadores.csv"
    path.write_bytes(GOOD)
    call_command("import_indicators", program.slug, str(path), "--publish")
    assert "3 values created" in capsys.readouterr().out
    bad = tmp_path / "malo.csv"
    bad.write_bytes(b"indicator,period\nX,20233\n")
    with pytest.raises(CommandError):
        call_command("import_indicators", program.slug, str(bad))
