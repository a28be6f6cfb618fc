"""PostgreSQL restarted in the middle of load: the portal recovers by itself, no write is lost.

Readers load public pages and one writer publishes new pages through the admin over HTTP (a
signed-in administrator posting Wagtail's add-page form with "publish": the same view, form,
transaction and signals an editor uses). The throw-away cluster is restarted twice while they
run, first with ``pg_ctl restart -m fast`` (a clean shutdown) and then ``-m immediate`` (a
crash: recovery from the write-ahead log). Checks:

- requests fail only during an outage (from the restart command until the portal's first
  success after it, bounded), never outside;
- the portal answers 200 again within the bound by itself (same gunicorn master, no restart);
- every write acknowledged (302 after "publish") exists afterwards: live page, its specific
  row, a revision it points to as latest and live, its search entry;
- nothing is half-written anywhere: no page whose latest or live revision is missing or belongs
  to another page, no live content page without a live revision, no page row without its
  specific row, no revision of a page that does not exist.

    .venv/bin/python scripts/faults/postgres_restart.py [--duration 40]
"""

import argparse
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from common import ADMIN_EMAIL, PUBLIC_PATHS, AdminSession, Report, harness, rich_text  # noqa: E402

RECOVERY_BOUND = 15.0  # seconds from the end of the restart command to the first success
MARK = "Escritura de prueba"


