"""Elasticsearch down or hanging: pages and publishing keep working within a bounded time.

The portal runs with SEARCH_BACKEND=elasticsearch and SEARCH_TIMEOUT=2 against (a) a closed
port on 127.0.0.1 and (b) a local server that accepts connections and never answers. For each:

- public pages (home, listings, detail pages) answer 200, each within PAGE_BOUND;
- the search page answers with a clear "temporarily unavailable" message (503, not a 500),
  as HTML and JSON, within SEARCH_BOUND; suggestions answer 200;
- publishing an edited page through the admin (HTTP, signed-in administrator) completes
  within PUBLISH_BOUND, the page is live with the new title, and its search entry is kept in
  the database (``indexed = false``) for ``update_index`` to catch up.

    .venv/bin/python scripts/faults/search_down.py
"""

import shutil
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ADMIN_EMAIL, AdminSession, Report, harness  # noqa: E402

SEARCH_TIMEOUT = 2
PAGE_BOUND = 5.0
SEARCH_BOUND = 2 * SEARCH_TIMEOUT + 3.0  # the client's one attempt (timeouts are not retried)
PUBLISH_BOUND = 20.0
PAGES = [
    "/",
    "/practicas/",
    "/instituciones/",
    "/instituciones/penalolen/",
    "/instituciones/penalolen/ciudadania-deportiva/",
]
UNAVAILABLE = ("temporarily unavailable", "temporalmente", "no está disponible")


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never answers (a hung Elasticsearch)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            if len(self.connections) < 500:
                self.connections.append(conn)  # keep it open, read nothing, say nothing
            else:
                conn.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)
        for conn in self.connections:
            conn.close()
        self.sock.close()


def timed(session_or_none, base, path):
    start = time.monotonic()
    if session_or_none is None:
        status, body = harness.http_get(base + path, timeout=60)
        text = body.decode(errors="replace")
    else:
        response = session_or_none.get(path, timeout=60)
        status, text = response.status_code, response.text
    return status, text, time.monotonic() - start


def scenario(label, url, env_base, pg, report: Report, title_number: int) -> None:
    env = env_base | {
        "SEARCH_BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": url,
        "SEARCH_TIMEOUT": str(SEARCH_TIMEOUT),
    }
    report.info(f"-- {label}: ELASTICSEARCH_URL={url}, SEARCH_TIMEOUT={SEARCH_TIMEOUT}")
    with harness.Portal(env, workers=2, threads=4, timeout=60) as portal:
        times = {}
        bad = {}
        for path in PAGES:
            status, _text, took = timed(None, portal.url, path)
            times[path] = took
            if status != 200:
                bad[path] = status
        slowest = max(times, key=times.get)
        report.check(
            f"{label}: public pages answer 200 within {PAGE_BOUND:.0f} s ({len(PAGES)} pages)",
            not bad and times[slowest] <= PAGE_BOUND,
            f"slowest {slowest} {times[slowest]:.2f} s" + (f"; failed {bad}" if bad else ""),
        )
        status, text, took = timed(None, portal.url, "/buscar/?q=prevencion")
        clear = any(phrase in text.lower() for phrase in UNAVAILABLE)
        report.check(
            f"{label}: the search page says search is unavailable (503, not 500) within "
            f"{SEARCH_BOUND:.0f} s",
            status == 503 and clear and took <= SEARCH_BOUND,
            f"status {status} in {took:.2f} s, message {'shown' if clear else 'missing'}",
        )
        status, text, took = timed(None, portal.url, "/buscar/?q=violencia&format=json")
        report.check(
            f"{label}: the search JSON answers 503 with an error within {SEARCH_BOUND:.0f} s",
            status == 503 and '"error"' in text and took <= SEARCH_BOUND,
            f"status {status} in {took:.2f} s",
        )
        status, text, took = timed(None, portal.url, "/buscar/sugerencias/?q=prev")
        report.check(
            f"{label}: suggestions answer 200 within {SEARCH_BOUND:.0f} s",
            status == 200 and took <= SEARCH_BOUND,
            f"status {status} in {took:.2f} s",
        )
        status, _text, took = timed(None, portal.url, "/buscar/")
        report.check(f"{label}: the empty search page answers 200", status == 200, f"{took:.2f} s")

        admin = AdminSession(portal.url, timeout=60)
        admin.login(ADMIN_EMAIL, harness.demo_password(env))
        page_id = pg.psql(
            "SELECT id FROM wagtailcore_page WHERE slug = 'ciudadania-deportiva'", database="portal"
        )
        title = f"Ciudadanía deportiva (publicada sin buscador {title_number})"
        edit = f"/admin/pages/{page_id}/edit/"
        data = admin.form_data(edit, title=title)
        start = time.monotonic()
        response = admin.post(edit, {**data, "action-publish": "action-publish"})
        took = time.monotonic() - start
        report.check(
            f"{label}: publishing an edit through the admin completes within {PUBLISH_BOUND:.0f} s",
            response.status_code == 302 and took <= PUBLISH_BOUND,
            f"status {response.status_code} in {took:.2f} s",
        )
        live = pg.psql(
            "SELECT p.live::text || '|' || (p.title = se.title)::text || '|' || se.indexed::text "
            "FROM wagtailcore_page p LEFT JOIN portal_search_searchentry se ON se.page_id = p.id "
            f"WHERE p.id = {int(page_id)}",
            database="portal",
        )
        public = harness.http_get(portal.url + "/instituciones/penalolen/ciudadania-deportiva/")
        shown = title in public[1].decode(errors="replace")
        report.check(
            f"{label}: the page is live with the new title, its search entry kept for catch-up",
            live == "true|true|false" and shown,
            f"live|entry title current|indexed = {live}; public page shows the new title: {shown}",
        )
        if not report.ok:
            report.info("server log (tail):\n" + portal.log(2500))


def main() -> int:
    report = Report("search_down: Elasticsearch refused and hanging")
    workdir = None
    try:
        with harness.PostgresCluster() as pg:
            # The content is loaded with the database backend; only the portal uses Elasticsearch.
            env = harness.portal_env(DATABASE_URL=pg.create_database("portal"))
            workdir = env["VAR_DIR"]
            harness.prepare_database(env)
            closed = harness.free_port()
            scenario("refused", f"http://127.0.0.1:{closed}", env, pg, report, 1)
            with SilentServer() as silent:
                scenario("hanging", f"http://127.0.0.1:{silent.port}", env, pg, report, 2)
                report.info(f"the hanging server held {len(silent.connections)} connections")
    except (harness.HarnessError, RuntimeError) as error:
        report.fail("setup or run", str(error)[-2000:])
    finally:
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
