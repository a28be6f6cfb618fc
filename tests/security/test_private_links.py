"""A private or unpublished page is never named in public (portal.core.visibility.may_see).

The test builds private pages (a login restriction, a password, a page under a private parent,
an unpublished institution), links them from every place one page can link to another, then
crawls the public site, the API, OAI-PMH, the sitemap, feeds, exports and citations
anonymously, in both languages, and finds neither their titles, nor their slugs, nor their ids.
"""

import datetime
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import models
from wagtail.models import Page

from portal.api.collections import COLLECTIONS
from portal.core.models import Theme
from portal.exchanges.models import ProjectActivity
from portal.institutions.models import InstitutionIndexPage
from tests.factories.pages import (
    InstitutionPageFactory,
    ObservatoryPageFactory,
    PracticePageFactory,
    ProgramPageFactory,
    ProjectPageFactory,
    TransferFactory,
    publish,
    restrict,
    section,
)
from tests.factories.programs import PreventionModelFactory

pytestmark = pytest.mark.django_db

MARK = "zqx"  # in every private title and slug (ASCII: JSON may escape accents)
MAX_PAGES = 400


@pytest.fixture
def network():
    """Public pages of two institutions linking to private ones in every way they can."""
    index = section(InstitutionIndexPage)
    alfa = publish(InstitutionPageFactory(parent=index, title="Institución pública Alfa"))
    beta = publish(InstitutionPageFactory(parent=index, title="Institución pública Beta"))
    private = {}

    def hidden(factory, kind, parent, name, slug=None, **fields):
        slug = slug or f"{MARK}-{kind}"
        page = publish(factory(parent=parent, title=f"{name} {MARK}", slug=slug, **fields))
        private[kind] = page
        return page

    login_practice = hidden(PracticePageFactory, "login-practice", alfa, "Practica con sesion")
    restrict(login_practice, "login")
    password_program = hidden(ProgramPageFactory, "password-program", alfa, "Programa con clave")
    restrict(password_program, "password")
    login_observatory = hidden(ObservatoryPageFactory, "login-obs", alfa, "Observatorio cerrado")
    restrict(login_observatory, "login")
    closed = hidden(InstitutionPageFactory, "closed-institution", index, "Institucion cerrada")
    restrict(closed, "password")
    under_closed = hidden(PracticePageFactory, "under-closed", closed, "Practica bajo cerrada")
    # A live practice under an unpublished institution: the practice is public, its owner is
    # not named (cards, facts, breadcrumbs, search, JSON-LD, citations). Its address holds the
    # owner's slug (Wagtail's URLs follow the tree), so that slug carries no mark.
    draft = hidden(
        InstitutionPageFactory, "draft-institution", index, "Institucion borrador", slug="borrador"
    )
    orphan = publish(
        PracticePageFactory(parent=draft, title="Practica publica de un borrador", slug="huerfana")
    )
    draft.unpublish()
    PreventionModelFactory(name="Modelo de la cerrada", slug="modelo-de-la-cerrada", origin=closed)
    theme = Theme.objects.filter(locale__language_code="es").order_by("pk").first()
    login_practice.themes.set([theme])

    practice = PracticePageFactory(
        parent=alfa, title="Práctica pública que enlaza", adapted_from=login_practice
    )
    practice.partner_institutions.set([beta, closed, draft])
    practice.themes.set(login_practice.themes.all())
    practice = publish(practice)
    program = ProgramPageFactory(
        parent=alfa, title="Programa público que enlaza", observatory=login_observatory
    )
    program.related_practices.set([login_practice, under_closed])
    program = publish(program)
    project = ProjectPageFactory(
        parent=alfa, title="Proyecto público que enlaza", lead_institution=alfa
    )
    project.partner_institutions.set([beta, closed, draft])
    TransferFactory(
        page=project,
        from_institution=alfa,
        to_institution=beta,
        practice=login_practice,
        program=password_program,
    )
    TransferFactory(page=project, from_institution=closed, to_institution=alfa)
    TransferFactory(page=project, from_institution=alfa, to_institution=draft)
    activity = ProjectActivity.objects.create(
        page=project,
        kind=ProjectActivity.Kind.choices[0][0],
        start_date=datetime.date(2022, 5, 2),
        title="Pasantía",
        host_institution=closed,
    )
    activity.visiting_institutions.set([draft, beta])
    project = publish(project)
    led_by_draft = publish(
        ProjectPageFactory(parent=beta, title="Proyecto de Beta", lead_institution=draft)
    )
    return {
        "public": [alfa, beta, practice, program, project, led_by_draft, orphan],
        "private": private,
    }


def _links(body: str, base: str) -> list[str]:
    out = []
    for href in re.findall(r'href="([^"#]+)', body):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.path.startswith(
            ("/admin", "/static", "/media", "/documents", "/django-admin")
        ):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _found(text: str, names: list[str]) -> list[int]:
    return [text.index(name) for name in names if name in text]


