"""Stored and reflected XSS: script and markup typed into any field, imported from a CSV file or
sent in a search is shown as text, never run, on the public site, in the admin and in every
export (CSV, JSON, API, Atom, OAI-PMH, sitemap).

Inertness is checked by parsing: the raw payload must not appear, no element may carry an
``on…`` attribute or a ``javascript:`` link, every executable ``<script>`` must be free of the
payload and every JSON ``<script>`` must still parse.
"""

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.core import content
from portal.core.exports import spreadsheet_safe
from portal.core.models import PortalDocument
from portal.institutions.evaluations.models import Evaluation
from portal.institutions.models import InstitutionPage
from portal.observatories.models import ObservatoryPage
from portal.opendata.oai import repository_identifier
from portal.practices.models import ManualPage, PracticeOutcome, PracticePage
from tests.factories.admin_forms import editor_form_data
from tests.factories.every import factories
from tests.factories.files import make_pdf
from tests.factories.institutions import penalolen as institution
from tests.factories.pages import (
    InstitutionPageFactory,
    ManualPageFactory,
    ObservatoryPageFactory,
    ProgramPageFactory,
    ProjectPageFactory,
    publish,
)

pytestmark = pytest.mark.django_db

MARK = "Zqxmarca"  # a word found nowhere else, to find the payload's item
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
TITLE_BREAK = "</title><script>alert(2)</script>"
JS_URL = "javascript:alert(1)"
PAYLOAD = f"{MARK} {SCRIPT} {ATTRIBUTE} {TITLE_BREAK} '-alert(3)-'"
RAW = (SCRIPT, "<img src=x", TITLE_BREAK, "<svg onload", "<svg/onload")
JSON_TYPES = ("application/json", "application/ld+json")
FACTORIES = {InstitutionPage: InstitutionPageFactory, ObservatoryPage: ObservatoryPageFactory}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.script_type: str | None = None
        self.script_text = ""

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            squeezed = "".join(value.split()).lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and (
                squeezed.startswith("javascript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append("<img src=x>")
        if tag == "script":
            self.script_type = (dict(attrs).get("type") or "").lower()
            self.script_text = ""

    def handle_data(self, data):
        if self.script_type is not None:
            self.script_text += data

    def handle_endtag(self, tag):
        if tag != "script" or self.script_type is None:
            return
        if self.script_type in JSON_TYPES:
            try:
                json.loads(self.script_text)
            except ValueError:
                self.problems.append(f"a JSON script that no longer parses: {self.script_text!r}")
        elif "alert(" in self.script_text:
            self.problems.append(f"an executable script with the payload: {self.script_text!r}")
        self.script_type = None


def assert_inert(text: str, where: str, *, shown: bool = True) -> None:
    """The page shows the payload (if ``shown``) and nothing of it can run."""
    for raw in RAW:
        assert raw not in text, f"{where}: raw {raw!r} in the HTML"
    inspector = _Inspector()
    inspector.feed(text)
    inspector.close()
    assert not inspector.problems, f"{where}: {inspector.problems}"
    if shown:
        assert MARK in text, f"{where}: the payload is not shown at all (nothing was tested)"


def strings(data) -> list[str]:
    """Every string inside decoded JSON."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [text for item in data for text in strings(item)]
    return []


def page_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def contentstate(text: str, url: str) -> str:
    """Draftail's JSON for a paragraph of ``text`` whose first word links to ``url``."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "x1x1x",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(MARK), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}},
            },
        }
    )


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("raiz-xss", "raiz-xss@example.org", "x-10-y")
    client.force_login(user)
    return user


