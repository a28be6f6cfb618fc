"""axe-core (from the npm registry) over every public page type, in Spanish and English, at
phone and desktop widths: no serious or critical violation. Each page is also saved as a
screenshot under var/screenshots/ for people to look at."""

import json
import re
import urllib.request

import pytest

from .conftest import AXE, screenshot

WIDTHS = {"phone": 375, "desktop": 1280}
# Page types with a fixed address (Spanish; the English one is the language switcher's link).
FIXED = {
    "home": "/",
    "practices": "/practicas/",
    "practices-filtered": "/practicas/?country=MX&theme=confianza-en-la-policia",
    "manual-library": "/practicas/manuales/",
    "ratings": "/practicas/calificaciones/",
    "evidence-map": "/practicas/mapa-de-evidencia/",
    "programs": "/programas/",
    "prevention-models": "/programas/modelos/",
    "prevention-model": "/programas/modelos/promocion-de-derechos-y-prevencion-social/",
    "observatories": "/observatorios/",
    "who-measures": "/observatorios/quien-mide/",
    "institutions": "/instituciones/",
    "cooperation": "/cooperacion/",
    "cooperation-network": "/cooperacion/red/",
    "funding-index": "/indice/",
    "funding-municipality": "/indice/2023/v1/13122/",
    "network-figures": "/red-en-cifras/",
    "search": "/buscar/?q=prevenci%C3%B3n",
    "search-nothing": "/buscar/?q=zzzxxy",
    "sign-in": "/cuenta/login/",
    "sign-up": "/cuenta/signup/",
    "not-found": "/no-existe/",
}
# Page types whose address comes from the API: one published item of each.
FROM_API = {
    "practice": "practices",
    "manual": "manuals",
    "program": "programs",
    "observatory": "observatories",
    "report": "reports",
    "fund": "funds",
    "project": "projects",
    "event": "events",
    "institution": "institutions",
}


# Pages whose text is content (not interface): the demo has each in English too.
CONTENT = {"home", *FROM_API}
ENGLISH_WORDS = re.compile(r"\b(the|and|of|with|for|to)\b")


def first_item_path(base: str, collection: str) -> str:
    item = api(base, f"{collection}/?limit=1")["results"][0]
    return item["url"].removeprefix(base)


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/v1/{path}") as response:  # noqa: S310
        return json.load(response)


def page_types(base: str) -> dict[str, str]:
    paths = dict(FIXED)
    paths.update({name: first_item_path(base, c) for name, c in FROM_API.items()})
    observatory = api(base, "observatories/?limit=1")["results"][0]
    series = api(base, f"observatories/{observatory['id']}/")["series"]
    paths["compare-series"] = f"/observatorios/comparar/?a={series[0]['id']}&b={series[1]['id']}"
    return paths


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        })"""
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS, ids=str)
def test_no_serious_accessibility_violation_on_any_page_type(browser, portal, width):
    context = browser.new_context(
        base_url=portal["url"],
        viewport={"width": WIDTHS[width], "height": 900},
        locale="es-CL",
        # axe-core goes in as an inline script, which the site's own policy rightly refuses;
        # test_security.py checks that policy on these same pages.
        bypass_csp=True,
    )
    page = context.new_page()
    failures = {}
    checked = 0
    for name, path in page_types(portal["url"]).items():
        status = 404 if name == "not-found" else 200
        assert page.goto(path).status == status, path
        switcher = page.locator("a[hreflang=en]")
        english = switcher.first.get_attribute("href") if switcher.count() else f"/en{path}"
        texts = {}
        for language, address in (("es", path), ("en", english)):
            if language == "en":
                assert page.goto(address).status == status, address
            assert page.locator("html").get_attribute("lang").startswith(language), address
            texts[language] = page.locator("main").inner_text()
            if language == "en" and name in CONTENT:
                # The demo is written in both languages: its English pages are English (a
                # proper name may be the same title in both).
                title = page.locator("h1").first.inner_text()
                if page.locator(".notice--language").count():
                    failures[f"{name} [en] {address}"] = "shown in Spanish (language notice)"
                elif texts["en"] == texts["es"] or len(ENGLISH_WORDS.findall(texts["en"])) < 5:
                    failures[f"{name} [en] {address}"] = f"not in English: {title!r}"
            violations = axe_violations(page)
            checked += 1
            if violations:
                failures[f"{name} [{language}] {address}"] = describe(violations)
            screenshot(page, f"{name}-{language}-{WIDTHS[width]}")
    context.close()
    assert checked == 2 * (len(FIXED) + len(FROM_API) + 1)
    assert not failures, "\n\n".join(f"{where}\n{what}" for where, what in failures.items())


def test_the_axe_run_reports_a_violation_when_there_is_one(browser):
    """The harness itself can fail: an image without text and an unnamed button are caught."""
    page = browser.new_page()
    page.set_content(
        '<html lang="es"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>'
        "</main></body></html>"
    )
    found = {violation["id"] for violation in axe_violations(page)}
    page.close()
    assert {"image-alt", "button-name"} <= found
