"""Readers never wait on writers: 16 readers and 2 publishing editors for 60 s, per database.

For each engine (SQLite, the default, then PostgreSQL in a throw-away cluster) the portal is
served as README's "Deploying" says (gunicorn, 3 sync workers, production settings) with the
demo content plus ``--items`` generated items (3,000: the network of issue 24). For
``--duration`` seconds, at the same time:

- ``--readers`` readers (threads with keep-alive connections, each taking the next address of a
  shared rotation) read a mix: detail pages (from the sitemap), listings and their later
  pages, the sitemap, OAI-PMH ListRecords along its resumption tokens, the API's lists and
  items, and documents; ``--searchers`` of them only search, with and without facets (one on
  PostgreSQL; none on SQLite, where an uncached search over 3,000 items takes seconds: there
  searches are timed one at a time after the load). Each publish starts a new page cache
  generation, so most reads are rendered, not replayed. Before the run the documents' stored
  sizes are cleared, so a manual's first display writes one from a GET;
- ``--writers`` editors publish through the admin over HTTP, each signed in with its own
  session: the first adds and publishes new practices (Wagtail's add form with "publish", as
  the administrator); the others open an existing practice's edit form (a GET that writes an
  editing session) and publish it with a new title (as the network moderator), one publish
  after the other (``--pause`` between them).

Checks: no server error, no request without an answer within 30 s (gunicorn's timeout), no
"database is locked", error or worker timeout in the server's log; every publish
acknowledged, and each one there afterwards and whole (live, latest = live revision and that
page's, its specific row, its search entry); an edited page's live title is its last
acknowledged one or a later attempt; no half-written rows anywhere. Prints the figures:
requests, req/s, p50/p95/p99 (also per kind of read), errors, publishes.

    .venv/bin/python scripts/faults/readers_writers.py [--engines sqlite postgresql]
        [--duration 60] [--readers 16] [--writers 2] [--items 3000] [--searchers N]
"""

import argparse
import json
import random
import re
import shutil
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from common import ADMIN_EMAIL, AdminSession, Report, harness, pct, rich_text  # noqa: E402

MODERATOR_EMAIL = "moderacion@example.org"
MARK = "Publicada bajo carga"
RUN = time.strftime("%H%M%S")  # in titles and slugs, so a run never meets an earlier one's
# README "Deploying": gunicorn portal.wsgi --workers 3 (sync workers).
WORKERS = 3
LISTINGS = ["/practicas/", "/programas/", "/instituciones/", "/observatorios/", "/cooperacion/"]
QUERIES = [
    "violencia",
    "prevencion",
    "violencia juvenil",
    "comunitaria",
    "espacios publicos",
    "escuelas",
    "observatorio",
    "municipio",
    "mujeres",
    "barrio",
]
# Readers that only search, by engine. SQLite's full-text ranking (Wagtail's database backend)
# takes seconds per uncached search at 3,000 items; one reader searching would hold a worker
# busy for the whole run there, so on SQLite searches are timed one at a time instead.
SEARCHERS = {"sqlite": 0, "postgresql": 1}
# Share of each kind of read in the rotation of all readers but the searchers.
MIX = {
    "page": 45,
    "listing": 15,
    "sitemap": 2,
    "oai": 12,
    "api": 20,
    "document": 6,
}

SETUP_CODE = """
import json
from wagtail.models import Page
from portal.core.models import PortalDocument
from portal.institutions.models import InstitutionPage
from portal.practices.models import PracticePage
penalolen = InstitutionPage.objects.get(slug="penalolen")
practices = list(
    PracticePage.objects.live().descendant_of(penalolen).order_by("pk").values_list("pk", flat=True)
)
cleared = PortalDocument.objects.update(file_size=None)
print(json.dumps({
    "parent": penalolen.pk,
    "practices": practices,
    "documents": [d.url for d in PortalDocument.objects.order_by("pk")],
    "sizes_cleared": cleared,
}))
"""

