"""The evidence search's own index table: one row per published, public content page.

Every content type (practices, manuals, programs, observatories, reports, projects, meetings,
institutions) has different fields; the search needs the same ones for all of them (type,
country, region, institution, themes, year, ratings) to filter and count. ``SearchEntry`` holds
that common shape, written in the same transaction as the publish that causes it, so the
database stays the source of truth. The search backend (database full-text, or
Elasticsearch) indexes these rows; if it is down, the row is kept, the failure logged, and
``update_index`` catches up.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class SearchEntry(index.Indexed, models.Model):
    # Empty only for the benchmark's generated rows (make bench), which no page backs.
    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="search_entry",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=40, db_index=True)  # the content registry's key
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Vocabulary terms the page is tagged with, in every language ("Violencia intrafamiliar
    # Domestic violence"), so a query in either language finds it.
    terms = models.TextField(blank=True)
    # The same terms as facet keys, "theme:espacios-publicos population:jovenes" (the rows of
    # SearchEntryTerm, repeated here so PostgreSQL counts the term facets without a join).
    facet_terms = models.TextField(blank=True, default="")
    url_path = models.CharField(max_length=255)
    # The page's locale: its text is matched with that language's rules (PostgreSQL).
    language = models.CharField(max_length=8, default="es")
    country = models.CharField(max_length=2, blank=True, db_index=True)
    region = models.IntegerField(null=True, blank=True, db_index=True)
    institution = models.CharField(max_length=255, blank=True, db_index=True)
    institution_title = models.CharField(max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    date = models.DateTimeField(null=True, blank=True, db_index=True)
    impact_rating = models.CharField(max_length=30, blank=True)
    # The strongest design among the page's evaluations (``evaluations.rating.Design``), or empty.
    evaluation_design = models.CharField(max_length=30, blank=True, default="")
    # The owning municipality's group in the current funding index ("U1"…"B"), or empty.
    index_group = models.CharField(max_length=2, blank=True, default="")
    documentation_level = models.CharField(max_length=30, blank=True)
    # PostgreSQL only: the weighted text vector (configuration portal_es), GIN-indexed by
    # migration 0004, which the evidence search queries directly for speed. Empty elsewhere.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    # PostgreSQL only: a small vector (title, vocabulary terms, start of the summary) kept in
    # the row uncompressed (migration 0005), so ranking thousands of matches stays cheap.
    rank_vector = SearchVectorField(null=True, blank=True, editable=False)
    indexed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Indexed after the transaction commits, by portal.search.sync, so a backend failure never
    # undoes a publish.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("summary", boost=2),
        index.SearchField("terms", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("kind"),
        index.FilterField("country"),
        index.FilterField("region"),
        index.FilterField("institution"),
        index.FilterField("year"),
        index.FilterField("date"),
        index.FilterField("impact_rating"),
        index.FilterField("evaluation_design"),
        index.FilterField("documentation_level"),
        index.FilterField("index_group"),
        # Elasticsearch only: "theme:slug" keys for the multi-valued facets (portal.search.elastic).
        index.FilterField("term_keys"),
    ]

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return self.title

    @property
    def path_in_language(self) -> str:
        """The page's path below its language's home page (every language's tree hangs off
        the root, so the first segment is that home page)."""
        return "/" + self.url_path.lstrip("/").partition("/")[2]

    @property
    def public_path(self) -> str:
        """The page's address on the site, under its language's prefix."""
        if self.language == settings.LANGUAGE_CODE:
            return self.path_in_language
        return f"/{self.language}{self.path_in_language}"

    @property
    def term_keys(self) -> list[str]:
        return self.facet_terms.split()


class SearchEntryTerm(models.Model):
    """A vocabulary term of an entry, for the multi-valued facets (themes, populations…)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="term_rows")
    vocabulary = models.CharField(max_length=20)
    slug = models.SlugField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["vocabulary", "slug"])]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "vocabulary", "slug"], name="unique_entry_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.slug}"