@pytest.fixture
def practice(django_capture_on_commit_callbacks):
    """A published practice with the payload in its title and every kind of text field."""
    penalolen = institution()
    page = PracticePage(
        title=f"{MARK} {ATTRIBUTE} {TITLE_BREAK}",
        seo_title=f"{MARK} {TITLE_BREAK}",
        slug="practica-xss",
        search_description=PAYLOAD,
        summary=PAYLOAD,
        territory=PAYLOAD,
        funding_sources=PAYLOAD,
        general_objective=PAYLOAD,
        risk_factors=PAYLOAD,
        protective_factors=PAYLOAD,
        replication_staff=PAYLOAD,
        contact_role=PAYLOAD[:150],
        impact_justification=PAYLOAD,
        problem=f"<p>{html.escape(PAYLOAD)}</p>",
    )
    page.outcomes = [PracticeOutcome(indicator=PAYLOAD, baseline=ATTRIBUTE[:100], source=PAYLOAD)]
    page.evaluations = [
        Evaluation(
            design="monitoring",
            title=PAYLOAD,
            evaluator=PAYLOAD,
            sample=PAYLOAD,
            findings=PAYLOAD,
            citation=PAYLOAD,
            # A valid URL (no spaces) that tries to break out of the href attribute.
            link='https://example.org/x"><svg/onload=alert(1)>',
        )
    ]
    with django_capture_on_commit_callbacks(execute=True):
        penalolen.add_child(instance=page)
        page.save_revision().publish()
    page.refresh_from_db()
    return page


# --- Public pages ---------------------------------------------------------------------------


def test_a_practice_page_shows_every_field_as_text(client, practice):
    text = page_html(client, practice.url)
    assert_inert(text, practice.url)
    # Shown escaped, in the body and in the head.
    assert html.escape(SCRIPT) in text
    assert text.count(MARK) >= 10
    head = text.split("</head>")[0]
    assert f"<title>{MARK} " in head and "&lt;/title&gt;&lt;script&gt;" in head


@pytest.mark.parametrize(
    "url",
    ["/", "/practicas/", "/practicas/?sort=recent", "/instituciones/penalolen/"],
)
def test_listings_that_show_the_practice_keep_it_inert(client, practice, url):
    assert_inert(page_html(client, url), url)


def test_search_results_keep_stored_text_inert(client, practice):
    text = page_html(client, f"/buscar/?q={MARK}")
    assert_inert(text, "search results")
    assert practice.url in text


CONTENT_MODELS = [
    t.model for t in content.content_types() if t.model.__module__.startswith("portal.")
]


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model._meta.label)
def test_every_content_type_shows_a_stored_payload_as_text(
    client, model, django_capture_on_commit_callbacks
):
    """A published item of each type of the content registry, with the payload in its title
    and summary: its page and the search results keep it inert."""
    fields = {"title": f"{MARK} {ATTRIBUTE} {TITLE_BREAK}"}
    if any(field.name == "summary" for field in model._meta.get_fields()):
        fields["summary"] = PAYLOAD
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(factories()[model](**fields))
    text = page_html(client, page.url)
    assert_inert(text, page.url)
    assert "&lt;/title&gt;&lt;script&gt;" in text.split("</head>")[0]
    results = page_html(client, f"/buscar/?q={MARK}")
    assert_inert(results, f"search results for {model._meta.label}")
    assert page.url in results


