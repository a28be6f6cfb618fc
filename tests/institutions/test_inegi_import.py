import pytest
from django.core.management import CommandError, call_command

from portal.institutions.models import Municipality
from portal.institutions.services import RegistryImportError, import_inegi_csv

pytestmark = pytest.mark.django_db

HEADER = '"CVEGEO","CVE_ENT","NOM_ENT","CVE_MUN","NOM_MUN","POB_TOTAL"\n'


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "ageeml.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_good_csv_updates_population_and_is_idempotent(tmp_path):
    path = write(tmp_path, HEADER + '"15058","15","México","058","Nezahualcóyotl","1077208"\n')
    report = import_inegi_csv(path)
    assert report.updated["municipalities"] == 1
    neza = Municipality.objects.get(country__code="MX", code="15058")
    assert neza.population == 1077208
    assert neza.population_source
    again = import_inegi_csv(path)
    assert again.updated["municipalities"] == 0
    assert again.unchanged["municipalities"] == 1


def test_windows_1252_file_is_read(tmp_path):
    path = write(tmp_path, HEADER + '"15058","15","México","058","Nezahualcóyotl",""\n', "cp1252")
    import_inegi_csv(path)
    assert Municipality.objects.get(country__code="MX", code="15058").name == "Nezahualcóyotl"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ('"15999","15","México","999","","10"\n', "'NOM_MUN' is missing"),
        ('"15998","15","México","99X","Nuevo","10"\n', "CVE_MUN"),
        ('"15997","15","México","997","Nuevo","muchos"\n', "not a whole number"),
        ('"15001","15","México","996","Nuevo","10"\n', "does not match"),
        ('"15058","15","México","058","Nezahualcóyotl","5"\n', "appears twice"),
        ('"15995","15","México","995","Nuevo","10","extra"\n', "more fields"),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(tmp_path, bad_row, message):
    good = '"15058","15","México","058","Nezahualcóyotl","1077208"\n'
    new = '"15990","15","México","990","Municipio de prueba","100"\n'
    path = write(tmp_path, HEADER + good + new + bad_row)
    before = Municipality.objects.count()
    with pytest.raises(RegistryImportError) as error:
        import_inegi_csv(path)
    assert "line 4" in str(error.value)
    assert message in str(error.value)
    assert Municipality.objects.count() == before
    assert Municipality.objects.get(country__code="MX", code="15058").population is None
    assert not Municipality.objects.filter(code="15990").exists()


def test_missing_columns_are_named(tmp_path):
    path = write(tmp_path, '"CVE_ENT","NOM_ENT"\n"15","México"\n')
    with pytest.raises(RegistryImportError, match="missing column.*CVE_MUN.*NOM_MUN"):
        import_inegi_csv(path)


def test_new_municipio_in_csv_is_created_in_its_state(tmp_path):
    path = write(tmp_path, HEADER + '"15990","15","México","990","Municipio de prueba","100"\n')
    report = import_inegi_csv(path)
    assert report.created["municipalities"] == 1
    assert Municipality.objects.get(code="15990").region.code == "15"


def test_command_reports_and_fails_cleanly(tmp_path, capsys):
    good = write(tmp_path, HEADER + '"15058","15","México","058","Nezahualcóyotl",""\n')
    call_command("import_municipalities", "--inegi-csv", str(good))
    assert "1 unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + '"15058","15","México","05X","Nezahualcóyotl",""\n', encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed.*line 2"):
        call_command("import_municipalities", "--inegi-csv", str(bad))
