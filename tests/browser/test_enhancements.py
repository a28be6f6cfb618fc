"""What JavaScript improves, and what must still work without it: filters folding on phones,
the focused error summary, the print layout of a manual, and the offline maps."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot


@pytest.fixture
def phone(browser, portal):
    context = browser.new_context(
        base_url=portal["url"], viewport={"width": 375, "height": 800}, locale="es-CL"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_javascript(browser, portal):
    context = browser.new_context(
        base_url=portal["url"],
        viewport={"width": 375, "height": 800},
        locale="es-CL",
        java_script_enabled=False,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_filters_fold_on_a_phone_and_open_on_request(phone):
    phone.goto("/practicas/")
    panel = phone.locator("details.filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    country = phone.get_by_role("group", name="País")
    expect(country).to_be_hidden()
    # The results come first; the filters are one tap away.
    phone.get_by_text("Mostrar filtros y orden").click()
    expect(country).to_be_visible()
    country.get_by_label(re.compile(r"^México")).check()
    phone.get_by_role("button", name="Aplicar").click()
    expect(phone).to_have_url(re.compile(r"country=MX"))


def test_without_javascript_the_filters_stay_open_on_a_phone(phone_without_javascript):
    page = phone_without_javascript
    page.goto("/practicas/")
    expect(page.get_by_role("group", name="País")).to_be_visible()


def test_on_a_desktop_the_filters_are_open_and_have_no_toggle(page):
    page.goto("/practicas/")
    expect(page.get_by_role("group", name="País")).to_be_visible()
    expect(page.locator(".filters-panel__summary")).to_be_hidden()


def test_a_failed_sign_up_focuses_the_error_summary_and_its_links_reach_the_fields(page):
    page.goto("/cuenta/signup/")
    page.get_by_label("Correo electrónico").fill("no-es-un-correo")
    page.locator("#id_password1").fill("123")
    page.locator("#id_password2").fill("123")
    # The browser's own check would stop an invalid address before the server sees it.
    form = page.locator("main form[method=post]")
    form.evaluate("form => form.noValidate = true")
    form.locator("button[type=submit], input[type=submit]").last.click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(page).to_have_title(re.compile(r"^Error:"))
    summary.get_by_role("link", name=re.compile(r"^Correo electrónico")).click()
    expect(page.locator("#id_email")).to_be_focused()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "form-errors-es-1280")


def test_a_manual_prints_without_navigation_one_chapter_per_page(page):
    page.goto("/practicas/manuales/")
    page.locator("main").get_by_role(
        "link", name=re.compile("Manual del proyecto Ciudadanía")
    ).first.click()
    chapters = page.locator(".chapters .chapter")
    assert chapters.count() >= 2
    expect(page.locator(".chapter-nav").first).to_be_visible()
    next_link = page.locator(".chapter-nav a[rel=next]").first
    next_link.click()
    expect(page).to_have_url(re.compile(r"#chapter-2$"))

    page.emulate_media(media="print")
    for hidden in (".main-nav", ".chapter-nav", ".download", ".lang-switch"):
        expect(page.locator(hidden).first).to_be_hidden()
    breaks = chapters.evaluate_all("nodes => nodes.map(n => getComputedStyle(n).breakBefore)")
    assert breaks[0] != "page" and all(b == "page" for b in breaks[1:]), breaks


def test_the_maps_draw_offline_with_a_name_and_a_table(page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/instituciones/")
    chile = page.get_by_role("img", name=re.compile("Mapa de Chile"))
    expect(chile).to_be_visible()
    box = chile.bounding_box()
    assert box["height"] > 200 and box["width"] > 40
    expect(page.get_by_role("table", name=re.compile("por región")).first).to_be_visible()
    # Nothing is fetched from anywhere but the portal itself.
    origin = page.url.split("/instituciones/")[0]
    assert all(url.startswith(origin) or url.startswith("data:") for url in requests), requests