@pytest.mark.parametrize(
    "query",
    [PAYLOAD, f'{MARK} "><svg onload=alert(1)>', f"{MARK} {JS_URL}", f"{MARK}\x00{SCRIPT}"],
)
def test_a_search_query_is_echoed_as_text(client, query):
    for url in ("/buscar/", "/en/search/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert_inert(response.content.decode(), f"{url}?q={query!r}")


def test_search_suggestions_and_json_are_json(client, practice):
    for url, params in [
        ("/buscar/sugerencias/", {"q": MARK}),
        ("/buscar/", {"q": MARK, "format": "json"}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert MARK in json.dumps(response.json(), ensure_ascii=False)


# --- Rich text, StreamField and URL fields through the admin --------------------------------


def test_rich_text_from_the_editor_keeps_no_script_and_no_javascript_link(
    client, superuser, practice
):
    url = f"/admin/pages/{practice.pk}/edit/"
    data = editor_form_data(client, url, problem=contentstate(PAYLOAD, JS_URL))
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors
    practice.refresh_from_db()
    assert MARK in practice.problem
    assert "<script" not in practice.problem and "javascript:" not in practice.problem.lower()
    assert_inert(page_html(client, practice.url), "practice after an admin edit")
    assert_inert(page_html(client, url), "the practice's editor")


@pytest.mark.parametrize("bad", [JS_URL, " JaVaScRiPt:alert(1)", "java\tscript:alert(1)"])
def test_javascript_urls_are_refused_in_link_fields(client, superuser, practice, bad):
    url = f"/admin/pages/{practice.pk}/edit/"
    data = editor_form_data(client, url, **{"evaluations-0-link": bad})
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    assert Evaluation.objects.get(page=practice).link.startswith("https://example.org/x")


@pytest.mark.parametrize("model", [InstitutionPage, ObservatoryPage])
def test_a_javascript_url_is_never_saved_as_a_website(model):
    # Pages validate every field when saved, from the editor or from code (imports, scripts).
    page = publish(FACTORIES[model](website="https://example.org/"))
    before = page.website
    page.website = JS_URL
    with pytest.raises(ValidationError) as refused:
        page.save_revision()
    assert "website" in refused.value.message_dict
    page.refresh_from_db()
    assert page.website == before


def test_a_manual_built_in_the_editor_keeps_its_chapters_inert(client, superuser):
    penalolen = institution()
    url = f"/admin/pages/add/practices/manualpage/{penalolen.pk}/"
    chapters = nested_form_data(
        {
            "chapters": streamfield(
                [("chapter", {"heading": PAYLOAD, "body": contentstate(PAYLOAD, JS_URL)})]
            )
        }
    )
    data = editor_form_data(
        client,
        url,
        form_id="page-edit-form",
        title=f"{MARK} {SCRIPT}",
        slug="manual-xss",
        summary=PAYLOAD,
        search_description=PAYLOAD,
    )
    response = client.post(url, {**data, **chapters, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors
    manual = ManualPage.objects.get(slug="manual-xss")
    stored = manual.chapters.raw_data[0]["value"]["body"]
    assert MARK in stored and "<script" not in stored and "javascript:" not in stored.lower()
    for where in (manual.url, "/practicas/manuales/", f"/admin/pages/{manual.pk}/edit/"):
        assert_inert(page_html(client, where), where)


# --- The admin ------------------------------------------------------------------------------


def test_admin_listings_and_editors_keep_the_payload_inert(client, superuser, practice):
    parent = practice.get_parent()
    for url in (
        f"/admin/pages/{parent.pk}/",
        f"/admin/pages/search/?q={MARK}",
        f"/admin/pages/{practice.pk}/edit/",
        f"/admin/pages/{practice.pk}/history/",
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url, shown=url != "/admin/")


# --- Documents: titles and file names -------------------------------------------------------


@pytest.fixture
def document(client, superuser, practice):
    collection = institution().access.collection
    response = client.post(
        "/admin/documents/add/",
        {
            "title": PAYLOAD,
            "file": SimpleUploadedFile(
                f'{MARK}"><img src=x onerror=alert(1)>.pdf', make_pdf(["x"])
            ),
            "collection": collection.pk,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return PortalDocument.objects.get(title=PAYLOAD)


def test_document_titles_and_file_names_are_inert(
    client, document, django_capture_on_commit_callbacks
):
    assert "<" not in document.file.name and '"' not in document.file.name
    manual = publish(ManualPageFactory(parent=institution()))
    manual.document = document
    with django_capture_on_commit_callbacks(execute=True):
        manual.save_revision().publish()
    for url in (
        "/admin/documents/",
        f"/admin/documents/?q={MARK}",
        f"/admin/documents/edit/{document.pk}/",
        manual.url,
        "/practicas/manuales/",
    ):
        assert_inert(page_html(client, url), url)
    served = client.get(document.url)
    assert served.status_code == 200
    assert "<" not in served["Content-Disposition"]


# --- CSV imports ----------------------------------------------------------------------------


def csv_file(rows: list[list[str]]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(rows)
    return SimpleUploadedFile("indicadores.csv", buffer.getvalue().encode())


def test_imported_indicator_text_is_inert_on_the_program_page(
    client, superuser, django_capture_on_commit_callbacks
):
    program = publish(ProgramPageFactory(parent=institution()))
    rows = [
        ["indicador", "periodo", "meta", "valor", "fuente", "unidad"],
        [PAYLOAD, "2024", "95", "96", PAYLOAD, "%"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/programs/import-indicators/",
            {"page": program.pk, "file": csv_file(rows), "publish": "on"},
        )
    assert response.status_code == 302
    program.refresh_from_db()
    assert any(indicator.name == PAYLOAD for indicator in program.indicators.all())
    assert_inert(page_html(client, program.url), "program page after an import")
    assert_inert(page_html(client, f"/admin/pages/{program.pk}/edit/"), "program editor")
    detail = client.get(f"/api/v1/programs/{program.pk}/")
    assert detail["Content-Type"].startswith("application/json")
    assert PAYLOAD in strings(detail.json())


def test_import_errors_quote_the_bad_cell_as_text(client, superuser):
    program = publish(ProgramPageFactory(parent=institution()))
    rows = [
        ["indicador", "periodo", "meta", "valor"],
        [MARK, "2024", SCRIPT, ATTRIBUTE],
        [MARK, TITLE_BREAK, "1", "1"],
    ]
    response = client.post(
        "/admin/programs/import-indicators/", {"page": program.pk, "file": csv_file(rows)}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "alert(1)" in text  # the bad values are quoted back…
    assert_inert(text, "import errors", shown=False)  # …as text


# --- Exports, API, feeds, harvesting --------------------------------------------------------


def test_csv_and_json_exports_carry_the_text_as_data(client, practice):
    response = client.get("/practicas/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["id"] == str(practice.pk))
    assert (row["title"], row["summary"]) == (practice.title, PAYLOAD)

    response = client.get("/practicas/", {"format": "json"})
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    item = next(r for r in response.json()["results"] if r["id"] == practice.pk)
    assert item["summary"] == PAYLOAD


def test_the_api_serves_the_text_as_json_data(client, practice):
    for url in ("/api/v1/practices/", f"/api/v1/practices/{practice.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["summary"] == PAYLOAD


def test_the_atom_feed_escapes_summaries_it_declares_as_html(client, practice):
    response = client.get("/buscar/", {"format": "atom", "sort": "date"})
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in root.iter(f"{atom}entry") if MARK in e.find(f"{atom}title").text)
    title = entry.find(f"{atom}title")
    assert title.get("type", "text") == "text" and title.text == practice.title
    summary = entry.find(f"{atom}summary")
    if summary.get("type") == "html":
        # A reader renders it as HTML: it must be the escaped text.
        assert_inert(summary.text, "Atom summary")
        assert html.unescape(summary.text) == PAYLOAD
    else:
        assert summary.text == PAYLOAD


def test_oai_and_sitemap_are_well_formed_xml_with_the_text_as_data(client, practice):
    response = client.get(
        "/oai/",
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": f"oai:{repository_identifier()}:page/{practice.pk}",
        },
    )
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    texts = [element.text for element in root.iter()]
    assert practice.title in texts and PAYLOAD in texts

    response = client.get("/sitemap.xml")
    ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    assert MARK not in response.content.decode()


def test_citations_are_downloads_not_pages(client, practice):
    for kind in ("bibtex", "ris"):
        response = client.get(f"/cita/{practice.pk}/{kind}/")
        assert response.status_code == 200
        assert not response["Content-Type"].startswith("text/html")
        assert response["X-Content-Type-Options"] == "nosniff"


# --- Spreadsheet formulas -------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","a")', "+1+1", "-1+1", "@SUM(1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_neutralised(value):
    assert spreadsheet_safe(value) == "'" + value


def test_the_practice_export_neutralises_formulas(client, django_capture_on_commit_callbacks):
    penalolen = institution()
    page = PracticePage(
        title='=HYPERLINK("http://x.example","clic")', slug="formula", summary="@SUM(A1)"
    )
    with django_capture_on_commit_callbacks(execute=True):
        penalolen.add_child(instance=page)
        page.save_revision().publish()
    rows = list(
        csv.DictReader(io.StringIO(client.get("/practicas/", {"format": "csv"}).content.decode()))
    )
    row = next(r for r in rows if r["id"] == str(page.pk))
    assert row["title"] == "'" + page.title and row["summary"] == "'@SUM(A1)"


def test_the_cooperation_portfolio_export_neutralises_formulas(client, superuser):
    project = publish(ProjectPageFactory())
    project.title = '=HYPERLINK("http://x.example","clic")'
    project.save_revision().publish()
    response = client.get("/admin/cooperation/portfolio.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "'" + project.title in [row["project"] for row in rows]
    assert project.title not in [row["project"] for row in rows]
