"""The good practice page, and the cards and related practices it shows."""

import datetime
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core import addresses, content, visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.mixins import (
    CURRENCIES,
    ClassifiedPageMixin,
    YearRangeMixin,
    in_tree_order,
    prefetch_shown,
    unordered,
)
from portal.core.sections import section
from portal.core.visibility import RoutedRestrictionsMixin
from portal.institutions.evaluations.describe import EVIDENCE, EXPORT_COLUMNS, EXPORT_PREFETCH
from portal.institutions.evaluations.forms import RatedPageForm
from portal.institutions.evaluations.models import RatedMixin
from portal.institutions.models import OwnedPageMixin

from .. import listing
from ..ratings import DocumentationLevel, documentation_quality

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


@content.register(
    "practices",
    section="practices.PracticeIndexPage",
    label=_("Good practices"),
    facets=lambda: listing.practice_facets(PracticePage.Status),
    sorts=listing.SORTS,
    year="start_year",
    api_fields=listing.API_FIELDS,
    api_inlines=listing.API_INLINES,
    api_computed=EVIDENCE,
    export_columns=EXPORT_COLUMNS,
    export_prefetch=EXPORT_PREFETCH,
    oai_type="buena práctica / good practice",
    schema_type="CreativeWork",
    citable=True,
    owner_listing="",
)
class PracticePage(
    PublicAddressMixin,
    RoutedRestrictionsMixin,
    OwnedPageMixin,
    ClassifiedPageMixin,
    YearRangeMixin,
    RatedMixin,
    Page,
):
    """A systematized good practice of a municipality or other institution."""

    SHOWN_RELATIONS = ("outcomes", "evaluations")
    base_form_class = RatedPageForm

    class Status(models.TextChoices):
        DESIGN = "design", _("In design")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        DISCONTINUED = "discontinued", _("Discontinued")

    # Identification
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    partner_institutions = ParentalManyToManyField(
        "institutions.InstitutionPage",
        verbose_name=_("partner institutions"),
        blank=True,
        related_name="partner_practices",
    )
    territory = models.CharField(
        _("territory"),
        max_length=300,
        blank=True,
        help_text=_("The whole municipality, or the sectors or neighbourhood units it covers."),
    )
    budget_amount = models.DecimalField(
        _("cost or budget"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)
    funding_sources = models.CharField(_("funding sources"), max_length=300, blank=True)
    # What it addresses
    problem = RichTextField(_("problem it addresses"), features=RICH, blank=True)
    general_objective = models.TextField(_("general objective"), blank=True)
    objectives = RichTextField(_("specific objectives"), features=RICH, blank=True)
    risk_factors = models.TextField(_("risk factors it addresses"), blank=True)
    protective_factors = models.TextField(_("protective factors it builds"), blank=True)
    # How it works
    how_it_works = RichTextField(_("how it works"), features=RICH, blank=True)
    components = RichTextField(_("components and activities"), features=RICH, blank=True)
    theory_of_change = RichTextField(_("theory of change"), features=RICH, blank=True)
    implementation_steps = RichTextField(_("implementation steps"), features=RICH, blank=True)
    team = RichTextField(_("team and partners"), features=RICH, blank=True)
    replication_staff = models.CharField(_("staff needed to replicate"), max_length=300, blank=True)
    replication_budget = models.CharField(
        _("budget needed to replicate"), max_length=300, blank=True
    )
    replication_time = models.CharField(_("time needed to replicate"), max_length=300, blank=True)
    # Results
    results = RichTextField(_("results and evidence"), features=RICH, blank=True)
    # Systematization
    obstacles = RichTextField(_("obstacles overcome"), features=RICH, blank=True)
    success_factors = RichTextField(_("success factors"), features=RICH, blank=True)
    lessons = RichTextField(_("lessons learned"), features=RICH, blank=True)
    recommendations = RichTextField(_("recommendations for others"), features=RICH, blank=True)
    # Evidence summary, in the College of Policing's EMMIE terms (shown beside the ratings)
    emmie_mechanism = models.TextField(
        _("mechanism"),
        blank=True,
        help_text=_("How the practice is meant to bring about its effects, in a few lines."),
    )
    emmie_moderators = models.TextField(
        _("where and for whom it works"),
        blank=True,
        help_text=_("The places, people or conditions in which it worked better or worse."),
    )
    emmie_implementation = models.TextField(
        _("what implementation needs"),
        blank=True,
        help_text=_("What a municipality needs to run it well: staff, partners, data, time."),
    )
    emmie_cost = models.TextField(
        _("economic cost"),
        blank=True,
        help_text=_("What it costs and, if known, what it saves; say the year and currency."),
    )
    # Ratings (impact evidence: ``RatedMixin``)
    documentation_score = models.PositiveSmallIntegerField(
        _("documentation score"), default=0, editable=False
    )
    documentation_level = models.CharField(
        _("documentation quality"),
        max_length=10,
        choices=DocumentationLevel.choices,
        default=DocumentationLevel.MINIMAL,
        editable=False,
    )
    # Replication lineage
    adapted_from = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("adapted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
        help_text=_("The practice this one replicates, possibly from another country."),
    )
    adaptation_notes = models.TextField(_("what was adapted"), blank=True)
    local_results = models.TextField(_("local results of the adaptation"), blank=True)
    # Contact and image
    contact_role = models.CharField(_("contact role"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("partner_institutions"),
                FieldPanel("territory"),
                FieldRowPanel([FieldPanel("budget_amount"), FieldPanel("budget_currency")]),
                FieldPanel("funding_sources"),
            ],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("problem"),
                FieldPanel("general_objective"),
                FieldPanel("objectives"),
                FieldPanel("risk_factors"),
                FieldPanel("protective_factors"),
            ],
            heading=_("What it addresses"),
        ),
        *ClassifiedPageMixin.classification_panels,
        MultiFieldPanel(
            [
                FieldPanel("how_it_works"),
                FieldPanel("components"),
                FieldPanel("theory_of_change"),
                FieldPanel("implementation_steps"),
                FieldPanel("team"),
                FieldPanel("replication_staff"),
                FieldPanel("replication_budget"),
                FieldPanel("replication_time"),
            ],
            heading=_("How it works"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("results"),
                InlinePanel("outcomes", label=_("outcome indicator")),
                InlinePanel("evaluations", label=_("evaluation")),
            ],
            heading=_("Results and evidence"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("obstacles"),
                FieldPanel("success_factors"),
                FieldPanel("lessons"),
                FieldPanel("recommendations"),
            ],
            heading=_("Systematization"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("adapted_from"),
                FieldPanel("adaptation_notes"),
                FieldPanel("local_results"),
            ],
            heading=_("Replication"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("emmie_mechanism"),
                FieldPanel("emmie_moderators"),
                FieldPanel("emmie_implementation"),
                FieldPanel("emmie_cost"),
            ],
            heading=_("Evidence summary (EMMIE)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("judged_rating", permission="practices.rate_impact"),
                FieldPanel("impact_justification", permission="practices.rate_impact"),
            ],
            heading=_("Impact evidence (moderators)"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_role"), FieldPanel("contact_email")]),
                FieldPanel("image"),
                FieldPanel("image_alt"),
            ],
            heading=_("Contact and image"),
        ),
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("problem"),
            index.SearchField("general_objective"),
            index.SearchField("objectives"),
            index.SearchField("how_it_works"),
            index.SearchField("components"),
            index.SearchField("results"),
            index.SearchField("lessons"),
            index.SearchField("recommendations"),
            index.SearchField("territory"),
            index.FilterField("status"),
            index.FilterField("start_year"),
            index.FilterField("institution"),
            index.FilterField("impact_rating"),
            index.FilterField("documentation_level"),
        ]
    )
    parent_page_types = ["institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        permissions = [("rate_impact", "Can set the impact evidence rating of practices")]

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _("Describe the image for people who cannot see it.")
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Say in which currency the budget is.")
        if self.adapted_from_id and self.adapted_from_id == self.pk:
            errors["adapted_from"] = _("A practice cannot be adapted from itself.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        quality = documentation_quality(self)
        self.documentation_score, self.documentation_level = quality.score, quality.level
        return super().save(*args, **kwargs)

    @property
    def documentation(self):
        return documentation_quality(self)

    def citation(self, request=None) -> str:
        owner = self.institution.title if visibility.may_see(self.institution) else ""
        year = self.last_published_at or self.first_published_at
        year = year.year if year else ""
        url = addresses.page_url(self, request)
        return f"{owner} ({year}). {self.title}. {settings.WAGTAIL_SITE_NAME}. {url}".strip()

    def extra_links(self):
        partners = self._meta.get_field("partner_institutions")
        through = partners.remote_field.through._meta
        return [
            (
                "partners",
                through.db_table,
                through.get_field(partners.m2m_reverse_field_name()).column,
                through.get_field(partners.m2m_field_name()).column,
            ),
            (
                "adaptations",
                self._meta.db_table,
                self._meta.pk.column,
                self._meta.get_field("adapted_from").column,
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The page and its documentation checklist both read these.
        prefetch_shown(request, self, *self.SHOWN_RELATIONS)
        context["related_practices"] = related_practices(self)
        # Most practices have neither: ``load_terms`` said so with the terms (``extra_links``).
        linked = getattr(self, "linked_ids", None) or {}
        context["adaptations"] = (
            in_tree_order(visibility.visible_queryset(card_queryset().filter(adapted_from=self)))
            if linked.get("adaptations", True)
            else []
        )
        context["partners"] = (
            in_tree_order(visibility.visible_queryset(self.partner_institutions.all()))
            if linked.get("partners", True)
            else []
        )
        context["documentation"] = self.documentation
        context["citation"] = self.citation(request)
        # index.py imports this module, so the section's page type is looked up by its label.
        index = section(request, apps.get_model("practices", "PracticeIndexPage"))
        if index is not None:
            context["practice_index"] = index
            context["ratings_path"] = index.reverse_subpage("ratings")
        return context


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


RECENT_PER_TERM = 200  # practices of each theme or population that related_practices weighs
CHECKED = 40  # of those, the best ranked that are read to see whether they are live and public


def card_queryset():
    """Practices as cards show them: with their institution and its country, without the long
    texts of the practice and the institution (a card shows the title and the summary)."""
    long_texts = [
        field.name
        for field in PracticePage._meta.concrete_fields
        if isinstance(field, models.TextField)
        and field.model is PracticePage
        and field.name != "summary"
    ]
    return PracticePage.objects.select_related("institution__country").defer(
        *long_texts, "institution__body"
    )


def related_practices(practice, limit: int = 4):
    """Live practices sharing themes or target populations, most shared first, then newest.

    Each of this practice's terms contributes its ``RECENT_PER_TERM`` most recently created
    practices (an index-only read of the link table per term), and the shared terms are counted
    among those. Counting over every practice of a theme read 4,000 rows per theme at 100,000
    items (13 ms); this costs the same at any size, and a network's related practices are
    mostly its recent ones anyway.
    """
    parts, params = [], []
    quote = connection.ops.quote_name
    for name in ("themes", "target_populations"):
        field = PracticePage._meta.get_field(name)
        through = field.remote_field.through._meta
        table = quote(through.db_table)
        own = quote(through.get_field(field.m2m_field_name()).column)
        term = quote(through.get_field(field.m2m_reverse_field_name()).column)
        for term_id in [vocabulary_term.pk for vocabulary_term in practice.shown_terms[name]]:
            # Identifiers come from the model's metadata (quoted); values are parameters.
            parts.append(
                f"SELECT * FROM (SELECT {own} FROM {table} WHERE {term} = %s "  # noqa: S608
                f"ORDER BY {own} DESC LIMIT %s) AS recent{len(parts)}"
            )
            params += [term_id, RECENT_PER_TERM]
    shared = Counter()
    if parts:
        # One statement for every term (each an index-only read): the ORM would build one
        # query per term, and building them cost more than running them.
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            shared.update(pk for (pk,) in cursor.fetchall())
    shared.pop(practice.pk, None)
    # Rank the candidates on two columns, then read whole pages for the few that are shown
    # (building every candidate page to keep 4 took 50 ms at 100,000 items).
    # Only the most shared (then most recently created) candidates are checked for being live
    # and public; the rest only when too few of those are.
    order = sorted(shared, key=lambda pk: (-shared[pk], -pk))
    rows = []
    for batch in (order[:CHECKED], order[CHECKED:]):
        if batch and len(rows) < limit:
            rows += visibility.shown_queryset(
                PracticePage.objects.filter(pk__in=batch)
            ).values_list("pk", "first_published_at")
    ranked = sorted(rows, key=lambda row: (-shared[row[0]], -(row[1] or _EPOCH).timestamp()))
    chosen = [pk for pk, _published in ranked[:limit]]
    pages = card_queryset().filter(pk__in=chosen)
    pages = sorted(unordered(pages), key=lambda page: chosen.index(page.pk))
    for page in pages:
        page.shared = shared[page.pk]
    return pages
