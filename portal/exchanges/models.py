from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.core import content
from portal.core.mixins import ClassifiedPageMixin, ListingPageMixin, live_pages
from portal.institutions.models import OwnedPageMixin

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


class CooperationIndexPage(ListingPageMixin, Page):
    """Cooperation: funds, the projects they finance and network exchanges."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["exchanges.FundPage", "exchanges.ExchangeEventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("cooperation index")

    def get_listing_queryset(self):
        return live_pages(ProjectPage, ExchangeEventPage)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["funds"] = FundPage.objects.live().public().child_of(self).order_by("title")
        return context


@content.register("funds", counted=False, section="exchanges.CooperationIndexPage")
class FundPage(Page):
    """A cooperation fund that finances projects between institutions of different countries."""

    summary = models.TextField(_("summary"), max_length=600)
    countries = ParentalManyToManyField(
        "institutions.Country", verbose_name=_("countries"), blank=True
    )
    managing_bodies = models.CharField(_("managing bodies"), max_length=300, blank=True)
    year_created = models.PositiveSmallIntegerField(_("year created"), null=True, blank=True)
    description = RichTextField(_("description"), features=RICH, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("countries"),
        FieldPanel("managing_bodies"),
        FieldPanel("year_created"),
        FieldPanel("description"),
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
        context["projects"] = (
            ProjectPage.objects.live().public().child_of(self).order_by("-planned_start")
        )
        return context


@content.register("projects", section="exchanges.CooperationIndexPage")
class ProjectPage(OwnedPageMixin, ClassifiedPageMixin, Page):
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
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
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
                FieldRowPanel(
                    [
                        FieldPanel("planned_start"),
                        FieldPanel("actual_start"),
                        FieldPanel("end_date"),
                    ]
                ),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("general_objective"),
        FieldPanel("specific_objectives"),
        FieldPanel("disruptions"),
        InlinePanel("activities", heading=_("Activities"), label=_("activity")),
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

    @property
    def fund(self):
        parent = self.get_parent()
        return parent.specific if parent and isinstance(parent.specific, FundPage) else None


class ProjectActivity(Orderable):
    """An internship, seminar, congress or other activity of a project."""

    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("Internship / study visit")
        SEMINAR = "seminar", _("Seminar")
        CONGRESS = "congress", _("Congress")
        WORKSHOP = "workshop", _("Workshop")
        VIRTUAL = "virtual", _("Virtual session")
        ASSISTANCE = "assistance", _("Technical assistance")

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    host_institution = models.ForeignKey(
        "institutions.InstitutionPage",
        verbose_name=_("host institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Or 'online'."))
    participants_in_person = models.PositiveIntegerField(
        _("participants in person"), null=True, blank=True
    )
    participants_online = models.PositiveIntegerField(
        _("participants online"), null=True, blank=True
    )
    learned = models.TextField(_("what was learned"), blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("host_institution"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("participants_in_person"), FieldPanel("participants_online")]),
        FieldPanel("learned"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An activity cannot end before it starts.")})


@content.register("events", counted=False, section="exchanges.CooperationIndexPage")
class ExchangeEventPage(OwnedPageMixin, ClassifiedPageMixin, Page):
    """A network meeting where institutions exchange experience, outside any one project."""

    organizers = models.CharField(_("organizers"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "institutions.Municipality",
        verbose_name=_("municipality where it took place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.TextField(_("who took part"), blank=True)
    municipalities_reached = models.PositiveIntegerField(
        _("municipalities taking part"), null=True, blank=True
    )
    objectives = RichTextField(_("objectives"), features=RICH, blank=True)
    conclusions = RichTextField(_("conclusions"), features=RICH, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("organizers"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("place")]),
        FieldPanel("municipality"),
        FieldPanel("participants"),
        FieldPanel("municipalities_reached"),
        FieldPanel("objectives"),
        FieldPanel("conclusions"),
        *ClassifiedPageMixin.classification_panels,
    ]
    search_fields = (
        Page.search_fields
        + ClassifiedPageMixin.classification_search_fields
        + [
            index.SearchField("organizers"),
            index.SearchField("objectives"),
            index.SearchField("conclusions"),
        ]
    )
    parent_page_types = ["exchanges.CooperationIndexPage", "institutions.InstitutionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
