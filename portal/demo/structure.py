"""The fixed part of the page tree: the home page's sections.

Created by ``setup_site`` (production) and by ``load_demo``; both are idempotent.
"""

from django.db import transaction
from wagtail.models import Page, Site

from portal.accounts.services import (
    ensure_all_institution_access,
    ensure_moderators,
)
from portal.core.models import HomePage
from portal.core.services import ensure_locales, seed_vocabularies
from portal.exchanges.models import CooperationIndexPage
from portal.funding.models import FundingIndexPage
from portal.institutions.models import InstitutionIndexPage
from portal.observatories.models import ObservatoryIndexPage
from portal.practices.models import PracticeIndexPage
from portal.programs.models import ProgramIndexPage

HOME_INTRO = (
    "Un repositorio compartido donde los equipos municipales de seguridad publican sus buenas "
    "prácticas, manuales, programas y observatorios, y registran la cooperación entre ciudades."
)
HOME_BODY = (
    "<p>Los equipos municipales de prevención aprenden unos de otros, pero ese conocimiento suele "
    "quedar en presentaciones, documentos sueltos y en la memoria de las personas. Este portal lo "
    "reúne en un solo lugar, revisado antes de publicarse y fácil de buscar, para que una comuna de "
    "Chile o un municipio de México encuentre lo que ya funcionó en otro territorio.</p>"
)

SECTIONS = [
    (
        PracticeIndexPage,
        "practicas",
        "Prácticas",
        "Buenas prácticas sistematizadas y manuales para replicarlas.",
    ),
    (
        ProgramIndexPage,
        "programas",
        "Programas",
        "Programas de prevención que ejecutan las instituciones de la red.",
    ),
    (
        ObservatoryIndexPage,
        "observatorios",
        "Observatorios",
        "Quién mide qué: observatorios del delito y de seguridad humana.",
    ),
    (
        CooperationIndexPage,
        "cooperacion",
        "Cooperación",
        "Fondos, proyectos y encuentros de cooperación entre municipios.",
    ),
    (
        FundingIndexPage,
        "indice",
        "Índice de financiamiento",
        "Cómo se ordenan las comunas de Chile según su vulnerabilidad al delito y cuánto recibe "
        "cada grupo para prevención: la fórmula, los datos y el resultado, abiertos.",
    ),
    (
        InstitutionIndexPage,
        "instituciones",
        "Instituciones",
        "Municipios y organizaciones que publican en el portal.",
    ),
]


def get_home() -> HomePage:
    site = Site.objects.get(is_default_site=True)
    return site.root_page.specific


def child_by_slug(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def ensure_site_structure() -> dict[str, Page]:
    """Create the section index pages under the home page if they are missing."""
    ensure_locales()
    seed_vocabularies()
    home = get_home()
    if not home.intro:
        home.intro = HOME_INTRO
        home.body = HOME_BODY
        home.save_revision().publish()
    sections = {}
    for model, slug, title, intro in SECTIONS:
        page = child_by_slug(home, slug)
        if page is None:
            page = publish_child(
                home, model(title=title, slug=slug, intro=intro, show_in_menus=True)
            )
        sections[slug] = page
    ensure_all_institution_access()
    ensure_moderators()
    return sections