class Log:
    """Timestamped outcomes of every request, shared by the load threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[str, float, float, int]] = []  # (kind, start, end, status)

    def add(self, kind, start, end, status):
        with self.lock:
            self.rows.append((kind, start, end, status))


def reader(base: str, stop: threading.Event, log: Log, offset: int) -> None:
    session = requests.Session()
    i = offset
    while not stop.is_set():
        path = PUBLIC_PATHS[i % len(PUBLIC_PATHS)]
        i += 1
        start = time.monotonic()
        try:
            status = session.get(base + path, timeout=10, allow_redirects=False).status_code
        except requests.RequestException:
            status = 0
            session = requests.Session()
        log.add("read", start, time.monotonic(), status)


def writer(admin, add_path, form, stop, log, acked, attempted):
    n = 0
    while not stop.is_set():
        n += 1
        title = f"{MARK} {n}"
        data = {**form, "title": title, "slug": f"escritura-de-prueba-{n}", "action-publish": "1"}
        start = time.monotonic()
        try:
            response = admin.post(add_path, data)
            status = response.status_code
        except requests.RequestException:
            status = 0
        log.add("write", start, time.monotonic(), status)
        attempted.append(title)
        if status == 302 and "/edit/" not in response.headers.get("Location", "/edit/"):
            acked.append(title)
        elif status == 0 or status >= 500:
            time.sleep(0.2)


def windows_ok(log: Log, outages: list[tuple[float, float]], report: Report) -> None:
    """Failures only inside an outage: from its start until the first success after it ends."""
    rows = sorted(log.rows, key=lambda r: r[1])
    extended = []
    for number, (begin, end) in enumerate(outages, 1):
        first_ok = next((r[2] for r in rows if r[1] >= end and r[3] and r[3] < 500), None)
        recovered = (first_ok - end) if first_ok else float("inf")
        failed_inside = [
            r
            for r in rows
            if (r[3] == 0 or r[3] >= 500) and r[2] >= begin and r[1] <= (first_ok or end)
        ]
        report.check(
            f"outage {number}: the portal answers again within {RECOVERY_BOUND:.0f} s of the restart",
            recovered <= RECOVERY_BOUND,
            f"restart took {end - begin:.2f} s, first success {recovered:.2f} s after it; "
            f"{len(failed_inside)} requests failed in the outage",
        )
        extended.append((begin - 0.05, first_ok or end))
    outside = [
        r
        for r in rows
        if (r[3] == 0 or r[3] >= 500) and not any(r[2] >= b and r[1] <= e for b, e in extended)
    ]
    total = len(rows)
    failed = sum(1 for r in rows if r[3] == 0 or r[3] >= 500)
    report.check(
        "no request failed outside the outages",
        not outside,
        f"{total} requests, {failed} failed, {len(outside)} outside"
        + (
            f" (first at +{outside[0][1] - rows[0][1]:.2f} s, status {outside[0][3]})"
            if outside
            else ""
        ),
    )


def verify(pg, report: Report, acked: list[str], attempted: list[str]) -> None:
    q = pg.psql
    titles = ",".join("'" + t.replace("'", "''") + "'" for t in attempted) or "''"
    rows = q(
        "SELECT p.title, p.live, p.latest_revision_id IS NOT NULL, "
        "p.live_revision_id IS NOT NULL AND p.live_revision_id = p.latest_revision_id, "
        "r.object_id = p.id::text, pp.page_ptr_id IS NOT NULL, se.id IS NOT NULL "
        "FROM wagtailcore_page p "
        "LEFT JOIN wagtailcore_revision r ON r.id = p.live_revision_id "
        "LEFT JOIN practices_practicepage pp ON pp.page_ptr_id = p.id "
        "LEFT JOIN portal_search_searchentry se ON se.page_id = p.id "
        f"WHERE p.title IN ({titles})",
        database="portal",
    )
    found = {}
    for line in rows.splitlines():
        title, *flags = line.split("|")
        found[title] = all(flag == "t" for flag in flags)
    missing = [t for t in acked if t not in found]
    partial = [t for t, whole in found.items() if not whole]
    report.check(
        "every acknowledged write is there, whole (live page, specific row, latest = live "
        "revision of that page, search entry)",
        not missing and not partial,
        f"{len(acked)} acknowledged, {len(attempted)} attempted, {len(found)} found; "
        f"missing {missing[:5]}, partial {partial[:5]}",
    )
    unacked_present = len([t for t in found if t not in acked])
    report.info(f"{unacked_present} unacknowledged writes committed anyway (allowed, and whole)")
    checks = {
        "pages whose latest revision is missing": (
            "SELECT count(*) FROM wagtailcore_page p LEFT JOIN wagtailcore_revision r "
            "ON r.id = p.latest_revision_id WHERE p.latest_revision_id IS NOT NULL AND r.id IS NULL"
        ),
        "pages whose live revision is missing or another page's": (
            "SELECT count(*) FROM wagtailcore_page p LEFT JOIN wagtailcore_revision r "
            "ON r.id = p.live_revision_id WHERE p.live_revision_id IS NOT NULL "
            "AND (r.id IS NULL OR r.object_id <> p.id::text)"
        ),
        "live pages with revisions but no live revision": (
            "SELECT count(*) FROM wagtailcore_page p WHERE p.live AND p.live_revision_id IS NULL "
            "AND p.latest_revision_id IS NOT NULL"
        ),
        "page rows without their specific row (practices)": (
            "SELECT count(*) FROM wagtailcore_page p JOIN django_content_type ct "
            "ON ct.id = p.content_type_id LEFT JOIN practices_practicepage pp "
            "ON pp.page_ptr_id = p.id WHERE ct.model = 'practicepage' AND pp.page_ptr_id IS NULL"
        ),
        "page revisions of pages that do not exist": (
            "SELECT count(*) FROM wagtailcore_revision r JOIN django_content_type ct "
            "ON ct.id = r.base_content_type_id LEFT JOIN wagtailcore_page p "
            "ON p.id::text = r.object_id WHERE ct.app_label = 'wagtailcore' "
            "AND ct.model = 'page' AND p.id IS NULL"
        ),
        "search entries of pages that are not live": (
            "SELECT count(*) FROM portal_search_searchentry se JOIN wagtailcore_page p "
            "ON p.id = se.page_id WHERE NOT p.live"
        ),
    }
    pages, revisions = q(
        "SELECT (SELECT count(*) FROM wagtailcore_page) || '|' || "
        "(SELECT count(*) FROM wagtailcore_revision)",
        database="portal",
    ).split("|")
    for label, sql in checks.items():
        count = int(q(sql, database="portal"))
        report.check(f"0 {label}", count == 0, f"{count} of {pages} pages / {revisions} revisions")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=40)
    parser.add_argument("--readers", type=int, default=6)
    args = parser.parse_args()
    report = Report("postgres_restart: PostgreSQL restarted twice under load")
    workdir = None
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        with harness.PostgresCluster() as pg:
            env = harness.portal_env(DATABASE_URL=pg.create_database("portal"))
            workdir = env["VAR_DIR"]
            harness.prepare_database(env)
            # fsync off for the setup only; from here on durable as in production (the
            # immediate restart is a crash: recovery from the write-ahead log).
            pg.psql("ALTER SYSTEM SET fsync = on")
            pg.psql("ALTER SYSTEM SET full_page_writes = on")
            pg.psql("SELECT pg_reload_conf()")
            report.check("fsync is on for the run", pg.psql("SHOW fsync") == "on")
            parent = pg.psql(
                "SELECT id FROM wagtailcore_page WHERE slug = 'penalolen'", database="portal"
            )
            with harness.Portal(env, workers=2, threads=4) as portal:
                master = portal.pid
                report.info(
                    f"portal {portal.url}, PostgreSQL {pg.bin.parent.name} on port {pg.port}; "
                    f"writes: HTTP through the admin (add practice page + publish, signed in as "
                    f"{ADMIN_EMAIL}); {args.readers} readers over {len(PUBLIC_PATHS)} public paths"
                )
                admin = AdminSession(portal.url, timeout=15)
                admin.login(ADMIN_EMAIL, harness.demo_password(env))
                add_path = f"/admin/pages/add/practices/practicepage/{parent}/"
                form = admin.form_data(
                    add_path,
                    summary="Escrita durante el reinicio de PostgreSQL.",
                    status="running",
                    start_year="2024",
                    problem=rich_text("Una escritura que debe sobrevivir."),
                )
                log, acked, attempted = Log(), [], []
                threads = [
                    threading.Thread(target=reader, args=(portal.url, stop, log, i), daemon=True)
                    for i in range(args.readers)
                ]
                threads.append(
                    threading.Thread(
                        target=writer,
                        args=(admin, add_path, form, stop, log, acked, attempted),
                        daemon=True,
                    )
                )
                for thread in threads:
                    thread.start()
                begin = time.monotonic()
                outages = []
                for at, mode in ((0.3, "fast"), (0.65, "immediate")):
                    time.sleep(max(0.0, begin + args.duration * at - time.monotonic()))
                    acked_before = len(acked)
                    start = time.monotonic()
                    pg.restart(mode)
                    outages.append((start, time.monotonic()))
                    report.info(
                        f"restart -m {mode} at +{start - begin:.1f} s took "
                        f"{outages[-1][1] - start:.2f} s ({acked_before} writes acknowledged before it)"
                    )
                time.sleep(max(0.0, begin + args.duration - time.monotonic()))
                stop.set()
                for thread in threads:
                    thread.join(timeout=20)
                hung = [t for t in threads if t.is_alive()]
                report.check("every load thread finished", not hung, f"{len(hung)} still running")
                reads = [r for r in log.rows if r[0] == "read"]
                writes = [r for r in log.rows if r[0] == "write"]
                report.info(
                    f"{len(reads)} reads, {len(writes)} writes in {args.duration:.0f} s; "
                    f"{len(acked)} writes acknowledged"
                )
                windows_ok(log, outages, report)
                recovered = harness.wait_http(portal.url + "/healthz", timeout=RECOVERY_BOUND)
                report.check(
                    "the same gunicorn serves afterwards (no restart), /healthz 200",
                    portal.alive() and portal.pid == master,
                    f"master pid {master}, healthz after {recovered:.2f} s",
                )
                report.check(
                    "writes were acknowledged on both sides of the restarts",
                    len(acked) >= 3,
                    str(len(acked)),
                )
                verify(pg, report, acked, attempted)
                if not report.ok:
                    report.info("server log (tail):\n" + portal.log(3000))
    except (harness.HarnessError, RuntimeError) as error:
        report.fail("setup or run", str(error)[-2000:])
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=20)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
