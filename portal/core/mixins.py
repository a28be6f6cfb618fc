from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from . import visibility
from .params import page_number

CURRENCIES = [("CLP", "CLP"), ("MXN", "MXN"), ("USD", "USD"), ("EUR", "EUR")]


def default_language_terms():
    """Pages are tagged with the default-language row of a term; templates show ``.localized``."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


def unordered(queryset):
    """``queryset`` without ORDER BY, for reads whose order does not matter or is set here.

    When a query is ordered, Django hashes every column it selects (to spot one ordered by),
    and a page with its institution selected is two hundred columns: 1-2 ms per query.
    """
    return queryset.order_by()


def in_tree_order(queryset) -> list:
    """The pages of ``queryset`` in tree order (Wagtail's default), sorted here (``unordered``)."""
    return sorted(unordered(queryset), key=lambda page: page.path)


def parent_page(page) -> Page | None:
    """The page's parent: the last of the pages ``HomePage.route`` read on its way (no query),
    or read from the tree."""
    on_the_way = getattr(page, "pages_on_the_way", None)
    return on_the_way[-1] if on_the_way else page.get_parent()


def prefetch_shown(request, page, *lookups) -> None:
    """Read the relations a page shows once each, rather than once per template that reads them.

    Not in a preview: there the page's relations hold the editor's unsaved changes in memory,
    and reading them from the database would show the published state instead.
    """
    if not getattr(request, "is_preview", False):
        models.prefetch_related_objects([page], *lookups)


def load_terms(request, page) -> None:
    """Read the terms ``page`` carries, in its four vocabularies, in one statement.

    They are kept as ``page.loaded_terms`` (by relation, each in its model's order), which the
    terms box, the JSON-LD and the documentation checklist read; the other links the page type
    asks for (``extra_links``) come in the same statement, as ``page.linked_ids``. In a preview
    nothing is read: the relations hold the editor's unsaved changes (``shown_terms`` reads
    them).
    """
    from django.db import connection

    if getattr(request, "is_preview", False) or not page.pk:
        return
    quote = connection.ops.quote_name
    parts, relations = [], []
    for number, name in enumerate(page.TERMS):
        field = page._meta.get_field(name)
        model = field.related_model
        through = field.remote_field.through._meta
        own = quote(through.get_field(field.m2m_field_name()).column)
        term = quote(through.get_field(field.m2m_reverse_field_name()).column)
        columns = ", ".join(f"t.{quote(f.column)}" for f in model._meta.concrete_fields)
        # Identifiers come from the models' metadata (quoted); the page id is a parameter.
        parts.append(
            f"SELECT {number}, {columns} FROM {quote(through.db_table)} AS l"  # noqa: S608
            f" INNER JOIN {quote(model._meta.db_table)} AS t ON t.{quote(model._meta.pk.column)}"
            f" = l.{term} WHERE l.{own} = %s"
        )
        relations.append((name, model))
    width = len(relations[0][1]._meta.concrete_fields)
    extra = page.extra_links()
    for number, (_key, table, column, own) in enumerate(extra, start=len(relations)):
        blanks = ", NULL" * (width - 1)
        parts.append(
            f"SELECT {number}, {quote(column)}{blanks} FROM {quote(table)} WHERE {quote(own)} = %s"  # noqa: S608
        )
    name_position = 2 + [f.name for f in relations[0][1]._meta.concrete_fields].index("name")
    rows: dict[int, list] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(parts) + f" ORDER BY 1, {name_position}", [page.pk] * len(parts)
        )
        for number, *values in cursor.fetchall():
            rows.setdefault(number, []).append(values)
    page.loaded_terms = {
        name: [
            model.from_db(connection.alias, [f.attname for f in model._meta.concrete_fields], row)
            for row in rows.get(number, [])
        ]
        for number, (name, model) in enumerate(relations)
    }
    page.linked_ids = {
        key: [row[0] for row in rows.get(number, [])]
        for number, (key, *_rest) in enumerate(extra, start=len(relations))
    }


class ClassifiedPageMixin(models.Model):
    """A page tagged with the shared vocabularies."""

    TERMS = ("themes", "target_populations", "approaches", "levels")

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences shown in listings and search results."),
    )
    themes = ParentalManyToManyField(
        "core.Theme",
        verbose_name=_("themes"),
        blank=True,
        limit_choices_to=default_language_terms,
        related_name="%(app_label)s_%(class)s_pages",
    )
    target_populations = ParentalManyToManyField(
        "core.TargetPopulation",
        verbose_name=_("target populations"),
        blank=True,
        limit_choices_to=default_language_terms,
        related_name="%(app_label)s_%(class)s_pages",
    )
    approaches = ParentalManyToManyField(
        "core.PreventionApproach",
        verbose_name=_("prevention approaches"),
        blank=True,
        limit_choices_to=default_language_terms,
        related_name="%(app_label)s_%(class)s_pages",
    )
    levels = ParentalManyToManyField(
        "core.PreventionLevel",
        verbose_name=_("prevention levels"),
        blank=True,
        limit_choices_to=default_language_terms,
        related_name="%(app_label)s_%(class)s_pages",
    )

    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_populations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("approaches", widget=forms.CheckboxSelectMultiple),
                FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Classification"),
        )
    ]
    classification_search_fields = [
        index.SearchField("summary"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("target_populations", [index.SearchField("name")]),
        index.RelatedFields("approaches", [index.SearchField("name")]),
    ]

    class Meta:
        abstract = True

    loaded_terms: dict[str, list] | None = None  # set by ``load_terms`` when the page is served

    @property
    def shown_terms(self) -> dict[str, list]:
        """The terms the page carries, by relation: as ``load_terms`` read them, or from the
        relations (in memory while an edit is saved or previewed)."""
        if self.loaded_terms is not None:
            return self.loaded_terms
        return {name: list(getattr(self, name).all()) for name in self.TERMS}

    def extra_links(self) -> list[tuple[str, str, str, str]]:
        """Other ids ``load_terms`` reads with the terms, as ``(key, table, id column, column
        holding this page's id)``; found in ``self.linked_ids[key]`` (when they were read)."""
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The terms box, the metadata and (for practices) the documentation checklist read them.
        load_terms(request, self)
        return context


class YearRangeMixin(models.Model):
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Leave empty while it is still running.")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})


def attach_owners(pages):
    """Load the institutions (with their country) of listed pages in one query, not two each.

    Cards show "institution · country"; read one page at a time, each card would cost a query
    for its institution and another for the country. Pages of every type that has an
    ``institution`` foreign key are served from one ``select_related`` query.
    """
    owned = [page for page in pages if getattr(page, "institution_id", None)]
    if owned:
        owner_model = type(owned[0])._meta.get_field("institution").related_model
        owners = owner_model.objects.select_related("country").in_bulk(
            {page.institution_id for page in owned}
        )
        for page in owned:
            if page.institution_id in owners:
                page.institution = owners[page.institution_id]
    return pages


def paginate(request, queryset, page_size: int):
    """The page ``?page=`` asks for: the first when it is not a number, the last past the end."""
    paginator = Paginator(queryset, page_size)
    try:
        return paginator.page(page_number(request.GET))
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class ListingPageMixin:
    """An index page that lists live pages from across the tree, paginated."""

    page_size = 12

    def get_listing_queryset(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = paginate(request, self.get_listing_queryset(), self.page_size)
        attach_owners(items.object_list)
        context["items"] = items
        context["paginator"] = items.paginator
        return context


def live_pages(*models_):
    return (
        visibility.shown_queryset(Page.objects.type(*models_))
        .specific()
        .order_by("-first_published_at", "-pk")
    )
