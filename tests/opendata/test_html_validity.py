"""Every public page type is valid HTML: the Nu HTML Checker (vnu.jar) finds no error.

The pages come from a crawl, in both languages, of a network built with the factories
(``site_pages``: home, listings and their sub-pages, every detail page type, the funding index
with its edition and comuna pages, search results, the sign-up, sign-in and password reset
forms), plus a sign-up form sent back with errors, the 404 page and a search that cannot run
(400). They are written to a temporary
folder and checked in one run of ``java -jar vnu.jar --errors-only --format json``.

vnu.jar comes from npm (``vnu-jar`` in ``tests/browser/package.json``; ``npm ci --prefix
tests/browser``), Java from Debian (``default-jre-headless``). Without them the test is skipped
with the reason, except under ``BROWSER_TESTS=required`` (CI's SQLite run), where it fails.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "vnu-jar" / "build"
VNU_JAR = VNU / "dist" / "vnu.jar"


def _checker() -> list[str]:
    java = shutil.which("java")
    missing = None
    if java is None:
        missing = "java is not installed (apt-get install default-jre-headless)"
    elif not VNU_JAR.exists():
        missing = "vnu.jar is not installed (npm ci --prefix tests/browser)"
    if missing:
        if os.environ.get("BROWSER_TESTS") == "required":
            pytest.fail(f"the HTML checker is required but cannot run: {missing}")
        pytest.skip(missing)
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def _file_name(number: int, url: str) -> str:
    return f"{number:03d}-" + (re.sub(r"[^a-zA-Z0-9]+", "-", url).strip("-") or "home") + ".html"


def test_every_page_type_is_valid_html(client, site_pages, tmp_path):
    checker = _checker()
    pages = dict(site_pages)
    for path in ("/cuenta/signup/", "/en/account/signup/"):
        # The form again, with a message on every field.
        response = client.post(path, {"email": "no-es-correo", "password1": "1", "password2": "2"})
        assert response.status_code == 200
        pages[f"{path} (errors)"] = response.content.decode()
    for path, status in [
        ("/no-existe/", 404),
        ("/en/does-not-exist/", 404),
        ("/buscar/?q=plan&sort=azar", 400),
        ("/en/search/?q=plan&type=nothing", 400),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        pages[f"{path} ({status})"] = response.content.decode()
    assert len(pages) > 60, sorted(pages)

    files = {}
    for number, (url, body) in enumerate(sorted(pages.items())):
        path = tmp_path / _file_name(number, url)
        path.write_text(body, encoding="utf-8")
        files[path.name] = url
    done = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu exits 1 when it finds errors and writes its JSON report to standard error.
    report = json.loads(done.stderr or done.stdout)
    errors = [
        f"{files.get(Path(message.get('url', '')).name, message.get('url'))}:"
        f"{message.get('lastLine')}: "
        f"{message.get('message')} [{message.get('extract', '').strip()[:120]}]"
        for message in report["messages"]
        if message.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
