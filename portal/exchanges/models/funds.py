"""Cooperation funds (their calls and coordinators' access) and the projects they finance."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from portal.core import content, visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.mixins import CURRENCIES, ClassifiedPageMixin, parent_page, prefetch_shown
from portal.core.visibility import RoutedRestrictionsMixin
from portal.institutions.models import OwnedPageMixin

from .. import listing
from .fields import RICH, _amount, _check_currency


@content.register(
    "funds",
    counted=False,
    section="exchanges.CooperationIndexPage",
    label=_("Cooperation funds"),
    facets=listing.fund_facets,
    year="year_created",
    api_fields=listing.FUND_API_FIELDS,
    api_inlines=listing.FUND_API_INLINES,
    schema_type="FundingScheme",
    country_path=None,
)
class FundPage(PublicAddressMixin, RoutedRestrictionsMixin, Page):
    """A cooperation fund that finances projects between institutions of different countries."""

    summary = models.TextField(_("summary"), max_length=600)
    countries = ParentalManyToManyField(
        "institutions.Country", verbose_name=_("countries"), blank=True
    )
    managing_bodies = models.CharField(_("managing bodies"), max_length=300, blank=True)
    year_created = models.PositiveSmallIntegerField(_("year created"), null=True, blank=True)
    description = RichTextField(_("description"), features=RICH, blank=True)
    call_for_projects = RichTextField(
        _("call for projects"),
        features=RICH,
        blank=True,
        help_text=_("Who may apply, how and when; the budget of each call goes below."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("countries"),
        FieldPanel("managing_bodies"),
        FieldPanel("year_created"),
        FieldPanel("description"),
        FieldPanel("call_for_projects"),
        InlinePanel("calls", heading=_("Calls and their budgets"), label=_("call")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
    ]
    parent_page_types = ["exchanges.CooperationIndexPage"]
    subpage_types = ["exchanges.ProjectPage"]

    class Meta:
        verbose_name = _("cooperation fund")
        verbose_name_plural = _("cooperation funds")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = self.portfolio()
        # Read once for the facts and the JSON-LD.
        prefetch_shown(request, self, "countries")
        return context

    def portfolio(self) -> list:
        """The fund's live, public projects, newest first, each with ``portfolio_institutions``:
        the title and country code of its lead and partners, lead first.

        A portfolio lists dozens of projects: their institutions are read as plain values in
        one query, not as a hundred institution pages.
        """
        projects = list(
            visibility.visible_queryset(ProjectPage.objects.child_of(self))
            .defer_streamfields()
            .annotate(
                lead_title=models.F("lead_institution__title"),
                lead_country=models.F("lead_institution__country__code"),
                lead_live=models.F("lead_institution__live"),
                lead_path=models.F("lead_institution__path"),
            )
            .order_by("-planned_start", "title")
        )
        partners: dict[int, list[dict]] = {}
        rows = (
            ProjectPage.partner_institutions.through.objects.filter(
                projectpage_id__in=[project.pk for project in projects]
            )
            .order_by("institutionpage__path")
            .values_list(
                "projectpage_id",
                "institutionpage_id",
                "institutionpage__title",
                "institutionpage__country__code",
                "institutionpage__live",
                "institutionpage__path",
            )
        )
        private = visibility.restricted_paths()
        for project_id, institution_id, title, country, live, tree_path in rows if projects else ():
            if visibility.may_see_row(live, tree_path, private):
                partners.setdefault(project_id, []).append((institution_id, title, country))
        for project in projects:
            shown = []
            if project.lead_institution_id and visibility.may_see_row(
                project.lead_live, project.lead_path, private
            ):
                shown.append({"title": project.lead_title, "country": project.lead_country})
            shown += [
                {"title": title, "country": country}
                for institution_id, title, country in partners.get(project.pk, [])
                if institution_id != project.lead_institution_id
            ]
            project.portfolio_institutions = shown
        return projects


class FundCall(TranslatableMixin, Orderable):
    """A call for projects of a fund, with its budget."""

    page = ParentalKey(FundPage, on_delete=models.CASCADE, related_name="calls")
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    opens = models.DateField(_("opens"), null=True, blank=True)
    closes = models.DateField(_("closes"), null=True, blank=True)
    budget = _amount(_("budget"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("currency")]),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")

    def clean(self):
        super().clean()
        errors = {}
        _check_currency(self, ["budget"], errors)
        if self.opens and self.closes and self.closes < self.opens:
            errors["closes"] = _("A call cannot close before it opens.")
        if errors:
            raise ValidationError(errors)


class FundAccess(models.Model):
    """The group of a fund's coordinators and the collection for its documents.

    Created with the fund (signal); coordinators add and edit the fund's projects, never
    another fund's, and their changes are reviewed like everyone else's.
    """

    fund = models.OneToOneField(FundPage, on_delete=models.CASCADE, related_name="access")
    coordinators = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="coordinated_fund"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("fund access")

    def __str__(self) -> str:
        return str(self.fund)


@content.register(
    "projects",
    section="exchanges.CooperationIndexPage",
    label=_("Cooperation projects"),
    facets=listing.project_facets,
    sorts=listing.PROJECT_SORTS,
    year="planned_start",
    api_fields=listing.PROJECT_API_FIELDS,
    api_inlines=listing.PROJECT_API_INLINES,
    api_computed=listing.PROJECT_API_COMPUTED,
    oai_type="proyecto de cooperación / cooperation project",
    schema_type="Project",
    country_path="lead_institution__country__code",
)
class ProjectPage(
    PublicAddressMixin, RoutedRestrictionsMixin, OwnedPageMixin, ClassifiedPageMixin, Page
):
    """A cooperation project between institutions, with its activities."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        RUNNING = "running", _("Running")
        SUSPENDED = "suspended", _("Suspended")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    lead_institution = models.ForeignKey(
        "institutions.InstitutionPage",
        verbose_name=_("lead institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    partner_institutions = ParentalManyToManyField(
        "institutions.InstitutionPage",
        verbose_name=_("partner institutions"),
        blank=True,
        related_name="partner_projects",
    )
    general_objective = models.TextField(_("general objective"), blank=True)
    specific_objectives = RichTextField(_("specific objectives"), features=RICH, blank=True)
    agreement_year = models.PositiveSmallIntegerField(
        _("year of the first agreement"), null=True, blank=True
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    end_date = models.DateField(_("actual end"), null=True, blank=True)
    budget = _amount(_("budget"))
    spent = _amount(_("spent so far"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)
    disruptions = RichTextField(
        _("disruptions"),
        features=RICH,
        blank=True,
        help_text=_(
            "What changed the plan (e.g. a pandemic postponing activities) and how it adapted."
        ),
    )
    outcomes = RichTextField(_("outputs and outcomes"), features=RICH, blank=True)
    municipalities_reached = models.PositiveIntegerField(
        _("municipalities reached"),
        null=True,
        blank=True,
        help_text=_("In dissemination activities."),
    )
    online_participants = models.PositiveIntegerField(
        _("online participants"), null=True, blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("lead_institution"),
                FieldPanel("partner_institutions"),
                FieldPanel("agreement_year"),
                FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
                FieldRowPanel([FieldPanel("actual_start"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("spent"), FieldPanel("currency")]),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("general_objective"),
        FieldPanel("specific_objectives"),
        FieldPanel("disruptions"),
        InlinePanel("activities", heading=_("Activities"), label=_("activity")),
        InlinePanel(
            "transfers",
            heading=_("Transfers"),
            label=_("transfer"),
            help_text=_(
                "Each model, practice or program that went from one institution to another "
                "through this project, and how far the receiving institution has taken it."
            ),
        ),
        FieldPanel("outcomes"),
        FieldRowPanel([FieldPanel("municipalities_reached"), FieldPanel("online_participants")]),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("general_objective"),
            index.SearchField("specific_objectives"),
            index.SearchField("outcomes"),
            index.RelatedFields(
                "activities", [index.SearchField("title"), index.SearchField("learned")]
            ),
            index.FilterField("status"),
        ]
    )
    parent_page_types = ["exchanges.FundPage", "institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")

    def clean(self):
        super().clean()
        errors = {}
        _check_currency(self, ["budget", "spent"], errors)
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot come before the planned start.")
        if self.actual_start and self.end_date and self.end_date < self.actual_start:
            errors["end_date"] = _("The project cannot end before it started.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each activity lists its visiting institutions, each transfer its places and pages:
        # read per relation, not per row.
        prefetch_shown(
            request,
            self,
            "activities__host_institution",
            "activities__visiting_institutions",
            "lead_institution__country",
            "partner_institutions__country",
            "transfers__from_institution",
            "transfers__to_institution",
            "transfers__prevention_model",
            "transfers__practice",
            "transfers__program",
        )
        return context

    @cached_property
    def fund(self):
        """The fund above the project, if any (read once: the page and its JSON-LD show it)."""
        parent = parent_page(self)
        return parent.specific if parent and isinstance(parent.specific, FundPage) else None

    @property
    def window(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The dates the project runs between: actual where known, planned otherwise."""
        return (self.actual_start or self.planned_start, self.end_date or self.planned_end)

    def institutions(self):
        """The lead and partner institutions (partners prefetched where possible)."""
        partners = list(self.partner_institutions.all())
        lead = [self.lead_institution] if self.lead_institution_id else []
        return lead + [p for p in partners if p.pk != self.lead_institution_id]