VERIFY_CODE = """
import json
from django.db import connection
from wagtail.models import Page, Revision
from portal.core.models import PortalDocument
from portal.practices.models import PracticePage
from portal.search.models import SearchEntry
spec = json.loads(open(SPEC).read())
out = {"added": {}, "edited": {}, "integrity": {}}
for title in spec["added_attempted"]:
    page = PracticePage.objects.filter(title=title).first()
    if page is None:
        continue
    revision = Revision.objects.filter(pk=page.live_revision_id).first()
    out["added"][title] = bool(
        page.live
        and page.live_revision_id
        and page.live_revision_id == page.latest_revision_id
        and revision is not None
        and revision.object_id == str(page.pk)
        and SearchEntry.objects.filter(page_id=page.pk).exists()
    )
for page_id, titles in spec["edited_acked"].items():
    page = PracticePage.objects.get(pk=int(page_id))
    live = Revision.objects.filter(pk=page.live_revision_id).first()
    out["edited"][page_id] = {
        "live_title": page.title,
        "live_revision_title": live.content.get("title") if live else None,
        "live_is_latest": page.live_revision_id == page.latest_revision_id,
        "revisions_found": sorted(
            set(
                Revision.objects.filter(object_id=page_id, content__title__in=titles)
                .values_list("content__title", flat=True)
            )
        ),
    }
checks = {
    "pages whose latest revision is missing": (
        "SELECT count(*) FROM wagtailcore_page p LEFT JOIN wagtailcore_revision r "
        "ON r.id = p.latest_revision_id WHERE p.latest_revision_id IS NOT NULL AND r.id IS NULL"
    ),
    "pages whose live revision is missing or another page's": (
        "SELECT count(*) FROM wagtailcore_page p LEFT JOIN wagtailcore_revision r "
        "ON r.id = p.live_revision_id WHERE p.live_revision_id IS NOT NULL "
        "AND (r.id IS NULL OR r.object_id <> CAST(p.id AS TEXT))"
    ),
    "live pages with revisions but no live revision": (
        "SELECT count(*) FROM wagtailcore_page p WHERE p.live AND p.live_revision_id IS NULL "
        "AND p.latest_revision_id IS NOT NULL"
    ),
    "practice page rows without their specific row": (
        "SELECT count(*) FROM wagtailcore_page p JOIN django_content_type ct "
        "ON ct.id = p.content_type_id LEFT JOIN practices_practicepage pp "
        "ON pp.page_ptr_id = p.id WHERE ct.model = 'practicepage' AND pp.page_ptr_id IS NULL"
    ),
    "search entries of pages that are not live": (
        "SELECT count(*) FROM portal_search_searchentry se JOIN wagtailcore_page p "
        "ON p.id = se.page_id WHERE NOT p.live"
    ),
}
with connection.cursor() as cursor:
    for label, sql in checks.items():
        cursor.execute(sql)
        out["integrity"][label] = cursor.fetchone()[0]
out["pages"] = Page.objects.count()
out["revisions"] = Revision.objects.count()
out["document_sizes_stored"] = PortalDocument.objects.filter(file_size__isnull=False).count()
out["documents"] = PortalDocument.objects.count()
print(json.dumps(out))
"""


def shell(env: dict, code: str, timeout: float = 120) -> dict:
    """Run ``code`` in ``manage.py shell`` with ``env``; the JSON it prints last."""
    done = harness.manage(["shell", "-c", code], env, timeout=timeout)
    return json.loads(done.stdout.strip().splitlines()[-1])


