"""HTTP speed benchmark of the portal (``make bench``): pages per second against a bare view.

    .venv/bin/python scripts/bench.py [--sizes 10000 100000] [--duration 10] [--connections 12]

For each size, in increasing order, on a dedicated PostgreSQL database (``portal_bench_http``
on the shared server, created at the start and dropped at the end; ``BENCH_ADMIN_URL`` is the
maintenance connection):

1. ``generate_content`` tops the database up to that many generated items (the time is printed);
2. a portal with production settings and the default page cache (the database cache; ``--env
   CACHE_URL=redis://127.0.0.1:6379/0`` for Redis) runs under gunicorn on 127.0.0.1
   (``scripts/harness.py``), with ``BENCH_BARE_VIEW=1`` so that ``/bench/bare/`` answers "ok"
   through the same middleware;
3. ``wrk`` loads each URL in turn for ``--duration`` seconds with ``--connections`` connections,
   asking for gzip as browsers do:
   the bare view, the home page, each listing with and without filters, each detail page type,
   the search with and without facets, the API (list and item) and a CSV export;
4. a second portal with ``PAGE_CACHE_SECONDS=0`` serves every detail page type uncached,
   rotating over 20 pages of the type, at ``--light-connections`` (2) connections, so the
   latency is a render's, not a queue's: p50, p95 and p99. It runs gunicorn's sync workers
   (``--uncached-threads 1``), as README's deployment does: with threads, both connections
   often landed in one worker and two renders shared its interpreter lock, doubling latency
   while the other worker idled;
5. one uncached render of each URL is counted in SQL queries (Django test client).

It prints one table per size: page, URL, requests/s, p50 and p99 ms, the ratio to the bare
view's requests/s, the page cache's answer (X-Page-Cache), SQL queries of an uncached render,
and PASS/FAIL against the targets (anonymous pages at >= 50% of the bare view; uncached detail
pages p95 < 50 ms at 100,000 items). wrk runs on the same machine as the server, so it takes
CPU from it: the ratios matter more than the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.harness import (  # noqa: E402
    HarnessError,
    Portal,
    manage,
    portal_env,
    prepare_database,
    run_wrk,
)

ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://portal:portal@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench_http")
RATIO_TARGET = 0.5
P95_TARGET_MS = 50.0
P95_TARGET_SIZE = 100_000
SAMPLE = 20  # detail pages of each type the uncached run rotates over
# Every browser asks for gzip; the page cache keeps pages gzipped (portal/core/pagecache.py).
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}

DETAIL_TYPES = [
    ("institution", "institutionpage"),
    ("practice", "practicepage"),
    ("manual", "manualpage"),
    ("program", "programpage"),
    ("observatory", "observatorypage"),
    ("report", "observatoryreportpage"),
    ("project", "projectpage"),
    ("meeting", "exchangeeventpage"),
    ("fund", "fundpage"),
]
THEME = "violencia-intrafamiliar"


def fixed_urls() -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("practices", "/practicas/"),
        ("practices filtered", f"/practicas/?country=CL&theme={THEME}&sort=title"),
        ("manuals", "/practicas/manuales/"),
        ("manuals filtered", "/practicas/manuales/?country=MX&theme=espacios-publicos"),
        ("programs", "/programas/"),
        ("programs filtered", "/programas/?country=CL&theme=mercados-de-drogas&page=2"),
        ("observatories", "/observatorios/"),
        ("observatories filtered", "/observatorios/?country=MX&theme=incidencia-delictiva"),
        ("cooperation", "/cooperacion/"),
        ("cooperation page 3", "/cooperacion/?page=3"),
        ("institutions", "/instituciones/"),
        ("search", "/buscar/?q=violencia"),
        ("search + facets", f"/buscar/?q=prevenci%C3%B3n+barrio&country=CL&theme={THEME}"),
        ("API list", f"/api/v1/practices/?country=CL&theme={THEME}"),
        ("export CSV", f"/practicas/?country=MX&theme={THEME}&format=csv"),
    ]


# --- The database


def psql(sql: str, url: str, timeout: float = 600) -> str:
    done = subprocess.run(
        ["psql", url, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise HarnessError(f"psql failed: {done.stderr[-1500:]}")
    return done.stdout.strip()


def database_url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def create_database() -> str:
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', ADMIN_URL)
    psql(f'CREATE DATABASE "{DATABASE}"', ADMIN_URL)
    return database_url(DATABASE)


def drop_database() -> None:
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', ADMIN_URL)


def sample_pages(url: str) -> dict[str, list[str]]:
    """Up to SAMPLE URLs of live pages of each detail type, spread over the type's ids."""
    root = psql(
        "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p "
        "ON p.id = s.root_page_id WHERE s.is_default_site",
        url,
    )
    models = ", ".join(f"'{model}'" for _label, model in DETAIL_TYPES)
    rows = psql(
        "SELECT model, url_path FROM (SELECT ct.model, p.url_path, "
        "row_number() OVER (PARTITION BY ct.model ORDER BY p.id) AS n, "
        "count(*) OVER (PARTITION BY ct.model) AS total "
        "FROM wagtailcore_page p JOIN django_content_type ct ON ct.id = p.content_type_id "
        f"WHERE p.live AND ct.app_label <> 'wagtailcore' AND ct.model IN ({models})) t "
        f"WHERE n % greatest(total / {SAMPLE}, 1) = 0 ORDER BY model, n",
        url,
    )
    pages: dict[str, list[str]] = {}
    for line in rows.splitlines():
        model, url_path = line.split("\t")
        pages.setdefault(model, []).append("/" + url_path[len(root) :])
    return {model: found[:SAMPLE] for model, found in pages.items()}


