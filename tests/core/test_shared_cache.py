"""One cache for every machine: CACHE_URL, and two portals sharing a database and a Redis server.

The two-portal test starts a real ``redis-server`` on a free loopback port and two gunicorn
processes, each with its own VAR_DIR folder, on one database (a fresh PostgreSQL database on the
server the suite runs on, or one SQLite file), as two machines behind a load balancer would be.
A page published through one is never served stale by the other.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from portal.core import pagecache
from portal.settings.cache_url import caches_from_url
from scripts.harness import Portal, free_port, manage, portal_env, prepare_database
from tests.factories.admin_forms import _FormFields

REDIS_SERVER = shutil.which("redis-server")
REQUIRED = os.environ.get("REDIS_TESTS") == "required"

# --- CACHE_URL


def test_no_url_means_the_database_cache_with_pages_in_a_table_of_their_own():
    caches = caches_from_url("")
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"]["LOCATION"] == "portal_cache"
    assert caches["pages"]["LOCATION"] == "portal_cache_pages"
    assert caches_from_url(None) == caches == caches_from_url("db://portal_cache")


def test_redis_urls_use_djangos_redis_backend_with_a_prefix_per_alias():
    url = "redis://:secret@cache.internal:6380/2"
    caches = caches_from_url(url, key_prefix="t-")
    for alias in ("default", "pages"):
        assert caches[alias]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert caches[alias]["LOCATION"] == url
        assert caches[alias]["OPTIONS"]["socket_timeout"] > 0
    assert caches["default"]["KEY_PREFIX"] == "t-portal"
    assert caches["pages"]["KEY_PREFIX"] == "t-pages"
    tls = caches_from_url("rediss://cache.internal:6380/0")
    assert tls["pages"]["LOCATION"] == "rediss://cache.internal:6380/0"


def test_other_stores_keep_pages_apart_from_limits():
    table = caches_from_url("db://shared_cache")
    assert (table["default"]["LOCATION"], table["pages"]["LOCATION"]) == (
        "shared_cache",
        "shared_cache_pages",
    )
    folder = caches_from_url("file:///var/cache/portal/")
    assert folder["default"]["BACKEND"].endswith("FileBasedCache")
    assert (folder["default"]["LOCATION"], folder["pages"]["LOCATION"]) == (
        "/var/cache/portal/default",
        "/var/cache/portal/pages",
    )
    memory = caches_from_url("locmem://")
    assert memory["default"]["BACKEND"].endswith("LocMemCache")
    assert memory["default"]["LOCATION"] != memory["pages"]["LOCATION"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("memcached://127.0.0.1:11211", "unknown scheme memcached://"),
        ("portal_cache", "unknown scheme 'portal_cache'"),
        ("redis://", "needs a host"),
        ("db://", "needs a table name"),
        ("db://cache; DROP TABLE x", "needs a table name"),
        ("file://relative/folder", "needs an absolute folder"),
        ("file:///", "needs an absolute folder"),
    ],
)
def test_an_unreadable_url_is_a_clear_error(url, message):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL") as error:
        caches_from_url(url)
    assert message in str(error.value)


def test_an_unknown_scheme_stops_the_portal_and_names_the_choices(tmp_path):
    env = portal_env(tmp_path, CACHE_URL="memcached://user:hunter2@127.0.0.1:11211")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "CACHE_URL: unknown scheme memcached://; use redis://" in done.stderr
    assert "hunter2" not in done.stderr


def test_the_test_settings_keep_each_process_apart(settings):
    tag = os.environ.get("TEST_RUN_TAG", "") + os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert settings.CACHES["default"]["KEY_PREFIX"] == f"test-{tag}-portal"
    assert settings.CACHES["pages"]["KEY_PREFIX"] == f"test-{tag}-pages"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


# --- Two portals, one database, one Redis


class RedisServer:
    """``redis-server`` on 127.0.0.1:<free port>, in memory only, stopped on exit."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="portal-redis-")
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", self.dir, "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def redis_server():
    if REDIS_SERVER is None:
        if REQUIRED:
            pytest.fail("REDIS_TESTS=required but redis-server is not installed")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with RedisServer() as server:
        yield server


