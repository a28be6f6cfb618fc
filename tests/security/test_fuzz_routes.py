"""Property-based fuzzing of every public route that reads the query string (issue 23).

Each route is called through the Django test client, against a small network built once for the
module (``site``: an item of every content type in two countries, a published funding edition),
with generated values for every parameter it reads: real values from that network (so filters
combine and reach the code behind them), Unicode digits ("²", "١٢", "１２"), other Unicode categories, control
characters and NUL, numbers far out of range, values thousands of characters long, unknown
parameters and repeated keys. The parameter names come from the code (the listings' facets,
the search's filters, the API's collections, the OAI-PMH verbs), so a new filter is fuzzed too.

Three tests: generated queries per route (hypothesis, derandomized so that both CI runs, SQLite
and PostgreSQL, try the same ones); a deterministic sweep of each parameter alone with "²", NUL
and 5,000 digits (a wrong value must not hide behind another that stops the view first); and
generated numbers in the routes that take one in their path.

Every answer must be below 500, and nothing may be logged as an error: a bad parameter is the
visitor's mistake (400, or the page's own notice), never a server error, and never a "search
unavailable" (503) that would look like an outage.
"""

import logging
import operator
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client, TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.api.collections import COLLECTIONS
from portal.core.models import Theme
from portal.funding.models import Edition, Score
from portal.institutions.models import Country, InstitutionPage, Region
from portal.observatories.listing import observatory_facets
from portal.observatories.models import IndicatorSeries
from portal.opendata.oai import KINDS, VERBS, repository_identifier
from portal.practices.listing import manual_facets, practice_facets
from portal.practices.models import PracticePage
from portal.programs.listing import program_facets
from portal.search.models import SearchEntry
from portal.search.service import TERM_FACETS, _labels
from tests.factories.funding import published_edition
from tests.factories.network import build_network

pytestmark = pytest.mark.django_db

EXAMPLES = 12  # per route

# -- values -------------------------------------------------------------------------------------

NASTY = [
    "²",
    "①",
    "١٢",
    "１２",
    "2²",
    "߂",
    "Ⅻ",
    "\x00",
    "1\x00",
    "\x00CL",
    "-1",
    "0",
    "+1",
    "1.5",
    "1e9",
    "0x10",
    "1_0",
    " 1 ",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "",
    " ",
    '"',
    '"a',
    "'",
    "\\",
    "%",
    "%00",
    "-",
    "--",
    "*",
    "(",
    "<script>",
    "é",
    "ñandú",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\uffff",
    "𝟘𝟙",
    "🙂",
    "2024-01-01",
    "2024-13-45",
    "0000-01-01",
    "9999-12-31T23:59:59Z",
    "2024-01-01T00:00:00+99:00",
    "true",
    "null",
    "[]",
]
# Strings for which str.isdigit() is true, in every script: "²", "①", "١٢", "１２"…
UNICODE_DIGITS = st.text(
    st.characters(categories=["Nd", "No"]).filter(str.isdigit), min_size=1, max_size=12
)
# Other number characters ("Nl": "Ⅻ"; "No": "½").
NUMBER_CHARACTERS = st.text(st.characters(categories=["Nl", "No"]), min_size=1, max_size=6)
# Any character a URL can carry (lone surrogates cannot be encoded).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
CONTROL = st.text(
    st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp", "Zs"]), min_size=1, max_size=6
)
NUMBERS = st.integers(min_value=-(10**30), max_value=10**30).map(str)
LONG = st.builds(
    operator.mul,
    st.sampled_from(["9", "a", "²", "\x00", "ñ", '"', "1 ", "a-", '"a" ']),
    st.integers(min_value=1000, max_value=6000),
)


def values(real: list[str]):
    """A parameter's value: sometimes a real one, else anything."""
    choices = [
        st.sampled_from(NASTY),
        UNICODE_DIGITS,
        NUMBER_CHARACTERS,
        ANY_TEXT,
        CONTROL,
        NUMBERS,
        LONG,
    ]
    if real:
        choices.insert(0, st.sampled_from(real))
    return st.one_of(*choices)


# -- routes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    path: str
    params: tuple[str, ...]
    method: str = "GET"
    fixed: tuple[tuple[str, str], ...] = ()  # always sent (the OAI-PMH verb)
    examples: int = EXAMPLES
    sweep_each: bool = True  # each parameter alone in the sweep (below)

    @property
    def id(self) -> str:
        fixed = "&".join(f"{k}={v}" for k, v in self.fixed)
        return f"{self.method} {self.path}{'?' + fixed if fixed else ''}"


def _facet_params(facets) -> tuple[str, ...]:
    return tuple(facet.param for facet in facets)


LISTING = ("sort", "page", "format")
SEARCH = (
    "q",
    "page",
    "sort",
    "format",
    *(param for param, *_rest in _labels()),
    *TERM_FACETS,
)
OAI = ("verb", *sorted({name for names in VERBS.values() for name in names}))
FUNDING = ("sort", "region", "group", "q")