# --- Measuring


def query_counts(env: dict, paths: list[str], root: Path = ROOT) -> dict[str, int]:
    """SQL queries of one uncached render of each path (in-process test client)."""
    code = (
        "import json\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "out = {}\n"
        f"for path in {paths!r}:\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        client.get(path)\n"
        "    out[path] = len(queries)\n"
        "print('COUNTS ' + json.dumps(out))\n"
    )
    done = manage(["shell", "-c", code], env | {"PAGE_CACHE_SECONDS": "0"}, timeout=900, root=root)
    match = re.search(r"^COUNTS (.*)$", done.stdout, re.M)
    return json.loads(match.group(1)) if match else {}


def probe(base: str, path: str) -> tuple[int, str]:
    """(status, X-Page-Cache of the second request) of a path."""
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(base)
    status, cache = 0, ""
    for _ in range(2):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status, cache = response.status, response.getheader("X-Page-Cache", "")
        except (OSError, http.client.HTTPException):
            status, cache = 0, ""
        finally:
            conn.close()
    return status, cache.lower() or "-"


def wrk(base: str, paths: list[str], args, connections: int) -> dict:
    figures = run_wrk(
        base,
        paths,
        duration=args.duration,
        connections=connections,
        threads=min(2, connections),
        headers=BROWSER_HEADERS,
    )
    if figures["status_5xx"] or figures["socket_errors_total"]:
        figures["note"] = (
            f"{figures['status_5xx']} 5xx, {figures['socket_errors_total']} socket errors"
        )
    return figures


