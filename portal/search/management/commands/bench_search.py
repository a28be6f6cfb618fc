"""Search benchmark: generated entries, indexing throughput, query latency, SQL per page.

    python manage.py bench_search --sizes 10000 100000

For each size it generates that many realistic entries (Spanish text drawn from the
vocabularies and a word list, spread over institutions, countries, themes and years), indexes
them through the configured search backend, then runs a fixed set of queries with and without
facet filters, each several times, and prints a table: median and p95 latency of a full
results page (count, 20 results, every facet), SQL queries per page, and items indexed per
second. The generated entries are committed (so they are measured as a vacuumed, live table
would be) and deleted afterwards; the command refuses to run on a database with content pages.
Meant for PostgreSQL; on SQLite it runs but says so.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from portal.search import vectors
from portal.search.models import SearchEntry, SearchEntryTerm
from portal.search.service import Search

WORDS = (  # noqa: SIM905 - easier to read as prose
    "prevención violencia delito seguridad comunidad barrio vecinos jóvenes niñas niños mujeres "
    "familias escuela plaza cancha deporte policía proximidad mediación conflicto alerta temprana "
    "observatorio datos denuncias llamados territorio municipio programa manual práctica modelo "
    "evaluación indicador meta resultado diagnóstico plan comunal participación convivencia "
    "drogas alcohol intrafamiliar género adultos mayores migrantes pobreza capacitación taller "
    "equipo coordinación red cooperación pasantía seminario transferencia protocolo cartografía"
).split()
KINDS = ["practices", "manuals", "programs", "observatories", "reports", "projects"]
THEMES = [
    "violencia-intrafamiliar",
    "mercados-de-drogas",
    "espacios-publicos",
    "entornos-escolares",
    "percepcion-de-inseguridad",
    "incidencia-delictiva",
]
TERM_NAMES = {
    "violencia-intrafamiliar": "Violencia intrafamiliar Domestic violence",
    "mercados-de-drogas": "Mercados de drogas Drug markets",
    "espacios-publicos": "Espacios públicos Public spaces",
    "entornos-escolares": "Escuelas y entornos escolares Schools and their surroundings",
    "percepcion-de-inseguridad": "Percepción de inseguridad Fear of crime",
    "incidencia-delictiva": "Incidencia delictiva Crime incidence",
}
QUERIES = [
    ({"q": "violencia"}, "one common word"),
    ({"q": "prevención comunitaria jóvenes"}, "three words"),
    ({"q": '"alerta temprana"'}, "phrase"),
    ({"q": "domestic violence"}, "English vocabulary term"),
    ({"q": "violencia", "country": "CL", "theme": "espacios-publicos"}, "word + 2 facets"),
    ({"q": "programa -drogas", "type": "programs"}, "exclusion + type"),
    ({"theme": "violencia-intrafamiliar", "year": "2021"}, "facets only"),
]


class Command(BaseCommand):
    help = "Benchmark the evidence search at several sizes (on an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, sizes, repeat, seed, **options):
        if Page.objects.filter(depth__gt=2).exists():
            raise CommandError(
                "This database has content pages. The benchmark commits generated entries while "
                "it runs, which the public search would show: point DATABASE_URL at an empty "
                "database (e.g. postgres://…/portal_bench) and run it again."
            )
        if connection.vendor != "postgresql":
            self.stdout.write(
                self.style.WARNING("Not PostgreSQL: figures are for SQLite (no stemming).")
            )
        rng = random.Random(seed)  # noqa: S311 - generating test data
        rows = []
        for size in sizes:
            rows.extend(self._bench(size, repeat, rng))
        header = f"{'items':>8}  {'query':<28} {'median ms':>10} {'p95 ms':>8} {'SQL/page':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for size, label, median, p95, sql, extra in rows:
            if label == "indexing":
                self.stdout.write(f"{size:>8}  {'indexing (items/s)':<28} {extra:>10.0f}")
            else:
                self.stdout.write(f"{size:>8}  {label:<28} {median:>10.1f} {p95:>8.1f} {sql:>9}")

    def _bench(self, size, repeat, rng):
        out = []
        try:
            self._clear()
            started = time.perf_counter()
            with transaction.atomic():
                self._generate(size, rng)
            elapsed = time.perf_counter() - started
            out.append((size, "indexing", 0, 0, 0, size / elapsed))
            if connection.vendor == "postgresql":
                # Committed, vacuumed and analysed, as autovacuum keeps a live table; measuring
                # inside an open transaction made every scan check the visibility of each row.
                with connection.cursor() as cursor:
                    for table in (SearchEntry, SearchEntryTerm):
                        cursor.execute(f"VACUUM ANALYZE {table._meta.db_table}")
            for params, label in QUERIES:
                query = QueryDict(mutable=True)
                for key, value in params.items():
                    query[key] = value
                _page(query)  # warm
                timings = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    _page(query)
                    timings.append((time.perf_counter() - started) * 1000)
                with CaptureQueriesContext(connection) as queries:
                    _page(query)
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
                out.append((size, label, statistics.median(timings), p95, len(queries), None))
        finally:
            self._clear()
        return out

    def _clear(self):
        """Remove the generated entries (the only ones without a page) and their index rows."""
        from django.contrib.contenttypes.models import ContentType
        from wagtail.search.models import IndexEntry

        generated = SearchEntry.objects.filter(page__isnull=True)
        with transaction.atomic():
            # Raw deletes: the per-object signals would take 100,000 queries.
            IndexEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(SearchEntry),
                object_id__in=generated.annotate(key=Cast("pk", CharField())).values("key"),
            )._raw_delete(connection.alias)
            terms = SearchEntryTerm.objects.filter(entry__page__isnull=True)
            terms._raw_delete(connection.alias)
            generated._raw_delete(connection.alias)

    def _generate(self, size, rng):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        batch = 2_000
        for start in range(0, size, batch):
            entries = []
            for i in range(start, min(size, start + batch)):
                theme = rng.choice(THEMES)
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 220)))
                entries.append(
                    SearchEntry(
                        kind=rng.choice(KINDS),
                        title=" ".join(rng.choice(WORDS) for _ in range(5)).capitalize(),
                        summary=" ".join(rng.choice(WORDS) for _ in range(25)),
                        body=body,
                        terms=TERM_NAMES[theme],
                        facet_terms=f"theme:{theme}",
                        url_path=f"/home/bench/{i}/",
                        country=rng.choice(["CL", "MX"]),
                        region=rng.randint(1, 16),
                        institution=f"institucion-{rng.randint(1, 400)}",
                        institution_title=f"Institución {rng.randint(1, 400)}",
                        year=rng.randint(2010, 2025),
                        impact_rating=rng.choice(["", "promising", "effective", "not_evaluated"]),
                        indexed=True,
                    )
                )
            created = SearchEntry.objects.bulk_create(entries)
            SearchEntryTerm.objects.bulk_create(
                [
                    SearchEntryTerm(entry=entry, vocabulary="theme", slug=slug)
                    for entry in created
                    for slug, names in TERM_NAMES.items()
                    if names == entry.terms
                ]
            )
            backend.add_bulk(SearchEntry, created)
            vectors.refresh(SearchEntry.objects.filter(pk__in=[e.pk for e in created]))


def _page(query):
    """A full results page: total, facets and the 20 results actually fetched."""
    result = Search(query).run()
    return list(result.entries[:20])