def _relation_keys() -> set[str]:
    """API fields that point at another page, from the API's own declaration."""
    keys = set()
    for collection in COLLECTIONS:
        model = collection.model
        names = [(model, name) for name in collection.fields]
        for child in collection.children:
            related = model._meta.get_field(child.name).related_model
            names += [(related, name) for name in child.fields]
        for owner, name in names:
            field = owner._meta.get_field(name)
            target = getattr(field, "related_model", None)
            if isinstance(field, models.ForeignKey | models.ManyToManyField) and (
                target is not None and issubclass(target, Page)
            ):
                keys.add(name)
        # computed values that are a page's id (a project's fund), not descriptions (evidence)
        keys.update(
            name for name, (kind, _fn) in collection.computed.items() if kind in (int, int | None)
        )
    return keys


def _ids_under(data, keys: set[str]):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys:
                yield from (value if isinstance(value, list) else [value])
            yield from _ids_under(value, keys)
    elif isinstance(data, list):
        for item in data:
            yield from _ids_under(item, keys)


def test_private_pages_are_named_nowhere_in_public(client, network):
    private = network["private"]
    private_ids = {page.pk for page in private.values()}
    start = ["/", "/en/", "/sitemap.xml", "/robots.txt", "/api/v1/"]
    for page in network["public"]:
        start += [page.url, "/en" + page.url]
    for query in (MARK, "privada", "cerrada", "Práctica", "borrador"):
        start += [f"/buscar/?q={query}", f"/buscar/?q={query}&format=json"]
        start += [f"/buscar/?q={query}&format=atom", f"/en/search/?q={query}"]
    for collection in COLLECTIONS:
        start.append(f"/api/v1/{collection.name}/?limit=100")
    for page in network["public"]:
        for collection in COLLECTIONS:
            if isinstance(page, collection.model):
                start.append(f"/api/v1/{collection.name}/{page.pk}/")
    for practice in (network["public"][2], network["public"][-1]):
        start += [f"/cita/{practice.pk}/bibtex/", f"/cita/{practice.pk}/ris/"]
    for verb in ("ListRecords", "ListIdentifiers"):
        start.append(f"/oai/?verb={verb}&metadataPrefix=oai_dc")

    queue, seen, bodies, shapes = list(start), set(), {}, {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        # a few of each shape of address (the index has a page per comuna)
        shape = re.sub(r"\d+", "N", url)
        if url in seen or (url not in start and shapes.get(shape, 0) >= 3):
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        body = response.content.decode("utf-8", "replace")
        bodies[url] = body
        token = re.search(r"<resumptionToken[^>]*>([^<]+)<", body)
        if token:
            queue.append(
                f"/oai/?verb={url.split('verb=')[1].split('&')[0]}&resumptionToken={token[1]}"
            )
        if "html" in response.get("Content-Type", ""):
            # follow the site's own links, and its exports, one visit per address
            for link in _links(body, url):
                path = link.split("?")[0]
                if "format=" in link or path not in {u.split("?")[0] for u in seen}:
                    queue.append(link if "format=" in link else path)

    assert len(bodies) > 100, sorted(bodies)  # the crawl reached the site, not only its door
    for surface in ("format=csv", "format=json", "format=atom", "/oai/", "/sitemap.xml", "/cita/"):
        assert any(surface in url for url in bodies), surface
    for surface in ("/cooperacion/red/", "/network-in-figures/", "/api/v1/projects/"):
        assert any(surface in url for url in bodies), surface
    # a search for the mark echoes the query: what must never show is a private page's title
    # or slug (its address)
    names = [page.title.lower() for page in private.values()]
    names += [page.slug for page in private.values() if MARK in page.slug]
    leaks = {
        url: [body[max(0, i - 160) : i + 60] for i in _found(body.lower(), names)]
        for url, body in bodies.items()
        if _found(body.lower(), names)
    }
    assert not leaks, leaks

    keys = _relation_keys()
    for url, body in bodies.items():
        if url.startswith("/api/v1/") and body.startswith("{"):
            found = set(_ids_under(json.loads(body), keys | {"id"})) & private_ids
            assert not found, (url, found)
    for page in private.values():
        for collection in COLLECTIONS:
            if isinstance(page, collection.model):
                assert client.get(f"/api/v1/{collection.name}/{page.pk}/").status_code == 404


def test_public_links_still_show(client, network):
    """The same pages still name what is public: the rule hides, it does not blank."""
    alfa, beta, practice, program, project, _led, orphan = network["public"]
    assert orphan.title in client.get(orphan.url).content.decode()
    body = client.get(project.url).content.decode()
    assert beta.title in body and alfa.title in body
    assert "Institución pública Beta" in client.get(practice.url).content.decode()
    data = client.get(f"/api/v1/projects/{project.pk}/").json()
    assert beta.slug in data["partner_institutions"]
    assert data["lead_institution"] == alfa.slug