def local(url: str) -> str:
    """The path and query of ``url`` (the portal's absolute links name its own host)."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def build_mix(
    base: str, facts: dict, shares: dict, size: int, seed: int = 24
) -> tuple[list, list, dict]:
    """The readers' (kind, path) rotation, the searches, and how many addresses of each kind
    there were to draw from: all from what the portal itself links to."""
    http = requests.Session()

    def get(path: str) -> requests.Response:
        response = http.get(base + path, timeout=60, allow_redirects=False)
        if response.status_code != 200:
            raise harness.HarnessError(f"GET {path}: {response.status_code} while building the mix")
        return response

    pools: dict[str, list[str]] = {kind: [] for kind in [*shares, "search"]}
    sitemap = get("/sitemap.xml").text
    pools["sitemap"] = ["/sitemap.xml"]
    pools["page"] = [local(u) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    for listing in LISTINGS:
        pools["listing"] += [listing, f"/en{listing}"] + [
            f"{listing}?page={n}" for n in range(2, 9)
        ]
    pools["listing"] += ["/practicas/?country=CL", "/programas/?country=MX"]
    for query in QUERIES:
        pools["search"].append("/buscar/?" + urllib.parse.urlencode({"q": query}))
        pools["search"].append("/en/search/?" + urllib.parse.urlencode({"q": query}))
        pools["search"].append("/buscar/?" + urllib.parse.urlencode({"q": query, "country": "CL"}))
    # OAI-PMH: a harvest, page after page along the resumption tokens (at most 40 pages).
    path = "/oai/?verb=ListRecords&metadataPrefix=oai_dc"
    for _ in range(40):
        pools["oai"].append(path)
        token = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", get(path).text)
        if not token:
            break
        path = "/oai/?" + urllib.parse.urlencode(
            {"verb": "ListRecords", "resumptionToken": token[1]}
        )
    # The API: each collection's lists (a few offsets) and the items they name.
    endpoints = get("/api/v1/").json()["endpoints"]
    for name, url in endpoints.items():
        listing = local(url)
        if name in ("vocabularies", "funding_index_editions"):
            pools["api"].append(listing)
            continue
        for offset in (0, 20, 40, 100):
            pools["api"].append(f"{listing}?limit=20&offset={offset}")
        for result in get(f"{listing}?limit=20").json().get("results", []):
            if "id" in result:
                pools["api"].append(f"{listing}{result['id']}/")
    pools["document"] = list(facts["documents"])
    searches = [("search", path) for path in pools.pop("search")]
    pools = {kind: paths for kind, paths in pools.items() if paths and shares.get(kind)}
    rng = random.Random(seed)
    total = sum(shares[kind] for kind in pools)
    mix = []
    for kind, paths in pools.items():
        mix += [(kind, rng.choice(paths)) for _ in range(round(size * shares[kind] / total))]
    rng.shuffle(mix)
    rng.shuffle(searches)
    sizes = {kind: len(paths) for kind, paths in pools.items()} | {"search": len(searches)}
    return mix, searches, sizes


class Readers:
    """Threads reading until ``stop``: for each ``(rotation, count)``, ``count`` threads take the
    rotation's addresses in turn (each thread the next one)."""

    def __init__(self, base: str, rotations: list, stop: threading.Event, timeout=30):
        self.base, self.stop, self.timeout = base, stop, timeout
        self.lock = threading.Lock()
        self.rotations = [rotation for rotation, _count in rotations]
        self.next = [0] * len(self.rotations)
        # (kind, status, seconds, from the page cache); status 0: no answer (connection error or
        # timeout).
        self.rows: list[tuple[str, int, float, bool]] = []
        self.failures: list[str] = []
        self.threads = [
            threading.Thread(target=self._read, args=(number,), daemon=True)
            for number, (_rotation, count) in enumerate(rotations)
            for _ in range(count)
        ]

    def start(self) -> None:
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=self.timeout + 10)
        self.took = time.monotonic() - self.started
        self.hung = sum(thread.is_alive() for thread in self.threads)

    def _read(self, number: int) -> None:
        http = requests.Session()
        rotation = self.rotations[number]
        while not self.stop.is_set():
            with self.lock:
                kind, path = rotation[self.next[number] % len(rotation)]
                self.next[number] += 1
            start = time.monotonic()
            try:
                # Read the body as sent (gzip when the page cache has it), without decoding.
                with http.get(
                    self.base + path, timeout=self.timeout, allow_redirects=False, stream=True
                ) as response:
                    for _chunk in response.raw.stream(65536, decode_content=False):
                        pass
                    status = response.status_code
                    cached = response.headers.get("X-Page-Cache") == "hit"
            except requests.RequestException as error:
                status, cached = 0, False
                http = requests.Session()
                with self.lock:
                    self.failures.append(f"{path}: {type(error).__name__}")
            seconds = time.monotonic() - start
            with self.lock:
                self.rows.append((kind, status, seconds, cached))
                if status >= 400:
                    self.failures.append(f"{path}: {status}")

    def figures(self) -> dict:
        def summary(rows):
            times = [row[2] for row in rows]
            return {
                "requests": len(rows),
                "cached": sum(1 for row in rows if row[3]),
                "p50_ms": round(pct(times, 50) * 1000, 1),
                "p95_ms": round(pct(times, 95) * 1000, 1),
                "p99_ms": round(pct(times, 99) * 1000, 1),
                "max_ms": round(max(times, default=0) * 1000, 1),
                "5xx": sum(1 for row in rows if row[1] >= 500),
                "4xx": sum(1 for row in rows if 400 <= row[1] < 500),
                "no_answer": sum(1 for row in rows if row[1] == 0),
            }

        total = summary(self.rows)
        total["rps"] = round(len(self.rows) / self.took, 1) if self.took else 0.0
        total["seconds"] = round(self.took, 1)
        kinds = sorted({row[0] for row in self.rows})
        total["kinds"] = {
            kind: summary([row for row in self.rows if row[0] == kind]) for kind in kinds
        }
        return total


