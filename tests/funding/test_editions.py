"""Editions in the database: CSV import, census carry-forward, publishing, immutability,
corrections (the demo's edition is tested in tests/demo/)."""

from decimal import Decimal

import pytest

from portal.core.csvimport import CsvImportError
from portal.funding import services
from portal.funding.models import Edition, EditionFrozen, GroupRule, Score, Value, Variable
from portal.institutions.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spanish():
    """Messages are asserted as a Chilean user reads them, whatever ran before."""
    from django.utils import translation

    with translation.override("es"):
        yield


PENALOLEN, SANTIAGO = "13122", "13101"


def new_edition(year=2025, census_from=None, **fields):
    edition = Edition.objects.create(
        name=f"Índice {year}",
        year=year,
        census_from=census_from,
        budget_year1=1_000_000,
        budget_year2=1_000_000,
        urgent_sizes="2, 2, 2",
        **fields,
    )
    Variable.objects.create(edition=edition, sort_order=0, key="delitos", name="Delitos")
    Variable.objects.create(
        edition=edition, sort_order=1, key="poblacion", name="Población", census_based=True
    )
    for group, share in (("U1", 3), ("U2", 2), ("U3", 1), ("R", 1)):
        GroupRule.objects.create(edition=edition, group=group, share=share)
    return edition


def csv_for(codes, variables=("delitos", "poblacion")):
    lines = ["code,variable,value,source"]
    for i, code in enumerate(codes):
        for key in variables:
            lines.append(f"{code},{key},{(i * 37) % 101 + 1},test")
    return "\n".join(lines).encode()


def chile_codes():
    return list(Municipality.objects.filter(country__code="CL").values_list("code", flat=True))


def test_a_bad_csv_is_reported_by_line_and_nothing_is_saved():
    edition = new_edition()
    data = (
        "code,variable,value,source\n"
        f"{PENALOLEN},delitos,12,ok\n"
        "99999,delitos,3,x\n"  # line 3: unknown comuna
        f"{PENALOLEN},robos,3,x\n"  # line 4: unknown variable
        f"{PENALOLEN},delitos,13,x\n"  # line 5: repeated
        f"{SANTIAGO},delitos,mucho,x\n"  # line 6: not a number
        f"{SANTIAGO},poblacion,,x\n"  # line 7: missing
    ).encode()
    with pytest.raises(CsvImportError) as error:
        services.import_values(edition, data)
    lines = {line for line, _reason in error.value.problems}
    assert lines == {3, 4, 5, 6, 7}
    reasons = " ".join(reason for _line, reason in error.value.problems)
    assert "99999" in reasons and "robos" in reasons and "línea 2" in reasons
    assert not Value.objects.filter(edition=edition).exists()


def test_import_replaces_a_variable_and_accepts_spanish_spreadsheets():
    edition = new_edition()
    services.import_values(
        edition, f"código;variable;valor\n{PENALOLEN};delitos;1.234,5\n".encode()
    )
    services.import_values(edition, f"code,variable,value\n{PENALOLEN},delitos,7\n".encode())
    assert list(Value.objects.filter(edition=edition).values_list("value", flat=True)) == [
        Decimal("7.0000")
    ]


def test_a_census_variable_missing_from_a_new_edition_is_carried_forward(client):
    codes = chile_codes()
    first = new_edition(2021)
    services.import_values(first, csv_for(codes))
    first = services.publish_edition(first)
    second = new_edition(2025, census_from=first)
    report = services.import_values(second, csv_for(codes, variables=("delitos",)))
    assert report == {"imported": len(codes), "carried": len(codes)}
    carried = Value.objects.get(
        edition=second, variable__key="poblacion", municipality__code=PENALOLEN
    )
    original = Value.objects.get(
        edition=first, variable__key="poblacion", municipality__code=PENALOLEN
    )
    assert carried.value == original.value and carried.carried_from == first
    second = services.publish_edition(second)
    page = client.get(f"/indice/2025/v1/{PENALOLEN}/")
    row = next(r for r in page.context["rows"] if r["variable"].key == "poblacion")
    assert row["carried_from"] == first
    assert "valor tomado de la edición 2021" in page.content.decode()
    edition_page = client.get("/indice/2025/v1/").content.decode()
    assert "valores tomados de la edición 2021" in edition_page


def test_missing_values_stop_the_computation_with_names():
    edition = new_edition()
    services.import_values(edition, csv_for([PENALOLEN]))
    with pytest.raises(services.compute.FormulaError, match="Faltan 688 valores"):
        services.compute_edition(edition)
    assert not Score.objects.filter(edition=edition).exists()


def test_a_published_edition_cannot_change_and_a_correction_keeps_both(client):
    codes = chile_codes()
    edition = new_edition()
    services.import_values(edition, csv_for(codes))
    edition = services.publish_edition(edition)
    first_ranking = list(Score.objects.filter(edition=edition).values_list("municipality", "rank"))

    edition.name = "Otro nombre"
    with pytest.raises(EditionFrozen):
        edition.save()
    with pytest.raises(EditionFrozen):
        edition.delete()
    value = Value.objects.filter(edition=edition).first()
    value.value = 1
    with pytest.raises(EditionFrozen):
        value.save()
    with pytest.raises(EditionFrozen):
        Variable.objects.filter(edition=edition).first().delete()
    with pytest.raises(EditionFrozen):
        services.import_values(edition, csv_for(codes))
    with pytest.raises(EditionFrozen):
        services.compute_edition(edition)

    correction = services.correct_edition(edition)
    assert correction.version == 2 and correction.corrects == edition and not correction.published
    Variable.objects.filter(edition=correction, key="delitos").update(weight=3)
    target = Value.objects.get(
        edition=correction, variable__key="delitos", municipality__code=PENALOLEN
    )
    target.value = 1000
    target.save()
    correction = services.publish_edition(correction)
    assert "1 valor de entrada cambió" in correction.changes
    assert "Delitos: ponderación 1 → 3" in correction.changes
    # The first version is untouched and still public.
    assert list(Score.objects.filter(edition=edition).values_list("municipality", "rank")) == (
        first_ranking
    )
    old = client.get("/indice/2025/v1/")
    new = client.get("/indice/2025/v2/")
    assert old.status_code == new.status_code == 200
    assert "/indice/2025/v2/" in old.content.decode()  # points to the correction
    assert client.get("/indice/2025/").url.endswith("/indice/2025/v2/")
    with pytest.raises(EditionFrozen):
        services.correct_edition(edition)  # correct the latest version instead


def test_the_command_imports_computes_and_publishes_or_says_why_not(tmp_path):
    from django.core.management import CommandError, call_command

    edition = new_edition(2029)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,variable,value\n13122,delitos,x\n")
    with pytest.raises(CommandError, match="línea 2|line 2"):
        call_command("index_edition", "import", "2029", str(bad))
    good = tmp_path / "good.csv"
    good.write_bytes(csv_for(chile_codes()))
    call_command("index_edition", "import", "2029", str(good))
    call_command("index_edition", "publish", "2029")
    edition.refresh_from_db()
    assert edition.published and edition.scores.count() == 345
    with pytest.raises(CommandError, match="no draft edition"):
        call_command("index_edition", "compute", "2029")
