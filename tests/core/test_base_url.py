"""One public address (issue 27): with ``BASE_URL`` set, every absolute link the portal writes
names that host and no other, whatever host the request came in on (here ``testserver``).

Covered: the "How to cite" text and the BibTeX/RIS downloads, the head's canonical and
alternates, JSON-LD, the listing export and the cooperation portfolio CSV, the Atom feed, the
sitemap and robots.txt, OAI-PMH (ListRecords, GetRecord), the API, Wagtail's moderation emails
and the portal's own join-request email. Without ``BASE_URL`` the request's host is kept, and
without a request the default address (``portal/core/addresses.py``).
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import RequestFactory

from portal.accounts.services import request_to_join
from portal.core import addresses
from portal.core.addresses import PublicAddressMixin
from portal.opendata.oai import repository_identifier
from portal.practices.models import PracticePage
from tests.core.test_settings import run_manage
from tests.factories.accounts import UserFactory, editor_of, manager_of, moderator
from tests.factories.network import build_network
from tests.factories.pages import PracticePageFactory, ProjectPageFactory, publish

pytestmark = pytest.mark.django_db

PUBLIC = "https://portal.example.org"
ELSEWHERE = ("localhost", "127.0.0.1", "testserver", ":8000")
URL = re.compile(r"https?://[^\s\"'<>{}]+")
# Hosts of standards a document names (namespaces, schemas), not links of the portal.
STANDARDS = ("schema.org", "www.openarchives.org", "www.w3.org", "purl.org", "www.sitemaps.org")
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def assert_public(text: str, *, at_least: int = 1) -> list[str]:
    """Every absolute URL in ``text`` is on the public host; no other host is named at all."""
    for other in ELSEWHERE:
        assert other not in text, f"{other!r} in {text[:3000]}"
    urls = [u for u in URL.findall(text) if not u.split("/")[2].endswith(STANDARDS)]
    outside = [u for u in urls if not (u == PUBLIC or u.startswith(PUBLIC + "/"))]
    assert not outside, outside
    assert len(urls) >= at_least, text[:3000]
    return urls


@pytest.fixture
def public(settings):
    """``BASE_URL`` set, as the environment would set it (``portal/settings/base.py`` derives
    Wagtail's ``WAGTAILADMIN_BASE_URL`` from it; ``test_the_settings_derive_from_base_url``)."""
    settings.BASE_URL = PUBLIC
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    return PUBLIC


@pytest.fixture
def network(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_network()


def test_the_helper(settings, rf: RequestFactory):
    settings.ALLOWED_HOSTS = ["otro.example"]
    request = rf.get("/", HTTP_HOST="otro.example:8080")
    settings.BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    # Not set: the request's host where there is a request, the default address otherwise.
    assert addresses.absolute("/a/", request) == "http://otro.example:8080/a/"
    assert addresses.absolute("/a/") == "http://127.0.0.1:8000/a/"
    # Set: it wins everywhere.
    settings.BASE_URL = PUBLIC + "/"
    assert addresses.base_url(request) == PUBLIC
    assert addresses.absolute("/a/", request) == f"{PUBLIC}/a/"
    assert addresses.absolute("b/c?x=1") == f"{PUBLIC}/b/c?x=1"
    assert addresses.absolute("/prácticas/ñ/") == f"{PUBLIC}/pr%C3%A1cticas/%C3%B1/"
    assert addresses.absolute("") == ""
    # An address elsewhere (a file on a storage's own host) stays as it is.
    assert addresses.absolute("https://cdn.example/x.pdf") == "https://cdn.example/x.pdf"


def test_every_portal_page_type_takes_its_root_url_from_the_public_address():
    from wagtail.models import get_page_models

    portal_pages = [
        model
        for model in get_page_models()
        if model.__module__.startswith("portal.") and not model._meta.abstract
    ]
    assert portal_pages
    assert [m.__name__ for m in portal_pages if not issubclass(m, PublicAddressMixin)] == []


def test_the_settings_derive_from_base_url(tmp_path):
    code = "from django.conf import settings as s; print(repr(s.BASE_URL), s.WAGTAILADMIN_BASE_URL)"
    given = run_manage(
        "shell",
        "-c",
        code,
        env_overrides={"DEBUG": "1", "BASE_URL": PUBLIC + "/"},
        tmp_path=tmp_path,
    )
    assert given.returncode == 0, given.stderr
    assert given.stdout.splitlines()[-1].split() == [repr(PUBLIC), PUBLIC]
    unset = run_manage(
        "shell", "-c", code, env_overrides={"DEBUG": "1", "BASE_URL": ""}, tmp_path=tmp_path
    )
    assert unset.returncode == 0, unset.stderr
    assert unset.stdout.splitlines()[-1].split() == ["''", "http://127.0.0.1:8000"]
    wrong = run_manage(
        "check", env_overrides={"DEBUG": "1", "BASE_URL": "portal.example.org"}, tmp_path=tmp_path
    )
    assert wrong.returncode != 0 and "BASE_URL" in wrong.stderr


def test_citations_name_the_public_address(client, public, network):
    page = PracticePage.objects.live().public().first()
    html = client.get(page.url).content.decode()
    (citation,) = re.findall(r'<blockquote class="citation"><p>(.*?)</p>', html, re.S)
    assert assert_public(citation) == [f"{PUBLIC}{page.url}"]
    assert page.citation() == page.citation(client.get(page.url).wsgi_request)
    for kind in ("bibtex", "ris"):
        text = client.get(f"/cita/{page.pk}/{kind}/").content.decode()
        assert assert_public(text) == [f"{PUBLIC}{page.url}"]


def test_the_page_head_and_json_ld_name_the_public_address(client, public, network):
    page = PracticePage.objects.live().public().first()
    html = client.get(page.url).content.decode()
    head = html.split("</head>")[0]
    assert f'<link rel="canonical" href="{PUBLIC}{page.url}">' in head
    assert_public(head.split("<script")[0], at_least=4)  # alternates, canonical, og:url
    (block,) = LD.findall(html)
    data = json.loads(block)
    assert data["url"] == f"{PUBLIC}{page.url}"
    assert_public(block, at_least=2)


def test_the_listing_export_and_the_portfolio_name_the_public_address(client, public, network):
    rows = list(csv.DictReader(io.StringIO(client.get("/practicas/?format=csv").text)))
    assert rows
    assert_public(" ".join(row["url"] for row in rows), at_least=len(rows))
    results = client.get("/practicas/?format=json").json()["results"]
    assert_public(" ".join(item["url"] for item in results), at_least=len(results))

    project = publish(ProjectPageFactory())
    admin = get_user_model().objects.create_superuser("raiz-url", "raiz-url@example.org", "x-1a")
    client.force_login(admin)
    text = client.get("/admin/cooperation/portfolio.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    urls = {row["project"]: row["url"] for row in rows}
    assert urls[project.title] == f"{PUBLIC}{project.url}"
    assert_public(" ".join(urls.values()), at_least=len(rows))


def test_the_feed_sitemap_and_robots_name_the_public_address(client, public, network):
    atom = client.get("/buscar/", {"format": "atom"}).content.decode()
    assert_public(atom, at_least=3)
    assert f'<link href="{PUBLIC}/buscar/?format=html"' in atom

    sitemap = client.get("/sitemap.xml").content.decode()
    page = PracticePage.objects.live().public().first()
    assert f"<loc>{PUBLIC}{page.url}</loc>" in sitemap
    assert_public(sitemap, at_least=10)
    robots = client.get("/robots.txt").content.decode()
    assert assert_public(robots) == [f"{PUBLIC}/sitemap.xml"]


def test_oai_names_the_public_address(client, public, network):
    assert repository_identifier() == "portal.example.org"
    listing = client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    text = listing.content.decode()
    assert f">{PUBLIC}/oai/</request>" in text
    assert_public(text, at_least=3)
    page = PracticePage.objects.live().public().first()
    record = client.get(
        "/oai/",
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": f"oai:{repository_identifier()}:page/{page.pk}",
        },
    ).content.decode()
    assert f">{PUBLIC}{page.url}</dc:identifier>" in record
    assert_public(record, at_least=2)
    identify = client.get("/oai/", {"verb": "Identify"}).content.decode()
    root = ET.fromstring(identify)  # noqa: S314 - the portal's own response
    (base,) = [e.text for e in root.iter() if e.tag.endswith("baseURL")]
    assert base == f"{PUBLIC}/oai/"


def test_the_api_names_the_public_address(client, public, network):
    index = client.get("/api/v1/").content.decode()
    assert_public(index, at_least=3)
    listing = client.get("/api/v1/practices/").content.decode()
    assert_public(listing, at_least=2)


def test_moderation_emails_name_the_public_address(public, django_capture_on_commit_callbacks):
    page = PracticePageFactory(live=False)
    editor = editor_of(page.institution)
    moderator(email="moderacion-url@red.example")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
    submitted = [m for m in mail.outbox if "moderacion-url@red.example" in m.to]
    assert submitted, [m.to for m in mail.outbox]
    for message in submitted:
        assert_public(message.body + "".join(str(a[0]) for a in message.alternatives))

    mail.outbox.clear()
    approver = get_user_model().objects.create_superuser("aprueba", "aprueba@example.org", "x-1a")
    page = PracticePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, approver, "approve")
    page.refresh_from_db()
    assert page.live
    approved = [m for m in mail.outbox if editor.email in m.to]
    assert approved, [m.to for m in mail.outbox]
    body = approved[0].body
    assert f"{PUBLIC}{page.url}" in body
    assert_public(body + "".join(str(a[0]) for a in approved[0].alternatives))


def test_the_join_request_email_names_the_public_address(public):
    page = PracticePageFactory()
    institution = publish(page.institution)
    manager_of(institution)
    member = UserFactory()
    request_to_join(user=member, institution=institution, message="Hola")
    (message,) = mail.outbox
    assert assert_public(message.body) == [f"{PUBLIC}/admin/join-requests/"]


def test_without_base_url_the_request_host_is_kept(client, settings, network):
    settings.BASE_URL = ""
    page = PracticePage.objects.live().public().first()
    html = client.get(page.url, HTTP_HOST="localhost:8123").content.decode()
    (citation,) = re.findall(r'<blockquote class="citation"><p>(.*?)</p>', html, re.S)
    assert f"http://localhost:8123{page.url}" in citation
    # Without a request: the default address (the test settings' ``WAGTAILADMIN_BASE_URL``).
    assert page.citation().endswith(f"http://testserver{page.url}")
    assert page.full_url == f"http://testserver{page.url}"