ROUTES = [
    # Faceted listings and their exports (?format=csv|json).
    Route("/practicas/", (*_facet_params(practice_facets(PracticePage.Status)), *LISTING)),
    Route("/en/practicas/", (*_facet_params(practice_facets(PracticePage.Status)), *LISTING)),
    Route("/practicas/manuales/", (*_facet_params(manual_facets()), *LISTING)),
    Route("/programas/", (*_facet_params(program_facets()), *LISTING)),
    Route("/observatorios/", (*_facet_params(observatory_facets()), *LISTING)),
    Route("/observatorios/quien-mide/", ("theme", "source", "level")),
    Route("/observatorios/comparar/", ("a", "b")),
    Route("/instituciones/", ("page",), examples=4),
    Route("/instituciones/penalolen/", ("page",), examples=4),
    Route("/programas/modelos/", ("page",), examples=4),
    Route("/practicas/calificaciones/", ("page",), examples=4),
    Route("/cooperacion/", ("page",)),
    Route("/cooperacion/red/", ("page",)),
    Route("/red-en-cifras/", ("page",), examples=4),
    # Search in every format (html, json, the Atom feeds) and its suggestions.
    Route("/buscar/", SEARCH, examples=3 * EXAMPLES),
    Route("/en/search/", SEARCH),
    Route("/buscar/sugerencias/", ("q",)),
    # OAI-PMH: each verb with its own arguments, and any argument with any verb (GET and POST).
    *(
        Route("/oai/", tuple(sorted(names)), fixed=(("verb", verb),))
        for verb, names in VERBS.items()
    ),
    Route("/oai/", OAI),
    Route("/oai/", OAI, method="POST"),
    # The funding index: the current edition and one edition (its CSV files: STATIC_ROUTES). A
    # ranking page takes half a second and reads its parameters in Python: fewer calls.
    Route("/indice/", FUNDING, examples=6, sweep_each=False),
    Route("/indice/{edition}/", FUNDING, examples=6, sweep_each=False),
    Route("/sitemap.xml", ("p",), examples=4),
    # The API: every collection's listing, the index, the vocabularies, the funding index.
    *(
        Route(
            f"/api/v1/{c.name}/",
            (*_facet_params(c.facets()), "sort", "updated_since", "limit", "offset"),
        )
        for c in COLLECTIONS
    ),
    Route("/api/v1/", (), examples=4),
    Route("/api/v1/vocabularies/", (), examples=4),
    Route("/api/v1/funding-index/editions/", ("year", "current", "limit", "offset")),
]
# Downloads that read no parameter (seconds each): fetched once, with every hostile value.
STATIC_ROUTES = [
    Route("/indice/{edition}/csv/ranking/", FUNDING),
    Route("/indice/{edition}/csv/inputs/", FUNDING),
]

# Values that reach the code behind a filter (a filter on an unknown value stops early).
STATIC_VALUES = {
    "format": ["html", "json", "csv", "atom", "xml", "rss"],
    "verb": list(VERBS),
    "metadataPrefix": ["oai_dc"],
    "from": ["2000-01-01", "2024-01-01T00:00:00Z"],
    "until": ["2100-01-01", "2100-01-01T00:00:00Z"],
    "q": ["prevención", '"barrio seguro"', "-violencia", "a b c d e f g h i j k l m n o p q"],
    "current": ["true", "false"],
    "limit": ["1", "100"],
    "offset": ["0", "1000000"],
    "updated_since": ["2020-01-01", "2020-01-01T00:00:00Z"],
    "group": ["U1", "U2", "U3", "A", "B"],
    "page": ["1", "2", "500"],
    "sort": ["recent", "title", "year", "date", "relevance", "rank", "-score", "name"],
}
# Parameters that, when wrong, stop a view before it reads the others (an unknown export
# format is a 400): mostly given a real value, so that the rest is reached.
MOSTLY_REAL = {"format", "verb", "metadataPrefix"}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Two published institutions (Chile, Mexico) with one item of every content type, indexed
    for search, and a published funding edition: built once for the module's tests, in a
    transaction that each test's own nests in and that is rolled back after the last one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                build_network()
            published_edition()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def real_values(site):
    """A few real values of each parameter, read from the network."""
    codes = list(Country.objects.values_list("code", flat=True)[:3])
    regions = [str(pk) for pk in Region.objects.filter(country__code="CL").values_list("pk")[:2]]
    region_codes = list(
        Score.objects.values_list("municipality__region__code", flat=True).distinct()[:2]
    )
    themes = list(Theme.objects.values_list("slug", flat=True).distinct()[:3])
    page_ids = list(SearchEntry.objects.values_list("page_id", flat=True)[:3])
    series = [str(pk) for pk in IndicatorSeries.objects.values_list("pk", flat=True)[:3]]
    found = {
        **STATIC_VALUES,
        "country": codes,
        "region": regions + region_codes,
        "institution": list(InstitutionPage.objects.values_list("slug", flat=True)[:3]),
        "theme": themes,
        "year": ["2020", "2025"],
        "a": series,
        "b": series,
        "identifier": [f"oai:{repository_identifier()}:page/{pk}" for pk in page_ids],
        "set": [f"type:{kind}" for kind in KINDS] + [f"country:{c}" for c in codes],
        "type": list(KINDS),
    }
    real = {key: [str(v) for v in items if v is not None] for key, items in found.items()}
    assert all(real.values()), [key for key, items in real.items() if not items]
    return real


