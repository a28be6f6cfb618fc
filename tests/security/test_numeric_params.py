"""Numbers in a request are ASCII digits (issue 23).

``str.isdigit()`` is true for "²", "①" and other Unicode digits that ``int()`` cannot read, and
for "١٢" (Arabic-Indic), which ``int()`` reads as 12: every numeric parameter goes through
``portal.core.params`` instead. A value that is not a number is a bad request (400) or the page's
own "not a number" notice, never a server error, and never a "search unavailable" (503).
"""

import logging
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.observatories.models import IndicatorSeries
from portal.opendata.oai import repository_identifier
from tests.accounts.conftest import make_user
from tests.factories.accounts import manager_of
from tests.factories.pages import (
    FundPageFactory,
    InstitutionPageFactory,
    ObservatoryPageFactory,
    PracticePageFactory,
    publish,
)

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"  # isdigit() is true, int() raises ValueError
# isdigit() is true for all of them; int() fails on some and silently reads the others.
UNICODE_DIGITS = ["²", "①", "١٢", "１２", "߂", "2²"]
TOO_LONG = "9" * 5000  # int() refuses more than 4300 digits


# -- the helper ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [*UNICODE_DIGITS, "", " ", "-1", "+1", "1.0", "1e3", "0x1", "1_0"])
def test_parse_int_reads_ascii_digits_only(raw):
    from portal.core.params import parse_int

    assert parse_int(raw) is None


def test_parse_int_bounds():
    from portal.core.params import MAX_ID, parse_id, parse_int

    assert parse_int("007") == 7
    assert parse_int(" 12 ") == 12
    assert parse_int(None) is None
    assert parse_int("1234567890") is None  # more than nine digits by default
    assert parse_int("1234567890", max_digits=10) == 1234567890
    assert parse_int(TOO_LONG) is None
    assert parse_int("0", minimum=1) is None
    assert parse_int("61", maximum=60) is None
    assert parse_int("60", minimum=1, maximum=60) == 60
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(str(MAX_ID + 1)) is None
    assert parse_id("0") is None


def test_parse_int_list_reports_what_it_could_not_read():
    from portal.core.params import parse_int_list

    assert parse_int_list(["3", " ", "²", "12", TOO_LONG]) == ([3, 12], ["²", TOO_LONG])


# -- the findings -------------------------------------------------------------------------------


@pytest.mark.parametrize("param", ["year", "region"])
@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "١٢", TOO_LONG])
def test_practice_listing_numeric_facets(client, param, value):
    response = client.get("/practicas/", {param: value})
    assert response.status_code == 200
    assert any("not a number" in str(n) or "no es un número" in str(n) for n in _notices(response))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_practice_listing_export_with_a_unicode_year(client, fmt):
    response = client.get("/practicas/", {"year": SUPERSCRIPT_TWO, "format": fmt})
    assert response.status_code == 200


def test_institution_region_facet_in_the_api(client):
    assert client.get("/api/v1/institutions/", {"region": SUPERSCRIPT_TWO}).status_code == 400


@pytest.mark.parametrize("fmt", ["html", "json", "atom"])
def test_search_page_number(client, caplog, fmt):
    """A page that is not a number is a bad request (issue 24), never a server error."""
    with caplog.at_level(logging.WARNING):
        response = client.get(
            "/buscar/", {"q": "prevención", "page": SUPERSCRIPT_TWO, "format": fmt}
        )
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("param", ["year", "region"])
@pytest.mark.parametrize("fmt", ["html", "json", "atom"])
def test_search_numeric_filter_is_not_an_outage(client, caplog, param, fmt):
    with caplog.at_level(logging.WARNING):
        response = client.get("/buscar/", {param: SUPERSCRIPT_TWO, "format": fmt})
    assert response.status_code == 200
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    if fmt == "json":
        assert response.json()["notices"]


def test_search_numeric_filter_is_read_as_a_number(client, django_capture_on_commit_callbacks):
    """Leading zeros name the same year; the filter applies, with no notice."""
    with django_capture_on_commit_callbacks(execute=True):  # search entries are written on commit
        for year in (2020, 2021):
            publish(PracticePageFactory(start_year=year))
    plain = client.get("/buscar/", {"year": "2020", "format": "json"}).json()
    padded = client.get("/buscar/", {"year": "002020", "format": "json"}).json()
    assert plain["total"] == padded["total"] == 1
    assert not padded["notices"]


@pytest.mark.parametrize("raw", [SUPERSCRIPT_TWO, "١٢", TOO_LONG, "99999999999999999999"])
def test_oai_get_record_with_a_unicode_digit(client, raw):
    response = client.get(
        "/oai/",
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": f"oai:{repository_identifier()}:page/{raw}",
        },
    )
    assert response.status_code == 200
    assert b'code="idDoesNotExist"' in response.content