class Writer(threading.Thread):
    """One editor publishing through the admin over HTTP until ``stop`` is set."""

    def __init__(self, base, email, password, stop, number, facts, pause=0.0):
        super().__init__(daemon=True)
        self.session = AdminSession(base, timeout=60)
        self.email, self.password, self.stop, self.number = email, password, stop, number
        self.pause = pause
        self.adds = number == 0
        self.parent = facts["parent"]
        practices = facts["practices"]
        self.page_id = None if self.adds else practices[(number - 1) % len(practices)]
        self.attempted: list[str] = []
        self.acked: list[str] = []
        self.publish_s: list[float] = []
        self.form_s: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors: list[str] = []

    def _count(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def run(self) -> None:
        try:
            self.session.login(self.email, self.password)
        except (RuntimeError, requests.RequestException) as error:
            self.errors.append(f"sign-in: {error}")
            self._count(0)
            return
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"{MARK} {RUN}-{self.number}-{n}"
            try:
                self._publish(n, title)
            except (RuntimeError, requests.RequestException) as error:
                self.errors.append(f"{title}: {error}"[:300])
                self._count(0)
            self.stop.wait(self.pause)

    def _publish(self, n: int, title: str) -> None:
        if self.adds:
            path = f"/admin/pages/add/practices/practicepage/{self.parent}/"
            overrides = {
                "title": title,
                "slug": f"publicada-bajo-carga-{RUN}-{self.number}-{n}",
                "summary": "Publicada mientras otros leen.",
                "status": "running",
                "start_year": "2024",
                "problem": rich_text("Una publicación que debe quedar entera."),
            }
        else:
            path = f"/admin/pages/{self.page_id}/edit/"
            overrides = {"title": title}
        start = time.monotonic()
        data = self.session.form_data(path, **overrides)  # the editor's GET; raises unless 200
        self.form_s.append(time.monotonic() - start)
        self._count(200)
        data["action-publish"] = "action-publish"
        self.attempted.append(title)
        start = time.monotonic()
        response = self.session.post(path, data)
        self.publish_s.append(time.monotonic() - start)
        self._count(response.status_code)
        location = response.headers.get("Location", "")
        if response.status_code == 302 and "/edit/" not in location and "/add/" not in location:
            self.acked.append(title)
        else:
            self.errors.append(f"{title}: {response.status_code} {location}"[:300])


def run_engine(engine: str, args, report: Report) -> dict:
    """Set up ``engine``, run readers and writers, check; the figures."""
    pg = harness.PostgresCluster() if engine == "postgresql" else None
    workdir = None
    try:
        if pg:
            pg.start()
            env = harness.portal_env(DATABASE_URL=pg.create_database("portal"))
        else:
            env = harness.portal_env()
        workdir = env["VAR_DIR"]
        started = time.monotonic()
        harness.prepare_database(env)
        harness.manage(["generate_content", str(args.items), "--force"], env | {"DEBUG": "1"})
        if pg:
            # fsync off for the setup only; the run is durable as in production.
            pg.psql("ALTER SYSTEM SET fsync = on")
            pg.psql("ALTER SYSTEM SET full_page_writes = on")
            pg.psql("SELECT pg_reload_conf()")
        facts = shell(env, SETUP_CODE)
        report.info(
            f"{engine}: demo content + {args.items} generated items ready in "
            f"{time.monotonic() - started:.0f} s; {facts['sizes_cleared']} document sizes cleared"
        )
        with harness.Portal(env, workers=WORKERS, threads=args.threads) as portal:
            return load(engine, env, portal, facts, args, report)
    finally:
        if pg:
            pg.close()
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def load(engine, env, portal, facts, args, report) -> dict:
    """Readers and writers against a running portal for ``args.duration`` s; checked."""
    mode = ""
    if "sqlite" in env["DATABASE_URL"]:
        mode = ", journal " + shell(
            env,
            "import json; from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(json.dumps(c.fetchone()[0]))",
        )
    report.info(
        f"{engine}: portal {portal.url} (gunicorn {WORKERS} workers x {args.threads} "
        f"thread{'s' if args.threads > 1 else ''}{mode}); "
        f"{args.readers} readers, {args.writers} writers (pause {args.pause} s), "
        f"{args.duration} s"
    )
    searchers = min(
        args.searchers if args.searchers is not None else SEARCHERS[engine], args.readers
    )
    mix, searches, pools = build_mix(portal.url, facts, {**MIX, **args.mix}, size=4000)
    report.info(
        f"{engine}: the readers' rotation, {len(mix)} addresses drawn from "
        + ", ".join(f"{kind} {count}" for kind, count in pools.items() if kind != "search")
        + f"; {searchers} of the readers search ({len(searches)} queries in turn)"
    )
    if engine == "sqlite" and not searchers:
        report.info(
            f"{engine}: no reader searches (--searchers): an uncached search over "
            f"{args.items} items takes seconds on SQLite (measured below, one at a time)"
        )
    # Warm-up (not counted): every worker compiles its templates and fills its caches.
    warm_stop = threading.Event()
    warm = Readers(portal.url, [(mix, 3), (searches, 1)], warm_stop)
    warm.start()
    time.sleep(10)
    warm_stop.set()
    warm.join()
    stop = threading.Event()
    password = harness.demo_password(env)
    writers = [
        Writer(
            portal.url,
            ADMIN_EMAIL if number == 0 else MODERATOR_EMAIL,
            password,
            stop,
            number,
            facts,
            pause=args.pause,
        )
        for number in range(args.writers)
    ]
    rotations = [(mix[len(mix) // 2 :] + mix[: len(mix) // 2], args.readers - searchers)]
    readers = Readers(portal.url, [*rotations, (searches, searchers)], stop)
    for writer in writers:
        writer.start()
    readers.start()
    try:
        time.sleep(args.duration)
    finally:
        stop.set()
        readers.join()
        for writer in writers:
            writer.join(timeout=90)
    figures = check(engine, env, report, readers, writers, portal.log(10_000_000), portal.alive())
    figures["search_alone_ms"] = search_alone(
        engine, portal.url, searches, args.search_probe, report
    )
    return figures


def search_alone(engine, base, searches, count, report) -> dict:
    """``count`` searches one after the other with nothing else running, past the page cache
    (a session cookie): what one visitor's search costs on this engine."""
    times = []
    http = requests.Session()
    for _kind, path in searches[:count]:
        start = time.monotonic()
        response = http.get(base + path, timeout=120, cookies={"sessionid": "none"})
        times.append(time.monotonic() - start)
        report.check(f"{engine}: search alone {path} answers 200", response.status_code == 200)
    figures = {
        "count": len(times),
        "p50": round(pct(times, 50) * 1000),
        "max": round(max(times, default=0) * 1000),
    }
    report.info(
        f"{engine}: {len(times)} searches alone, uncached: p50 {figures['p50']} ms, "
        f"max {figures['max']} ms"
    )
    return figures


def check(engine, env, report, readers, writers, log, alive) -> dict:
    reads = readers.figures()
    publish_s = [s for w in writers for s in w.publish_s]
    form_s = [s for w in writers for s in w.form_s]
    attempted = sum(len(w.attempted) for w in writers)
    acked = sum(len(w.acked) for w in writers)
    statuses: dict[int, int] = {}
    for writer in writers:
        for status, count in writer.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    writer_failures = sum(n for status, n in statuses.items() if status >= 500 or status == 0)
    figures = {
        "engine": engine,
        **{key: value for key, value in reads.items() if key != "kinds"},
        "publishes": acked,
        "publish_attempts": attempted,
        "publish_p50_ms": round(pct(publish_s, 50) * 1000),
        "publish_p95_ms": round(pct(publish_s, 95) * 1000),
        "publish_max_ms": round(max(publish_s, default=0) * 1000),
        "form_p95_ms": round(pct(form_s, 95) * 1000),
        "kinds": reads["kinds"],
    }
    report.info(
        f"{engine}: readers {reads['requests']} requests in {reads['seconds']} s = "
        f"{reads['rps']} req/s ({reads['cached']} from the page cache); p50 {reads['p50_ms']} ms, p95 {reads['p95_ms']} ms, "
        f"p99 {reads['p99_ms']} ms, max {reads['max_ms']} ms; 5xx {reads['5xx']}, "
        f"4xx {reads['4xx']}, no answer {reads['no_answer']}"
    )
    for kind, row in reads["kinds"].items():
        report.info(
            f"{engine}:   {kind:<9} {row['requests']:>6} requests ({row['cached']} from the page "
            f"cache), p50 {row['p50_ms']} ms, "
            f"p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms, max {row['max_ms']} ms, "
            f"errors {row['5xx'] + row['4xx'] + row['no_answer']}"
        )
    report.info(
        f"{engine}: writers {acked} publishes acknowledged of {attempted} attempted; publish "
        f"p50 {figures['publish_p50_ms']} ms, p95 {figures['publish_p95_ms']} ms, max "
        f"{figures['publish_max_ms']} ms; the editor's form (GET) p95 {figures['form_p95_ms']} ms; "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    for failure in readers.failures[:5]:
        report.info(f"{engine}: reader: {failure}")
    for writer in writers:
        for error in writer.errors[:3]:
            report.info(f"{engine}: writer {writer.number} ({writer.email}): {error}")
    report.check(f"{engine}: readers were served", reads["requests"] > 0, str(reads["requests"]))
    report.check(
        f"{engine}: 0 server errors (5xx) among readers", reads["5xx"] == 0, str(reads["5xx"])
    )
    report.check(
        f"{engine}: 0 client errors (4xx) among readers (every address exists)",
        reads["4xx"] == 0,
        str(reads["4xx"]),
    )
    report.check(
        f"{engine}: every reader's request answered within {readers.timeout} s",
        reads["no_answer"] == 0 and readers.hung == 0,
        f"{reads['no_answer']} without an answer, {readers.hung} readers hung",
    )
    report.check(
        f"{engine}: 0 server errors or failed requests among writers",
        writer_failures == 0,
        str(writer_failures),
    )
    report.check(
        f"{engine}: every publish attempted was acknowledged (at least 10)",
        acked == attempted and acked >= 10,
        f"{acked} of {attempted}",
    )
    locked = log.count("database is locked")
    errors = len(re.findall(r" ERROR |Traceback|WORKER TIMEOUT", log))
    report.check(
        f"{engine}: no 'database is locked', error or worker timeout in the server log",
        locked == 0 and errors == 0,
        f"{locked} locked, {errors} errors",
    )
    report.check(f"{engine}: the portal is still up", alive)
    added = next((w for w in writers if w.adds), None)
    spec = {
        "added_attempted": added.attempted if added else [],
        "edited_acked": {str(w.page_id): w.acked for w in writers if not w.adds},
    }
    spec_path = Path(env["VAR_DIR"]) / "verify.json"
    spec_path.write_text(json.dumps(spec))
    found = shell(env, f"SPEC = {str(spec_path)!r}\n" + VERIFY_CODE, timeout=300)
    missing = [t for t in (added.acked if added else []) if t not in found["added"]]
    partial = [t for t, whole in found["added"].items() if not whole]
    report.check(
        f"{engine}: every acknowledged new page is there, whole (live, latest = live revision "
        "of that page, specific row, search entry)",
        not missing and not partial,
        f"{len(added.acked) if added else 0} acknowledged, {len(found['added'])} found; "
        f"missing {missing[:3]}, partial {partial[:3]}",
    )
    for writer in writers:
        if writer.adds:
            continue
        seen = found["edited"].get(str(writer.page_id), {})
        later = writer.attempted[writer.attempted.index(writer.acked[-1]) :] if writer.acked else []
        report.check(
            f"{engine}: page {writer.page_id}: every acknowledged edit has its revision, and the "
            "live title is the last acknowledged one (or a later attempt)",
            len(seen.get("revisions_found", [])) == len(writer.acked)
            and seen.get("live_title") in later
            and seen.get("live_revision_title") == seen.get("live_title")
            and seen.get("live_is_latest"),
            f"{len(seen.get('revisions_found', []))} of {len(writer.acked)} revisions; live "
            f"{seen.get('live_title')!r}",
        )
    for label, count in found["integrity"].items():
        report.check(f"{engine}: 0 {label}", count == 0, f"{count} of {found['pages']} pages")
    report.info(
        f"{engine}: document sizes stored again by GET requests: "
        f"{found['document_sizes_stored']} of {found['documents']}"
    )
    if not report.ok:
        report.info(f"{engine}: server log (tail):\n" + log[-3000:])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engines", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (README's deployment: 1, sync workers)",
    )
    parser.add_argument(
        "--searchers",
        type=int,
        default=None,
        help="how many of the readers only search (default: 1 on PostgreSQL, 0 on SQLite)",
    )
    parser.add_argument(
        "--search-probe", type=int, default=6, help="searches timed one at a time after the load"
    )
    parser.add_argument(
        "--mix",
        nargs="*",
        default=[],
        type=lambda text: (text.split("=")[0], float(text.split("=")[1])),
        metavar="KIND=SHARE",
        help=f"change a kind's share of the reads (kinds: {', '.join(MIX)}); 0 leaves it out",
    )
    parser.add_argument(
        "--pause", type=float, default=0.0, help="seconds between one editor's publishes"
    )
    args = parser.parse_args()
    args.mix = dict(args.mix)
    report = Report(
        f"readers_writers: {args.readers} readers and {args.writers} writers for "
        f"{args.duration} s, {args.items} generated items"
    )
    results = []
    for engine in args.engines:
        try:
            results.append(run_engine(engine, args, report))
        except (harness.HarnessError, RuntimeError, KeyError, ValueError) as error:
            report.fail(f"{engine}: setup or run", str(error)[-2000:])
    for figures in results:
        report.info("figures " + json.dumps({k: v for k, v in figures.items() if k != "kinds"}))
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