@pytest.fixture
def edition_path(site):
    edition = Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by("-year").get()
    return f"{edition.year}/v{edition.version}"


@pytest.fixture
def quiet_client():
    """Answers, not exceptions: a server error is a 500 to assert on (and logged)."""
    return Client(raise_request_exception=False)


# Parameters whose value starts with a fixed part (an OAI-PMH identifier, a set): generated
# values come after it too.
PREFIXES = {
    "identifier": [f"oai:{repository_identifier()}:page/"],
    "set": ["type:", "country:", "theme:"],
}


def _value(name: str, real: dict):
    known = real.get(name, [])
    if name in MOSTLY_REAL and known:
        return st.integers(0, 3).flatmap(lambda n: st.sampled_from(known) if n else values(known))
    if name in PREFIXES:
        return st.one_of(
            values(known),
            st.builds(operator.add, st.sampled_from(PREFIXES[name]), values([])),
        )
    return values(known)


def _query(data, route: Route, real: dict) -> list[tuple[str, str]]:
    """Any of the route's parameters, some repeated, and strangers, with generated values."""
    chosen = data.draw(
        st.fixed_dictionaries({}, optional={name: _value(name, real) for name in route.params}),
        label="parameters",
    )
    extra_names = st.sampled_from([*route.params, "x", "id", "\x00", "²"])
    extra = data.draw(
        st.lists(st.tuples(extra_names, values([])), max_size=3), label="repeated and unknown"
    )
    return [*route.fixed, *chosen.items(), *extra]


def _check(client, caplog, route: Route, path: str, query: list[tuple[str, str]]):
    caplog.clear()
    encoded = urlencode(query)
    with caplog.at_level(logging.WARNING):
        if route.method == "POST":
            response = client.post(path, encoded, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(f"{path}?{encoded}" if encoded else path)
    shown = f"{route.method} {path}?{encoded[:300]}"
    assert response.status_code < 500, f"{response.status_code} for {shown}"
    errors = [r.getMessage()[:200] for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"logged as an error for {shown}: {errors}"
    return response


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_no_query_breaks_a_route(quiet_client, caplog, real_values, edition_path, route):
    path = route.path.format(edition=edition_path)

    @fuzz_settings(route.examples)
    @given(data=st.data())
    def run(data):
        _check(quiet_client, caplog, route, path, _query(data, route, real_values))

    run()


# The sweep, deterministic: each parameter of a route alone with each of HOSTILE_EACH (one
# wrong value must not hide behind another that stops the view first), then all of them at once
# with each of HOSTILE. Parameters in MOSTLY_REAL keep a real value unless they are the one swept.
HOSTILE_EACH = ["²", "\x00", "9" * 5000]
HOSTILE = [*HOSTILE_EACH, "١٢", "99999999999999999999", '"', "a" * 5000]


def _hostile_queries(route: Route, real_values: dict):
    real = {name: real_values[name][0] for name in route.params if name in MOSTLY_REAL}

    def query(changes: dict[str, str]):
        return [*route.fixed, *{**real, **changes}.items()]

    swept = route.params if route.sweep_each else ()
    for name in swept:
        for hostile in HOSTILE_EACH:
            for prefix in PREFIXES.get(name, [""]):
                yield query({name: prefix + hostile})
    for hostile in HOSTILE:
        yield query({name: hostile for name in route.params if name not in MOSTLY_REAL})


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_hostile_values_in_every_parameter(quiet_client, caplog, real_values, edition_path, route):
    path = route.path.format(edition=edition_path)
    for query in _hostile_queries(route, real_values):
        _check(quiet_client, caplog, route, path, query)


@pytest.mark.parametrize("route", STATIC_ROUTES, ids=lambda r: r.id)
def test_downloads_ignore_hostile_values(quiet_client, caplog, edition_path, route):
    query = [(name, hostile) for name in route.params for hostile in HOSTILE]
    _check(quiet_client, caplog, route, route.path.format(edition=edition_path), query)


# Routes with a number in the path: the URL converters read ASCII digits only, and a number too
# large for the database is a 404, not an overflow. "{year}" is the published edition's year.
PATHS = [
    *(f"/api/v1/{c.name}/{{}}/" for c in COLLECTIONS),
    "/api/v1/funding-index/editions/{}/",
    "/indice/{}/",
    "/indice/{}/v1/",
    "/indice/{year}/v{}/",
    "/indice/{year}/v1/{}/",
    "/cita/{}/bibtex/",
    "/cita/{}/ris/",
]


@pytest.mark.parametrize("template", PATHS)
def test_no_number_in_a_path_breaks_a_route(quiet_client, caplog, edition_path, template):
    route = Route(template, ())
    year = edition_path.split("/")[0]

    @fuzz_settings(EXAMPLES)
    @given(value=values([]))
    def run(value):
        path = template.format(quote(value, safe=""), year=year)
        _check(quiet_client, caplog, route, re.sub(r"/{2,}", "/x/", path), [])

    run()
