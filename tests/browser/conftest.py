"""Browser tests: Playwright's Python API drives Debian's Chromium against a real portal.

The portal runs in its own process (gunicorn, production settings over loopback HTTP) on a fresh SQLite database
under ``var/browser-test-<worker>/``, set up exactly like ``make run`` (registry, demo content, demo
accounts). The tests share nothing with the pytest-django test database.

``BROWSER_TESTS=required`` (CI's SQLite run) turns a missing Chromium, Playwright or axe-core
into a failure; ``BROWSER_TESTS=skip`` (CI's PostgreSQL run, which would only repeat them)
skips them; otherwise they run when the tools are there and are skipped with a reason if not.

Screenshots go to ``var/screenshots/`` (CI artifacts).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# One portal per test process: under pytest-xdist (`make test` runs with -n) each worker that
# gets browser tests starts its own, in its own folder.
WORK = ROOT / "var" / ("browser-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main"))
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MODE = os.environ.get("BROWSER_TESTS", "auto")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed (npm install --prefix tests/browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    if not browser_items:
        return
    # One worker takes them all (`make test` runs `--dist loadgroup`): one portal to set up
    # rather than one per worker. The largest group, so xdist hands it out first.
    for item in browser_items:
        item.add_marker(pytest.mark.xdist_group("browser"))
    reason = "BROWSER_TESTS=skip" if MODE == "skip" else _unavailable()
    if reason and MODE == "required":
        raise pytest.UsageError(f"browser tests are required but cannot run: {reason}")
    if reason:
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment() -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        # Production settings, as a visitor meets them (error pages, static files through
        # WhiteNoise), but over plain HTTP on loopback: Chromium keeps Secure cookies there.
        DEBUG="0",
        SECRET_KEY="browser-tests-only-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        VAR_DIR=str(WORK),
        DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="session")
def portal():
    """The base URL of a running portal with the demo content, and the demo password.

    ``BROWSER_PORTAL_URL`` points the tests at a portal already running with the demo content
    (``make run``), to iterate quickly; the tests change its content (they publish a practice).
    """
    if os.environ.get("BROWSER_PORTAL_URL"):
        password = (ROOT / "var" / "demo-admin-password.txt").read_text().strip()
        yield {"url": os.environ["BROWSER_PORTAL_URL"].rstrip("/"), "password": password}
        return
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = _environment()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["createcachetable"],  # first: migrations that save content renew the page cache
        ["migrate", "--noinput", "-v0"],
        ["import_municipalities"],
        ["load_demo"],
        ["ensure_demo_admin"],
    ):
        # Set up like `make run` (which creates the demo accounts only with DEBUG on).
        done = subprocess.run(
            manage + command,
            env=env | {"DEBUG": "1"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode:
            pytest.fail(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}", pytrace=False)
    # Static files as production stores them (hashed names and a manifest).
    done = subprocess.run(
        manage + ["collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    port = _free_port()
    log = (WORK / "server.log").open("w")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    # Newer gunicorn opens a control socket at a fixed path under ~/.gunicorn, which two
    # portals on one machine (a fault script, a benchmark) would take from each other.
    help_text = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
    control = ["--no-control-socket"] if "--no-control-socket" in help_text else []
    server = subprocess.Popen(
        [
            gunicorn,
            "portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--threads=4",
            *control,
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"the portal did not start; see {log.name}") from None
            time.sleep(0.3)
    password = (WORK / "demo-admin-password.txt").read_text().strip()
    yield {"url": base, "password": password}
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module: Playwright's event loop stops with it, so the tests that run
    after the browser tests in the same process may call the database again."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, portal):
    context = browser.new_context(
        base_url=portal["url"], viewport={"width": 1280, "height": 900}, locale="es-CL"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