@pytest.mark.parametrize("value", ["２０２４-０１-０１", "٢٠٢٤-٠١-٠١"])
def test_oai_dates_are_ascii(client, value):
    response = client.get(
        "/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": value}
    )
    assert response.status_code == 200
    assert b'code="badArgument"' in response.content


@pytest.mark.parametrize("pair", [(SUPERSCRIPT_TWO, "1"), ("1", "①"), (TOO_LONG, "1")])
def test_observatory_comparison_ids(client, pair):
    response = client.get("/observatorios/comparar/", {"a": pair[0], "b": pair[1]})
    assert response.status_code == 400


def test_observatory_comparison_still_compares(client):
    a, b = (
        publish(
            ObservatoryPageFactory(
                series=[
                    IndicatorSeries(
                        indicator="Denuncias",
                        territory="Comuna",
                        unit="denuncias",
                        values=[("value", {"period": "2023", "value": Decimal(value)})],
                    )
                ]
            )
        ).series.get()
        for value in (10, 20)
    )
    response = client.get("/observatorios/comparar/", {"a": f" {a.pk} ", "b": str(b.pk)})
    assert response.status_code == 200
    assert response.context["reason"] is None and response.context["periods"] == ["2023"]


@pytest.fixture
def manager():
    return manager_of(publish(InstitutionPageFactory()))


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, TOO_LONG, "99999999999999999999", "x"])
def test_admin_chooser_with_a_bad_id(client, manager, value):
    client.force_login(manager)
    response = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": value})
    assert response.status_code == 400


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, TOO_LONG, "99999999999999999999"])
def test_admin_bulk_action_with_a_bad_parent(client, manager, value):
    client.force_login(manager)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = client.get(url, {"id": "all", "childOf": value})
    assert response.status_code == 400


def test_admin_bulk_action_with_a_bad_id(client, manager):
    client.force_login(manager)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    assert client.get(url, {"id": SUPERSCRIPT_TWO}).status_code == 400


def test_admin_bulk_action_of_a_superuser_with_a_bad_parent(admin_client):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    assert admin_client.get(url, {"id": "all", "childOf": SUPERSCRIPT_TWO}).status_code == 400


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, TOO_LONG, "0", "61"])
def test_cooperation_dashboard_months(client, value):
    fund = publish(FundPageFactory())
    coordinator = make_user("coordinacion-numeros@fondo.example", groups=[fund.access.coordinators])
    client.force_login(coordinator)
    response = client.get("/admin/cooperation/", {"months": value})
    assert response.status_code == 200
    assert response.context["notice"]
    assert response.context["months"] == 6


@pytest.mark.parametrize("command", ["import_series", "import_indicators"])
def test_import_command_with_a_unicode_digit_for_the_page(command, tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No "):
        call_command(command, SUPERSCRIPT_TWO, str(data))


@pytest.mark.parametrize(
    ("code", "population"), [("058", SUPERSCRIPT_TWO), ("058", "١٢"), ("05²", "1000")]
)
def test_registry_import_with_unicode_digits(tmp_path, code, population):
    """A ValueError traceback (or a code "05²" stored) instead of the import's own report."""
    from portal.institutions.services import RegistryImportError, import_inegi_csv

    path = tmp_path / "ageeml.csv"
    path.write_text(
        '"CVEGEO","CVE_ENT","NOM_ENT","CVE_MUN","NOM_MUN","POB_TOTAL"\n'
        f'"15058","15","México","{code}","Nezahualcóyotl","{population}"\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryImportError):
        import_inegi_csv(path)


# -- text filters: a NUL reaches PostgreSQL as a query parameter, which refuses it (500) ----------


def test_text_values_drop_control_characters():
    from django.http import QueryDict

    from portal.core.params import clean_text, text_values

    params = QueryDict("country=C%00L&country=%00&country=%E2%80%8B&country=" + "x" * 300)
    assert text_values(params, "country") == ["CL", "x" * 200]
    assert clean_text(" a\x00b ") == "ab"


@pytest.mark.parametrize("path", ["/practicas/", "/practicas/manuales/", "/observatorios/"])
def test_listing_text_filter_with_a_nul(client, path):
    """Failed on PostgreSQL only (SQLite accepts a NUL)."""
    response = client.get(path, {"country": "\x00", "institution": "pena\x00lolen"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["country:\x00", "theme:\x00", "country:C\x00L"])
def test_oai_set_with_a_nul(client, value):
    """Failed on PostgreSQL only (SQLite accepts a NUL)."""
    response = client.get(
        "/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": value}
    )
    assert response.status_code == 200
    assert b'code="badArgument"' in response.content


def _notices(response):
    listing = response.context["listing"]
    return listing.notices
