"""The content registry: the one declaration of each public content type.

Each content app registers its page models here (``@content.register(...)`` on the model). The
API, OAI-PMH, the listings' exports, the search, the sitemap, JSON-LD, the home page and network
figures, the institution pages and the isolation tests loop over ``content_types()`` instead of
naming the apps, so a new type is declared once, in its own app, and core never imports it.

Whatever needs code (the facets, computed API values) is a small callable the app gives; it is
called at request time, never at import.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

RECENT = {"recent": ("-first_published_at", "-pk"), "title": ("title", "pk")}


@dataclass(frozen=True)
class Inline:
    """A list of objects shown inside a page and served with it by the API (outcomes,
    indicators, holdings…): the related manager's name, its fields, and computed values
    (``name -> (annotation, function(request, obj))``)."""

    name: str
    # Empty: the related model's own ``api_fields`` (a model shared by several page types, from
    # an app they must not import).
    fields: tuple[str, ...] = ()
    computed: dict = field(default_factory=dict)

    def model(self, parent):
        return getattr(parent, self.name).rel.related_model

    def model_fields(self, parent) -> list:
        model = self.model(parent)
        return [model._meta.get_field(name) for name in self.fields or model.api_fields]


@dataclass(frozen=True)
class ContentType:
    """What a content type is, for every part of the portal that presents it.

    ``key`` names it everywhere: the API collection (``/api/v1/<key>/``), the OAI set
    (``type:<key>``), the search's ``type`` facet, the home page's counts.
    """

    key: str
    model: type[Model]
    # Counted on the home page and in the network figures.
    counted: bool = True
    # The network-wide listing page that presents this type (app label), for the menu, the
    # institution page's "see all" link and the isolation tests.
    section: str | None = None
    # A plural name for people (lazy gettext, English source): API documentation (read in
    # English), network figures' columns. Defaults to the model's ``verbose_name_plural``.
    label: Any = None
    # The facets of its listing and of its API collection: ``() -> list[portal.core.listing.Facet]``
    # (None: the API offers owner and classification facets).
    facets: Callable[[], list] | None = None
    # Orders its listing and API collection offer, ``name -> order_by``; the first is the default.
    sorts: dict = field(default_factory=lambda: dict(RECENT))
    # The field whose value (a number, or a date's year) is the item's year in exports, the API
    # and the search's year facet.
    year: str | None = None
    # Fields its listing's CSV/JSON exports add after the common columns (``core.exports``),
    # and the relations those columns read (prefetched once for the whole export).
    export_columns: tuple[str, ...] = ()
    export_prefetch: tuple[str, ...] = ()
    # The API detail: model fields, inline lists (``Inline``) and computed values
    # (``name -> (annotation, function(request, page))``).
    api_fields: tuple[str, ...] = ()
    api_inlines: tuple[Inline, ...] = ()
    api_computed: dict = field(default_factory=dict)
    # OAI-PMH: the Dublin Core type of its records; None keeps the type out of the harvest.
    oai_type: str | None = None
    # schema.org: the type its JSON-LD declares (None: no JSON-LD), and whether the page offers
    # citations (BibTeX and RIS).
    schema_type: str | None = None
    citable: bool = False
    # Network figures: the path from a page to its owner's country code (None: not counted by
    # country).
    country_path: str | None = "institution__country__code"
    # The institution page: which route of the section page lists this type filtered by owner
    # (``?institution=<slug>``), "" for the section page itself, None when none does; and the
    # choice field whose label a card shows beside the title.
    owner_listing: str | None = None
    card_status: str | None = None

    @property
    def name(self) -> Any:
        return self.label or self.model._meta.verbose_name_plural

    def year_of(self, page) -> int | None:
        value = getattr(page, self.year, None) if self.year else None
        return getattr(value, "year", value) or None


_registry: dict[str, ContentType] = {}


def register(key: str, **declarations):
    """Class decorator: ``@register("practices", section="practices.PracticeIndexPage", ...)``.

    ``declarations`` are the fields of ``ContentType`` (see there).
    """

    def decorator(model):
        _registry[key] = ContentType(key=key, model=model, **declarations)
        return model

    return decorator


def content_types() -> list[ContentType]:
    return list(_registry.values())


def content_models() -> list[type[Model]]:
    return [entry.model for entry in _registry.values()]


def get(key: str) -> ContentType | None:
    return _registry.get(key)


def of_model(model) -> ContentType | None:
    """The entry of ``model`` (a page class, or a page: its specific class), if registered."""
    if not isinstance(model, type):
        model = getattr(model, "specific_class", None) or type(model)
    for entry in _registry.values():
        if entry.model is model:
            return entry
    return None


def section_of(model: type[Model]) -> str | None:
    """The lower-cased label of the listing page that presents ``model``, if registered."""
    for entry in _registry.values():
        if entry.model is model and entry.section:
            return entry.section.lower()
    return None
