"""On SQLite, reads never wait for a writer, and writes wait for each other (issue 24).

A separate process serves requests (Django's test client, the test settings, the middleware of
production) from a file copy of the test database, in WAL mode as the portal opens it, with
pages and a document it builds there (the factories), while this process holds the write lock: ``BEGIN IMMEDIATE`` and an uncommitted UPDATE, as a publish in
progress does. Public pages, listings, search, the sitemap, OAI-PMH (also by POST, which only
reads), the API, documents and the admin's pages for a signed-in administrator must all answer 200 at
once; a sign-in, which writes (rate-limit counters), must wait for the commit and then go
through. Before ``AtomicWritesMiddleware`` every one of these reads waited for the lock.

"""

import json
import os
import selectors
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
READS = [
    "/",
    "/en/",
    "/practicas/",
    "/practicas/?page=2",
    "{institution}",
    "{practice}",
    "{manual}",
    "/buscar/?q=violencia",
    "/sitemap.xml",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "/api/v1/practices/",
    "{document}",
    "/admin/",
    "/admin/pages/",
]
LOCK_WAIT = 5  # the serving process's busy timeout here (20 s in production)
HELD = 1.0  # how long the lock is kept once the reads are done

CHILD = """
import json, sys, time
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from tests.factories.core import PortalDocumentFactory
from tests.factories.pages import (
    InstitutionPageFactory, ManualPageFactory, PracticePageFactory, publish,
)
# A read that took the write lock would wait this long, then fail: a short wait keeps it quick.
connection.settings_dict["OPTIONS"]["timeout"] = float(sys.argv[2])
# What the reads show, committed to the copy: more practices than a listing page holds.
institution = publish(InstitutionPageFactory(title="Municipio del cerrojo"))
practices = [
    publish(PracticePageFactory(parent=institution, title=f"Prevención de la violencia {n}"))
    for n in range(13)
]
manual = publish(ManualPageFactory(parent=institution))
document = PortalDocumentFactory()
built = {
    "institution": institution.url, "practice": practices[0].url, "manual": manual.url,
    "document": document.url,
}
reads = [path.format(**built) for path in json.loads(sys.argv[1])]
visitor, editor = Client(), Client()
editor.force_login(
    get_user_model().objects.create_superuser("cerrojo", "cerrojo@example.org", "x" * 12)
)

def client(path):
    return editor if path.startswith("/admin/") else visitor

for path in reads:  # first visits (a first display may store something) before the lock
    client(path).get(path)
print("ready", flush=True)
sys.stdin.readline()
answers = []
for path in reads:
    start = time.monotonic()
    status = client(path).get(path).status_code
    answers.append([path, status, time.monotonic() - start])
start = time.monotonic()
status = visitor.post("/oai/", {"verb": "Identify"}).status_code
answers.append(["POST /oai/", status, time.monotonic() - start])
print(json.dumps(answers), flush=True)
start = time.monotonic()
response = Client().post("/cuenta/login/", {"login": "nadie@example.org", "password": "x" * 12})
print(json.dumps([response.status_code, time.monotonic() - start]), flush=True)
document.file.storage.delete(document.file.name)
"""


@pytest.fixture(scope="module")
def sqlite_copy(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """A file copy of the test database, in WAL mode.

    Module-scoped, so it is made before this test's transaction begins: SQLite's backup
    refuses a connection that is in the middle of a write transaction."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            pytest.skip("the write lock is SQLite's (PostgreSQL readers never wait for writers)")
        connection.ensure_connection()
        assert not connection.in_atomic_block
        copy = tmp_path_factory.mktemp("sqlite-locks") / "db.sqlite3"
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
    return copy


def _line(process, deadline: float) -> str:
    """The serving process's next line of output; a failure once ``deadline`` passes."""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=max(0.0, deadline - time.monotonic()))
    if not ready:
        process.kill()
        pytest.fail("the serving process did not answer in time:\n" + process.stderr.read()[-3000:])
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=10)
        pytest.fail("the serving process stopped:\n" + process.stderr.read()[-3000:])
    return line


def test_reads_never_wait_for_a_writer_and_writes_wait_for_it(sqlite_copy):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{sqlite_copy}",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", CHILD, json.dumps(READS), str(LOCK_WAIT)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writer = sqlite3.connect(sqlite_copy, timeout=0, isolation_level=None)
    try:
        deadline = time.monotonic() + 120
        assert _line(process, deadline).strip() == "ready"
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE wagtailcore_page SET draft_title = draft_title WHERE depth = 1")
        process.stdin.write("go\n")
        process.stdin.flush()
        answers = json.loads(_line(process, deadline))
        time.sleep(HELD)  # the sign-in is waiting for the lock meanwhile
        writer.execute("COMMIT")
        status, waited = json.loads(_line(process, deadline))
        process.wait(timeout=30)
    finally:
        writer.close()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    failed = [(path, code) for path, code, _took in answers if code != 200]
    slow = [(path, round(took, 2)) for path, _code, took in answers if took > LOCK_WAIT / 2]
    assert not failed and not slow, (failed, slow)
    # The sign-in writes in one transaction: it waited for the writer's commit, then went
    # through (the form answers again with its error), well within the busy timeout.
    assert status == 200
    assert HELD * 0.8 <= waited < LOCK_WAIT, waited
