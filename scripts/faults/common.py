"""What the fault scripts share: a report of checks, a signed-in admin session, public paths."""

from __future__ import annotations

import json
import re
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402  (Wagtail depends on it)

from scripts import harness  # noqa: E402,F401  (re-exported for the scripts)
from tests.factories.admin_forms import _FormFields  # noqa: E402

# SIGTERM (run_all's time limit, Ctrl+C in make) exits through the scripts' finally blocks, which
# stop the portal and the cluster, unmount and remove temp dirs.
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

# Public pages of the demo content: home, listings, detail pages, search (Spanish and English).
PUBLIC_PATHS = [
    "/",
    "/practicas/",
    "/programas/",
    "/instituciones/",
    "/observatorios/",
    "/cooperacion/",
    "/indice/",
    "/red-en-cifras/",
    "/instituciones/penalolen/",
    "/instituciones/penalolen/ciudadania-deportiva/",
    "/instituciones/penalolen/manual-ciudadania-deportiva/",
    "/instituciones/penalolen/plan-de-crianza-positiva/",
    "/instituciones/nezahualcoyotl/modelo-de-proximidad-social/",
    "/en/",
    "/buscar/",
    "/buscar/?q=prevencion",
    "/buscar/?q=violencia+juvenil&country=CL",
    "/en/search/?q=community",
]
SEARCH_PATHS = [p for p in PUBLIC_PATHS if "buscar" in p or "search" in p]
ADMIN_EMAIL = "admin@example.org"


class Report:
    """Checks with figures; ``ok`` is False as soon as one fails."""

    def __init__(self, name: str):
        self.name = name
        self.ok = True
        self.started = time.monotonic()
        print(f"== {name}", flush=True)

    def info(self, text: str) -> None:
        print(f"   {text}", flush=True)

    def check(self, label: str, ok: bool, detail: str = "") -> bool:
        self.ok = self.ok and bool(ok)
        print(
            f"   [{'PASS' if ok else 'FAIL'}] {label}" + (f": {detail}" if detail else ""),
            flush=True,
        )
        return bool(ok)

    def fail(self, label: str, detail: str = "") -> None:
        self.check(label, False, detail)

    def finish(self) -> int:
        took = time.monotonic() - self.started
        print(f"== {self.name}: {'PASS' if self.ok else 'FAIL'} ({took:.0f} s)", flush=True)
        return 0 if self.ok else 1


class AdminSession:
    """A browser-like session against the portal: sign in, read admin forms, post them."""

    def __init__(self, base_url: str, timeout: float = 15):
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()

    def _insecure_cookies(self):
        # Production cookies are Secure; over plain HTTP on loopback a browser still sends them
        # (localhost is a secure context), so this client does too.
        for cookie in self.http.cookies:
            cookie.secure = False

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        kwargs.setdefault("allow_redirects", False)
        self._insecure_cookies()
        return self.http.get(self.base + path, **kwargs)

    def csrf(self) -> str:
        return self.http.cookies.get("csrftoken", "")

    def post(self, path: str, data, files=None, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        kwargs.setdefault("allow_redirects", False)
        if isinstance(data, dict):
            data = {**data, "csrfmiddlewaretoken": self.csrf()}
        self._insecure_cookies()
        headers = {"Referer": self.base + path, "Origin": self.base}
        return self.http.post(self.base + path, data=data, files=files, headers=headers, **kwargs)

    def login(self, email: str, password: str) -> None:
        page = self.get("/cuenta/login/")
        page.raise_for_status()
        response = self.post("/cuenta/login/", {"login": email, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"sign-in failed ({response.status_code})")
        if self.get("/admin/").status_code != 200:
            raise RuntimeError("signed in, but the admin does not open")

    def form_data(self, path: str, form_id: str = "page-edit-form", **overrides) -> dict:
        """What submitting the form at ``path`` unchanged would post, with ``overrides``."""
        page = self.get(path)
        if page.status_code != 200:
            raise RuntimeError(f"GET {path}: {page.status_code}")
        parser = _FormFields(form_id)
        parser.feed(page.text)
        if not parser.data:
            raise RuntimeError(f"no form #{form_id} at {path}")
        data = {
            name: values if len(values) > 1 else values[0] for name, values in parser.data.items()
        }
        data.pop("csrfmiddlewaretoken", None)
        data.update(overrides)
        return data


def rich_text(text: str) -> str:
    """Draftail's JSON for one plain paragraph (what the editor posts for a rich text field)."""
    block = {
        "key": "h3a1b",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": [],
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def error_text(html: str, limit: int = 200) -> str:
    """The admin's error messages in a page, as plain text."""
    found = re.findall(
        r'class="[^"]*(?:error-message|help-critical|messages[^"]*|w-field__errors)[^"]*"[^>]*>(.*?)</',
        html,
        re.S,
    )
    text = " | ".join(" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found if f.strip())
    return text[:limit]


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]
