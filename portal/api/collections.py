"""What the API serves for each public content type: its filters, sorts and detail fields.

One collection per entry of the content registry (``portal.core.content``): its key names the
collection, its facets are the listing pages' own (same parameter names, same values), so a URL
of the site and a call to the API ask the same question, and its ``api_*`` declarations make the
detail. Content types without facets of their own get those of the evidence search (owner and
classification).
"""

from dataclasses import dataclass

from portal.core import content, visibility
from portal.institutions.listing import classification_facets, owner_facets


def _owned():
    return [*owner_facets(), *classification_facets()]


@dataclass(frozen=True)
class Collection:
    entry: content.ContentType

    @property
    def name(self) -> str:
        return self.entry.key

    @property
    def label(self) -> str:
        return str(self.entry.name)  # read in English, like the rest of the documentation

    @property
    def model(self):
        return self.entry.model

    @property
    def sorts(self) -> dict:
        return self.entry.sorts

    @property
    def fields(self) -> tuple[str, ...]:
        return self.entry.api_fields

    @property
    def children(self) -> tuple[content.Inline, ...]:
        return self.entry.api_inlines

    @property
    def computed(self) -> dict:
        return self.entry.api_computed

    def facets(self) -> list:
        return self.entry.facets() if self.entry.facets else _owned()

    def queryset(self):
        """Live, public pages only: never a draft, a private page or an unpublished one."""
        model = self.model
        related = ["locale"]
        if hasattr(model, "institution"):
            related += ["institution", "institution__country", "institution__region"]
        if self.entry.country_path == "country__code":
            related += ["country", "region"]
        return visibility.shown_queryset(model.objects).select_related(*related)


def collections() -> list[Collection]:
    return [Collection(entry) for entry in content.content_types()]


# Read once the apps are loaded (this module is imported by the URLconf, never by models).
COLLECTIONS = collections()
BY_NAME = {collection.name: collection for collection in COLLECTIONS}