@pytest.fixture
def shared_database(tmp_path):
    """A DATABASE_URL both portals use: a new database beside the test database on
    PostgreSQL (dropped afterwards), one file on SQLite."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    if connection.vendor != "postgresql":
        pytest.skip(f"two portals on one {connection.vendor} database are not set up here")
    import psycopg

    name = f"shared_cache_{uuid.uuid4().hex[:10]}"
    server = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            f"postgres://{server['user']}:{server['password']}@{server['host']}:"
            f"{server['port']}/{name}"
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SETUP = """
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from portal.demo.structure import get_home
user = get_user_model().objects.create_superuser("root", "root@example.org", "{password}")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
print("HOME", get_home().pk)
"""


class Editor:
    """A signed-in browser session on one portal."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()

    def _request(self, method, path, **kwargs):
        # Production cookies are Secure; over loopback HTTP a browser still sends them.
        for cookie in self.http.cookies:
            cookie.secure = False
        headers = {"Referer": self.base + path, "Origin": self.base}
        return self.http.request(
            method, self.base + path, headers=headers, timeout=60, allow_redirects=False, **kwargs
        )

    def post(self, path, data):
        data = {**data, "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", "")}
        return self._request("POST", path, data=data)

    def sign_in(self, email, password):
        assert self._request("GET", "/cuenta/login/").status_code == 200
        done = self.post("/cuenta/login/", {"login": email, "password": password})
        assert done.status_code == 302, done.text[:500]

    def form(self, path, **overrides):
        page = self._request("GET", path)
        assert page.status_code == 200, page.status_code
        parser = _FormFields("page-edit-form")
        parser.feed(page.text)
        data = {name: v if len(v) > 1 else v[0] for name, v in parser.data.items()}
        data.pop("csrfmiddlewaretoken", None)
        return data | overrides


def visit(portal, path="/"):
    """An anonymous visit (no cookie): status, X-Page-Cache, body."""
    response = requests.get(portal.url + path, timeout=60)
    return response.status_code, response.headers.get(pagecache.HEADER), response.text


def test_a_publish_through_one_portal_is_never_served_stale_by_the_other(
    redis_server, shared_database, tmp_path
):
    shared = {
        "DATABASE_URL": shared_database,
        "CACHE_URL": redis_server.url,
        "PAGE_CACHE_SECONDS": "300",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    first_env = portal_env(tmp_path / "machine-1", **shared)
    second_env = portal_env(tmp_path / "machine-2", **shared)
    prepare_database(first_env, demo=False)
    manage(["setup_site"], first_env | {"DEBUG": "1"})
    password = uuid.uuid4().hex
    done = manage(["shell", "-c", SETUP.format(password=password)], first_env | {"DEBUG": "1"})
    home_id = int(done.stdout.split("HOME", 1)[1].split()[0])

    with (
        Portal(first_env, workers=1, threads=2) as first,
        Portal(second_env, workers=1, threads=2) as second,
    ):
        status, state, before = visit(second)
        assert (status, state) == (200, "miss")
        status, state, again = visit(second)
        assert (status, state) == (200, "hit")
        assert again == before
        marker = f"Publicado en la máquina uno {uuid.uuid4().hex[:8]}"
        assert marker not in before

        editor = Editor(first.url)
        editor.sign_in("root@example.org", password)
        edit = f"/admin/pages/{home_id}/edit/"
        data = editor.form(edit, intro=marker)
        data["action-publish"] = "action-publish"
        published = editor.post(edit, data)
        assert published.status_code == 302, published.text[:500]
        assert "/edit/" not in published.headers["Location"]

        status, state, after = visit(second)
        assert status == 200
        assert state == "miss"
        assert marker in after
        assert visit(second)[1:] == ("hit", after)
        # The first portal, whose own cache was never warmed, shows the same.
        assert marker in visit(first)[2]
