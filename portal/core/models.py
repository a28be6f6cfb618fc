from django.db import models
from django.db.models import CharField, Count, Value
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult

from . import content, visibility
from .addresses import PublicAddressMixin
from .locales import active_locale_id
from .mixins import attach_owners
from .visibility import RoutedRestrictionsMixin


class VocabularyTerm(TranslatableMixin, index.Indexed, models.Model):
    """A term of a shared, translatable vocabulary (one row per language)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("code"),
        max_length=80,
        help_text=_("Stable code shared by every translation of the term; used in filter URLs."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("slug"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def localized(self):
        """The term in the active language; without a query when it already is (the Spanish
        interface shows the rows pages are tagged with)."""
        if self.locale_id == active_locale_id():
            return self
        return super().localized


class Theme(VocabularyTerm):
    """A theme a practice, program or report deals with (e.g. domestic violence)."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class TargetPopulation(VocabularyTerm):
    """A population an intervention is aimed at (e.g. older adults)."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("target population")
        verbose_name_plural = _("target populations")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class PreventionApproach(VocabularyTerm):
    """A prevention approach (e.g. social, situational, community prevention)."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("prevention approach")
        verbose_name_plural = _("prevention approaches")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class PreventionLevel(VocabularyTerm):
    """A prevention level (primary, secondary, tertiary)."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("prevention level")
        verbose_name_plural = _("prevention levels")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class HomePage(PublicAddressMixin, RoutedRestrictionsMixin, Page):
    """The portal's home page: what the network is, its figures and what is new."""

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown under the portal's name."),
    )
    body = RichTextField(
        _("about the network"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail's routing, with every page on the way read by ``url_path`` in one query
        rather than two queries per tree level, the query that also reads the menu, the private
        heads and the page's translations (``visibility.route_pages``; docs/DECISIONS.md).

        As ``Page.route`` does level by level: a routable page on the way answers the rest of
        the path when one of its sub-routes matches it (``RoutablePageMixin.route``), a page
        type with another ``route()`` of its own is handed the rest, and the page found must be
        live. The pages on the way are kept on the page as ``pages_on_the_way`` (breadcrumbs,
        view restrictions).
        """
        if not path_components:
            self.pages_on_the_way = []
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[: depth + 1]) + "/"
            for depth in range(len(path_components))
        ]
        found = {
            page.url_path: page
            for page in visibility.route_pages(self, prefixes)
            if page.path.startswith(self.path)
        }
        parent, on_the_way = self, [self]
        for depth, prefix in enumerate(prefixes):
            page = found.get(prefix)
            if page is None or page.depth != parent.depth + 1:
                raise Http404
            rest = path_components[depth + 1 :]
            if rest and _answers_itself(page, rest):
                return _hand_over(page, request, rest, on_the_way)
            parent = page
            on_the_way.append(page)
        if _has_own_route(parent):
            return _hand_over(parent, request, [], on_the_way[:-1])
        page = _specific_for_serving(parent)
        if not page.live:
            raise Http404
        page.pages_on_the_way = on_the_way[:-1]
        return RouteResult(page)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["network_counts"] = network_counts()
        context["latest_items"] = latest_items(limit=6)
        return context


def _specific_for_serving(page):
    """The page found, as its own class, with the related rows its class names in
    ``serve_related`` read in the same query (its owner, its file)."""
    cls = page.specific_class
    related = getattr(cls, "serve_related", ())
    if cls is None or not related:
        return page.specific
    return cls.objects.select_related(*related).get(pk=page.pk)


def _has_own_route(page) -> bool:
    cls = page.specific_class
    return cls is not None and cls.route is not Page.route


def _answers_itself(page, rest: list[str]) -> bool:
    """Whether ``page`` routes ``rest`` itself rather than through its children: another
    ``route()`` of its own always; a live routable page when a sub-route matches (its public
    ``get_resolver()``, no query)."""
    if not _has_own_route(page):
        return False
    cls = page.specific_class
    if not issubclass(cls, RoutablePageMixin):
        return True
    if not page.live:
        return False
    try:
        cls.get_resolver().resolve("/" + "/".join(rest) + "/")
    except Http404:
        return False
    return True


def _hand_over(page, request, rest: list[str], on_the_way: list):
    page = page.specific
    page.pages_on_the_way = list(on_the_way)
    return page.route(request, rest)


def network_counts() -> list[dict]:
    """Live, public pages of each counted content type, in registry order (one statement)."""
    entries = [entry for entry in content.content_types() if entry.counted]
    queries = [
        visibility.shown_queryset(entry.model.objects.all())
        .order_by()
        .annotate(key=Value(entry.key, CharField()))
        .values("key")
        .annotate(n=Count("pk"))
        .values_list("key", "n")
        for entry in entries
    ]
    found = dict(queries[0].union(*queries[1:], all=True)) if queries else {}
    return [
        {
            "key": entry.key,
            "label": entry.model._meta.verbose_name_plural,
            "count": found.get(entry.key, 0),
        }
        for entry in entries
    ]


def latest_items(*, limit: int) -> list[Page]:
    models_ = [entry.model for entry in content.content_types() if entry.key != "institutions"]
    if not models_:
        return []
    return attach_owners(
        list(
            visibility.shown_queryset(Page.objects.type(*models_))
            .order_by("-first_published_at", "-pk")
            .specific()[:limit]
        )
    )


class PortalDocument(AbstractDocument):
    """A Wagtail document whose text (PDF, DOCX) is extracted so search can find it."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting to be read")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Text could not be read")
        UNSUPPORTED = "unsupported", _("Format not read")

    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=12,
        choices=Extraction.choices,
        default=Extraction.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(
        _("extraction problem"), max_length=300, blank=True, editable=False
    )

    admin_form_fields = Document.admin_form_fields
    search_fields = AbstractDocument.search_fields + [index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_file_name = self.file.name if self.file else ""

    def clean(self):
        # Without a file (missing, or refused by the form), Wagtail's extension check would add
        # a confusing "extension '' is not allowed" under the form's own message.
        if self.file:
            super().clean()

    def save(self, *args, **kwargs):
        if self.file and self.file.name != self._stored_file_name:
            # A new file: its text must be read again.
            self.extraction_status = self.Extraction.PENDING
            self.extracted_text = ""
            self.extraction_error = ""
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name if self.file else ""