def median_run(results: list[dict]) -> dict:
    """The run with the median p95 (its notes joined with the others')."""
    ranked = sorted(results, key=lambda run: run["latency_ms"]["p95"])
    chosen = dict(ranked[(len(ranked) - 1) // 2])
    notes = [run["note"] for run in results if run.get("note")]
    if notes:
        chosen["note"] = "; ".join(notes)
    chosen["p95_runs"] = [run["latency_ms"]["p95"] for run in results]
    return chosen


def warm_up(base: str, paths: list[str], connections: int) -> None:
    """A few seconds of load over ``paths`` before measuring: every worker and thread has
    compiled its templates and opened its database connection (a first render is cold)."""
    run_wrk(base, paths, duration=3, connections=connections, threads=min(2, connections))


def bench_size(env: dict, args) -> dict:
    pages = sample_pages(env["DATABASE_URL"])
    rows, detail, bare = [], [], 0.0
    if args.part in ("all", "cached"):
        urls = fixed_urls()
        for label, model in DETAIL_TYPES:
            if pages.get(model):
                urls.append((f"{label} (detail)", pages[model][len(pages[model]) // 2]))
        with Portal(env, workers=args.workers, threads=args.threads) as portal:
            probes = {path: probe(portal.url, path) for _label, path in urls}
            warm_up(portal.url, ["/bench/bare/", *probes], args.connections)
            # The reference is measured first and last; the ratios use the faster of the two,
            # so a slow moment of a shared machine cannot flatter the pages.
            first = wrk(portal.url, ["/bench/bare/"], args, args.connections)
            rows.append(("bare Django view", "/bench/bare/", first, "-", "bare"))
            for label, path in urls:
                status, cache = probes[path]
                if status != 200:
                    rows.append((label, path, None, cache, f"HTTP {status}"))
                    continue
                figures = wrk(portal.url, [path], args, args.connections)
                rows.append((label, path, figures, cache, ""))
            last = wrk(portal.url, ["/bench/bare/"], args, args.connections)
            rows.append(("bare Django view, again", "/bench/bare/", last, "-", "bare"))
            bare = max(first["rps"], last["rps"])
    if args.part in ("all", "uncached"):
        uncached_env = env | {"PAGE_CACHE_SECONDS": "0"}
        with Portal(uncached_env, workers=args.workers, threads=args.uncached_threads) as portal:
            every = [path for paths in pages.values() for path in paths]
            for path in every:
                probe(portal.url, path)
            warm_up(portal.url, ["/bench/bare/", *every], args.light_connections)
            # The same server's cheapest answer, before and after: how fast the machine was.
            bare_view = ["/bench/bare/"]
            detail.append(
                ("bare view", bare_view, wrk(portal.url, bare_view, args, args.light_connections))
            )
            for label, model in DETAIL_TYPES:
                paths = pages.get(model) or []
                if paths:
                    figures = wrk(portal.url, paths, args, args.light_connections)
                    detail.append((label, paths, figures))
            detail.append(
                ("bare, again", bare_view, wrk(portal.url, bare_view, args, args.light_connections))
            )
    counts = query_counts(env, [path for _label, path, *_rest in rows if path != "/bench/bare/"])
    counts.update(
        query_counts(env, [paths[0] for _label, paths, _f in detail if paths[0] != "/bench/bare/"])
    )
    return {"rows": rows, "detail": detail, "counts": counts, "bare": bare}


RATIO_BUDGET = 1.3  # uncached p95 of this checkout over the baseline's, per page type
QUERY_BUDGET = 3  # SQL queries a page may add over the baseline


def compare_uncached(current_env: dict, baseline_env: dict, args, out) -> int:
    """Uncached detail pages of this checkout against the ``--baseline`` checkout, on the same
    content, alternating type by type (which goes first flips each time), so that a slow
    moment of the machine weighs on both. Prints p95 of each, the ratio and SQL counts."""
    pages = sample_pages(current_env["DATABASE_URL"])
    servers = {
        "baseline": Portal(
            baseline_env | {"PAGE_CACHE_SECONDS": "0"},
            workers=args.workers,
            threads=args.uncached_threads,
            root=args.baseline,
        ),
        "current": Portal(
            current_env | {"PAGE_CACHE_SECONDS": "0"},
            workers=args.workers,
            threads=args.uncached_threads,
        ),
    }
    every = [path for paths in pages.values() for path in paths]
    figures: dict[str, dict] = {"baseline": {}, "current": {}}
    try:
        for server in servers.values():
            server.start()
            for path in every:
                probe(server.url, path)
            warm_up(server.url, ["/bench/bare/", *every], args.light_connections)
        rounds = [("bare view", ["/bench/bare/"])]
        rounds += [(label, pages[model]) for label, model in DETAIL_TYPES if pages.get(model)]
        # Each type --rounds times, which side goes first flipping each time; the median p95
        # of each side is compared (one run's p95 moved by up to 1.5x with the machine).
        runs: dict[str, dict] = {"baseline": {}, "current": {}}
        number = 0
        for _ in range(args.rounds):
            for label, paths in rounds:
                order = ["baseline", "current"] if number % 2 == 0 else ["current", "baseline"]
                number += 1
                for name in order:
                    run = wrk(servers[name].url, paths, args, args.light_connections)
                    runs[name].setdefault(label, []).append(run)
        for name, by_label in runs.items():
            for label, results in by_label.items():
                figures[name][label] = median_run(results)
    finally:
        for server in servers.values():
            server.stop()
    sampled = [paths[0] for _label, paths in rounds[1:]]
    counts = {
        "baseline": query_counts(baseline_env, sampled, root=args.baseline),
        "current": query_counts(current_env, sampled),
    }
    out(
        f"\n   uncached detail pages against {args.baseline} (same database content, "
        f"alternating), {SAMPLE} pages of each type, gunicorn {args.workers} workers x "
        f"{args.uncached_threads} thread(s), wrk {args.light_connections} connections x "
        f"{args.duration} s, median of {args.rounds} run(s) per side"
    )
    header = (
        f"   {'page':<14} {'base p95':>9} {'this p95':>9} {'ratio':>6} {'base SQL':>9} "
        f"{'this SQL':>9}  budget: ratio <= {RATIO_BUDGET}, SQL +{QUERY_BUDGET}"
    )
    out(header)
    out("   " + "-" * (len(header) - 3))
    failures = 0
    for label, paths in rounds:
        base, this = figures["baseline"][label], figures["current"][label]
        ratio = this["latency_ms"]["p95"] / max(base["latency_ms"]["p95"], 0.001)
        if paths == ["/bench/bare/"]:
            sql_base = sql_this = "-"
            verdict = "reference"
        else:
            sql_base = counts["baseline"].get(paths[0], "?")
            sql_this = counts["current"].get(paths[0], "?")
            passed = ratio <= RATIO_BUDGET and not (base.get("note") or this.get("note"))
            if isinstance(sql_base, int) and isinstance(sql_this, int):
                passed = passed and sql_this <= sql_base + QUERY_BUDGET
            failures += not passed
            verdict = "PASS" if passed else "FAIL"
            for note in (base.get("note"), this.get("note")):
                if note:
                    verdict += f" ({note})"
        spread = ""
        if len(base.get("p95_runs", [])) > 1:
            spread = "  runs " + " / ".join(
                ", ".join(f"{value:.1f}" for value in side["p95_runs"]) for side in (base, this)
            )
        out(
            f"   {label:<14} {base['latency_ms']['p95']:>9.1f} {this['latency_ms']['p95']:>9.1f} "
            f"{ratio:>6.2f} {sql_base!s:>9} {sql_this!s:>9}  {verdict}{spread}"
        )
    return failures


def cache_store(args) -> str:
    """The page cache's store, as --env CACHE_URL gives it (the database cache without one)."""
    urls = [item.split("=", 1)[1] for item in args.env if item.startswith("CACHE_URL=")]
    return urls[-1].split("@")[-1] if urls and urls[-1] else "CACHE_URL unset: the database"


def print_tables(size: int, result: dict, generated: float, args, out) -> int:
    failures = 0
    bare = result["bare"] or 1
    counts = result["counts"]
    out(
        f"\n== {size:,} items ({f'generated in {generated:.0f} s' if generated else 'reused'}) - gunicorn {args.workers} workers x "
        f"{args.threads} threads, wrk {args.connections} connections x {args.duration} s per URL, "
        f"page cache on ({cache_store(args)})"
    )
    header = (
        f"{'page':<24} {'URL':<58} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6} "
        f"{'cache':>5} {'SQL':>4}  target"
    )
    out(header)
    out("-" * len(header))
    for label, path, figures, cache, note in result["rows"]:
        shown = path if len(path) <= 58 else path[:55] + "..."
        if figures is None:
            out(f"{label:<24} {shown:<58} {note}")
            failures += 1
            continue
        ratio = figures["rps"] / bare
        latency = figures["latency_ms"]
        if note == "bare":
            verdict = ""
        else:
            passed = ratio >= RATIO_TARGET and not figures.get("note")
            failures += not passed
            verdict = "PASS" if passed else "FAIL"
            if figures.get("note"):
                verdict += f" ({figures['note']})"
        sql = counts.get(path, "")
        out(
            f"{label:<24} {shown:<58} {figures['rps']:>7.0f} {latency['p50']:>7.1f} "
            f"{latency['p99']:>7.1f} {ratio:>6.2f} {cache:>5} {sql!s:>4}  {verdict}"
        )
    out(
        f"\n   uncached detail pages (PAGE_CACHE_SECONDS=0), {SAMPLE} pages of each type in "
        f"rotation, gunicorn {args.workers} workers x {args.uncached_threads} thread(s), "
        f"wrk {args.light_connections} connections x {args.duration} s"
    )
    header = (
        f"   {'page':<14} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'SQL':>4}  "
        f"target p95 < {P95_TARGET_MS:.0f} ms" + ("" if size >= P95_TARGET_SIZE else " (at 100k)")
    )
    out(header)
    out("   " + "-" * (len(header) - 3))
    for label, paths, figures in result["detail"]:
        latency = figures["latency_ms"]
        if paths == ["/bench/bare/"]:
            out(
                f"   {label:<14} {figures['rps']:>7.0f} {latency['p50']:>7.1f} "
                f"{latency['p95']:>7.1f} {latency['p99']:>7.1f} {'-':>4}  reference"
            )
            continue
        passed = latency["p95"] < P95_TARGET_MS and not figures.get("note")
        if size >= P95_TARGET_SIZE:
            failures += not passed
        verdict = ("PASS" if passed else "FAIL") + (
            "" if size >= P95_TARGET_SIZE else " (informative)"
        )
        if figures.get("note"):
            verdict += f" ({figures['note']})"
        sql = counts.get(paths[0], "")
        out(
            f"   {label:<14} {figures['rps']:>7.0f} {latency['p50']:>7.1f} {latency['p95']:>7.1f} "
            f"{latency['p99']:>7.1f} {sql!s:>4}  {verdict}"
        )
    return failures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="--baseline: runs of each page type per side (the median p95 is compared)",
    )
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--light-connections", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--uncached-threads",
        type=int,
        default=1,
        help="gunicorn threads per worker for the uncached run (1: sync workers, as deployed)",
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop it at the end")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="measure the database a --keep-database run left (migrated, not regenerated; give "
        "its size as the one --sizes value); it is kept",
    )
    parser.add_argument(
        "--part", choices=["all", "cached", "uncached"], default="all", help="what to measure"
    )
    parser.add_argument(
        "--env", action="append", default=[], help="extra NAME=value for the portal (repeatable)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of another commit (git worktree add /tmp/base c1216bd): its content is "
        "generated and served by that code, copied for this checkout and migrated, then both "
        "serve the uncached detail pages in turn (ratio and SQL budgets, issue 25)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error(f"--rounds {args.rounds}: give at least 1 run per side")
    if args.baseline is not None:
        if len(args.sizes) != 1:
            parser.error("--baseline compares at one size: give it as --sizes N")
        return compare_main(args)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    def out(text=""):
        print(text, flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    failures, started = 0, time.monotonic()
    if args.reuse_database:
        if len(args.sizes) != 1:
            parser.error("--reuse-database measures one database: give its size as --sizes N")
        args.keep_database = True
    try:
        url = database_url(DATABASE) if args.reuse_database else create_database()
        env = portal_env(workdir, DATABASE_URL=url, BENCH_BARE_VIEW="1")
        env.update(dict(item.split("=", 1) for item in args.env))
        out(f"== preparing {DATABASE} (migrate, registry, site structure, static files)")
        prepare_database(env, demo=False)
        if not args.reuse_database:
            for step in (["import_municipalities"], ["setup_site"]):
                manage(step, env | {"DEBUG": "1"})
        have = args.sizes[0] if args.reuse_database else 0
        for size in sorted(set(args.sizes)):
            generated = 0.0
            if size > have:
                out(f"== generating {size - have:,} items (to {size:,})")
                begun = time.monotonic()
                done = manage(["generate_content", str(size - have)], env, timeout=4 * 3600)
                generated = time.monotonic() - begun
                out("   " + done.stdout.strip().splitlines()[-1])
                have = size
            psql("VACUUM ANALYZE", url, timeout=3600)
            result = bench_size(env, args)
            failures += print_tables(size, result, generated, args, out)
    finally:
        if not args.keep_database:
            try:
                drop_database()
            except (HarnessError, subprocess.TimeoutExpired) as error:
                print(f"could not drop {DATABASE}: {error}", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
    out(
        f"\n{'All targets met' if not failures else f'{failures} target(s) missed'} "
        f"({(time.monotonic() - started) / 60:.0f} min; figures from a machine shared with other "
        "work are noisy)."
    )
    return 0


def compare_main(args) -> int:
    """``--baseline``: one size, generated by the baseline's code into ``<DATABASE>_base``
    (kept between runs with ``--reuse-database``), copied to ``<DATABASE>_current`` and
    migrated by this checkout's code; then ``compare_uncached``."""

    def out(text=""):
        print(text, flush=True)

    size, started = args.sizes[0], time.monotonic()
    base_name, current_name = f"{DATABASE}_base", f"{DATABASE}_current"
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-compare-"))
    base_env = portal_env(
        workdir / "base", DATABASE_URL=database_url(base_name), BENCH_BARE_VIEW="1"
    )
    current_env = portal_env(
        workdir / "current", DATABASE_URL=database_url(current_name), BENCH_BARE_VIEW="1"
    )
    for env in (base_env, current_env):
        env.update(dict(item.split("=", 1) for item in args.env))
    try:
        if not args.reuse_database:
            psql(f'DROP DATABASE IF EXISTS "{base_name}" WITH (FORCE)', ADMIN_URL)
            psql(f'CREATE DATABASE "{base_name}"', ADMIN_URL)
            out(f"== {base_name}: prepared and {size:,} items generated by {args.baseline}")
            for step in (
                ["createcachetable"],
                ["migrate", "--noinput", "-v0"],
                ["import_municipalities"],
                ["setup_site"],
            ):
                manage(step, base_env | {"DEBUG": "1"}, timeout=3600, root=args.baseline)
            begun = time.monotonic()
            manage(["generate_content", str(size)], base_env, timeout=4 * 3600, root=args.baseline)
            out(f"   generated in {time.monotonic() - begun:.0f} s")
        manage(["collectstatic", "--noinput", "-v0"], base_env, timeout=900, root=args.baseline)
        psql(f'DROP DATABASE IF EXISTS "{current_name}" WITH (FORCE)', ADMIN_URL)
        psql(f'CREATE DATABASE "{current_name}" TEMPLATE "{base_name}"', ADMIN_URL)
        out(f"== {current_name}: a copy, migrated by this checkout")
        prepare_database(current_env, demo=False, timeout=3600)
        for name in (base_name, current_name):
            psql("VACUUM ANALYZE", database_url(name), timeout=3600)
        failures = compare_uncached(current_env, base_env, args, out)
    finally:
        if not args.keep_database:
            psql(f'DROP DATABASE IF EXISTS "{current_name}" WITH (FORCE)', ADMIN_URL)
        shutil.rmtree(workdir, ignore_errors=True)
    out(
        f"\n{'Every page within budget' if not failures else f'{failures} page(s) over budget'}"
        f" ({(time.monotonic() - started) / 60:.0f} min)."
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
