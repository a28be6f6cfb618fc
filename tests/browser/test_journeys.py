"""What people do on the portal, in a real browser: a visitor searches, filters, reads a
practice, downloads a manual and switches to English; an editor writes a practice and submits
it; a moderator approves it; the visitor then finds it."""

import re
import secrets

from playwright.sync_api import expect

from .conftest import screenshot
from .test_accessibility import api


def test_a_visitor_searches_filters_reads_downloads_and_switches_language(page):
    page.goto("/")
    box = page.get_by_label("Buscar en el portal")
    box.fill("proximidad")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/buscar/\?q=proximidad"))
    results = page.locator("#results")
    expect(results).to_contain_text("proximidad", ignore_case=True)

    # Narrow to Mexican good practices.
    filters = page.locator("form.filters")
    filters.get_by_role("group", name="Tipo de contenido").get_by_label(
        re.compile(r"^buenas prácticas")
    ).check()
    filters.get_by_role("group", name="País").get_by_label(re.compile(r"^México")).check()
    filters.get_by_role("button", name="Aplicar").click()
    expect(page).to_have_url(re.compile(r"type=practices.*country=MX"))
    expect(results.get_by_role("status")).to_have_text(re.compile(r"^\d+ resultados?$"))
    for meta in results.locator(".search-result__meta").all():
        expect(meta).to_contain_text("MX")
    first = results.locator(".search-result__title a").first
    title = first.inner_text().strip()
    screenshot(page, "journey-search-filtered")
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("México")

    # A manual: its file downloads.
    page.goto("/practicas/manuales/")
    page.locator("main").get_by_role(
        "link", name=re.compile("Manual del proyecto Ciudadanía")
    ).first.click()
    with page.expect_download() as download_info:
        page.locator("main a[href*='/documents/']").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert download.path().read_bytes().startswith(b"%PDF")

    # The same page in English, and back.
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/en/"))
    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def sign_in(page, email, password):
    page.goto("/cuenta/login/?next=/admin/")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_editor_submits_a_practice_a_moderator_approves_it_and_a_visitor_finds_it(
    browser, portal
):
    title = f"Mesas barriales de convivencia {secrets.token_hex(3)}"
    institution = next(
        item
        for item in api(portal["url"], "institutions/?country=CL&limit=100")["results"]
        if item["title"].endswith("Peñalolén")
    )

    def new_page():
        context = browser.new_context(
            base_url=portal["url"], viewport={"width": 1280, "height": 900}, locale="es-CL"
        )
        context.set_default_timeout(20_000)
        return context.new_page()

    editor = new_page()
    sign_in(editor, "editor.penalolen@example.org", portal["password"])
    editor.goto(f"/admin/pages/add/practices/practicepage/{institution['id']}/")
    editor.locator("#id_title").fill(title)
    editor.locator("#id_summary").fill(
        "Vecinos, carabineros y municipio se reúnen cada mes por barrio para acordar acciones "
        "de convivencia y seguimiento de problemas del espacio público."
    )
    screenshot(editor, "journey-editor-form")
    editor.locator("button[name=action-submit]").dispatch_event("click")
    expect(editor.locator(".messages")).to_contain_text(re.compile("enviada para ser moderada"))
    editor.context.close()

    # Not public yet.
    visitor = new_page()
    visitor.goto(f"/buscar/?q={title}")
    expect(visitor.locator("#results .search-result__title a", has_text=title)).to_have_count(0)

    moderator = new_page()
    sign_in(moderator, "moderacion@example.org", portal["password"])
    moderator.goto("/admin/")
    screenshot(moderator, "journey-moderator-dashboard")
    moderator.get_by_role("link", name=title).first.click()
    footer = moderator.locator("footer").filter(
        has=moderator.locator("[data-workflow-action-name]")
    )
    footer.locator(".w-dropdown__toggle, [aria-label*=acciones]").first.click()
    approve = moderator.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    screenshot(moderator, "journey-moderator-actions")
    approve.click()
    # Wagtail says "updated" after a workflow action; the visitor below proves it is live.
    expect(moderator.locator(".messages")).to_contain_text("ha sido actualizada")
    screenshot(moderator, "journey-moderator-approved")
    moderator.context.close()

    visitor.goto(f"/buscar/?q={title}")
    link = visitor.locator("#results .search-result__title a", has_text=title)
    expect(link).to_have_count(1)
    link.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    screenshot(visitor, "journey-visitor-finds-practice")
    visitor.context.close()
