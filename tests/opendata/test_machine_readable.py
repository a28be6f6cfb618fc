"""schema.org JSON-LD, Open Graph and canonical tags, and citation downloads."""

import json
import re

import pytest

from portal.exchanges.models import ProjectPage
from portal.institutions.models import InstitutionPage
from portal.observatories.models import ObservatoryPage
from portal.practices.models import ManualPage, PracticePage
from portal.programs.models import ProgramPage
from tests.factories.pages import InstitutionPageFactory, PracticePageFactory, publish

pytestmark = pytest.mark.django_db

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.mark.parametrize(
    ("model", "schema_type"),
    [
        (PracticePage, "CreativeWork"),
        (ManualPage, "Book"),
        (ProgramPage, "GovernmentService"),
        (ObservatoryPage, "ResearchOrganization"),
        (ProjectPage, "Project"),
        (InstitutionPage, None),
    ],
)
def test_detail_pages_describe_themselves(client, network, model, schema_type):
    page = model.objects.live().public().first()
    html = client.get(page.url).content.decode()
    (block,) = LD.findall(html)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == (schema_type or data["@type"])
    assert data["name"] == page.title and data["url"] == f"http://testserver{page.url}"
    assert f'<link rel="canonical" href="http://testserver{page.url}">' in html
    assert '<meta property="og:title"' in html and '<meta property="og:url"' in html


def test_json_ld_cannot_close_its_script(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(
            PracticePageFactory(
                parent=publish(InstitutionPageFactory()),
                title="</script><script>alert(1)</script>",
                slug="xss-ld",
            )
        )
    html = client.get(page.url).content.decode()
    (block,) = LD.findall(html)
    assert json.loads(block)["name"] == page.title
    assert "<script>alert(1)" not in html


def test_practices_and_manuals_download_their_reference(client, network):
    practice = PracticePage.objects.live().public().first()
    bib = client.get(f"/cita/{practice.pk}/bibtex/")
    assert bib.status_code == 200 and bib["Content-Type"].startswith("application/x-bibtex")
    text = bib.content.decode()
    assert text.startswith("@misc{portal") and practice.institution.title in text
    manual = ManualPage.objects.live().public().first()
    ris = client.get(f"/cita/{manual.pk}/ris/").content.decode()
    assert ris.startswith("TY  - BOOK") and f"TI  - {manual.title}" in ris
    assert ris.rstrip().endswith("ER  -")


def test_no_reference_for_hidden_or_other_pages(client, network, hidden):
    for page in hidden["pages"]:
        assert client.get(f"/cita/{page.pk}/bibtex/").status_code == 404
    program = ProgramPage.objects.live().first()
    assert client.get(f"/cita/{program.pk}/ris/").status_code == 404
    assert client.get("/cita/99999999/ris/").status_code == 404
