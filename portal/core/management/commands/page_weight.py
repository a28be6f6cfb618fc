"""Page weight: what each public page type costs a visitor on a slow connection.

    python manage.py page_weight [--budget-kb 150]

For one live page of every type, in Spanish and English, it renders the page, finds the
stylesheets and scripts the page loads, and adds up the page's own HTML, CSS and JS as they
travel (gzip-compressed, as WhiteNoise serves them); images are left aside. It also lists any
stylesheet or script from another host (a render-blocking third-party request). It prints a
table and exits non-zero when a page is over budget or loads a third-party resource.
"""

import gzip
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.utils import translation

RESOURCE = re.compile(
    r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="(?P<url>[^"]+)"', re.I
)
# Spanish address, and the English one when it is not "/en" + the Spanish one.
FIXED = {
    "home": ("/", None),
    "practices": ("/practicas/", None),
    "manual library": ("/practicas/manuales/", "/en/practicas/manuals/"),
    "programs": ("/programas/", None),
    "observatories": ("/observatorios/", None),
    "institutions": ("/instituciones/", None),
    "cooperation": ("/cooperacion/", None),
    "funding index": ("/indice/", None),
    "network figures": ("/red-en-cifras/", "/en/network-in-figures/"),
    "search": ("/buscar/?q=prevencion", "/en/search/?q=prevencion"),
}
TYPES = {
    "practice": "practices.PracticePage",
    "manual": "practices.ManualPage",
    "program": "programs.ProgramPage",
    "observatory": "observatories.ObservatoryPage",
    "report": "observatories.ObservatoryReportPage",
    "project": "exchanges.ProjectPage",
    "institution": "institutions.InstitutionPage",
}


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def static_bytes(url: str) -> bytes | None:
    path = urlsplit(url).path
    if not path.startswith(settings.STATIC_URL):
        return None
    name = path[len(settings.STATIC_URL) :]
    found = finders.find(name)
    if found is None:  # a hashed name: look the original up
        found = finders.find(re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", name))
    if found is None:
        return None
    with open(found, "rb") as handle:
        return handle.read()


def pages() -> dict[str, tuple[str, str]]:
    from django.apps import apps

    out = {name: (es, en or f"/en{es}") for name, (es, en) in FIXED.items()}
    for name, label in TYPES.items():
        page = apps.get_model(label).objects.live().public().order_by("pk").first()
        if page is not None:
            out[name] = (page.url, f"/en{page.url}")
    return out


def measure(client: Client, path: str) -> dict:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="es-CL")
    if response.status_code != 200:
        raise CommandError(f"{path} answered {response.status_code}")
    html = response.content
    total = compressed(html)
    third_party = []
    for match in RESOURCE.finditer(html.decode("utf-8", "replace")):
        url = match["url"]
        if urlsplit(url).netloc and urlsplit(url).netloc not in (
            "testserver",
            "localhost",
            "127.0.0.1",
            "",
        ):
            third_party.append(url)
            continue
        data = static_bytes(url)
        if data is not None:
            total += compressed(data)
    return {"html": compressed(html), "total": total, "third_party": third_party}


class Command(BaseCommand):
    help = "Page weight of every public page type (HTML, CSS and JS, compressed) against a budget."

    def add_arguments(self, parser):
        parser.add_argument("--budget-kb", type=int, default=150)

    def handle(self, *args, budget_kb, **options):
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip("."))
        budget = budget_kb * 1024
        rows, failures = [], []
        for name, (spanish, english) in pages().items():
            for language, address in (("es", spanish), ("en", english)):
                with translation.override(language):
                    figures = measure(client, address)
                rows.append((name, language, figures))
                if figures["total"] > budget:
                    failures.append(f"{address}: {figures['total'] / 1024:.1f} KB")
                failures += [f"{address} loads {url}" for url in figures["third_party"]]
        self.stdout.write(f"{'page':<16} {'lang':<4} {'HTML KB':>8} {'HTML+CSS+JS KB':>15}")
        for name, language, figures in rows:
            self.stdout.write(
                f"{name:<16} {language:<4} {figures['html'] / 1024:>8.1f} "
                f"{figures['total'] / 1024:>15.1f}"
            )
        heaviest = max(rows, key=lambda row: row[2]["total"])
        self.stdout.write(
            f"budget {budget_kb} KB per page (gzip); heaviest: {heaviest[0]} "
            f"[{heaviest[1]}] {heaviest[2]['total'] / 1024:.1f} KB; third-party resources: "
            f"{sum(len(r[2]['third_party']) for r in rows)}"
        )
        if failures:
            raise CommandError("over budget or third-party:\n" + "\n".join(failures))
