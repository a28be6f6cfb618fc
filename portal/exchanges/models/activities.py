"""What happens within a project: its activities and the transfers between institutions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from .funds import ProjectPage


class ProjectActivity(TranslatableMixin, Orderable, ClusterableModel):
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
    visiting_institutions = ParentalManyToManyField(
        "institutions.InstitutionPage",
        verbose_name=_("visiting institutions"),
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("held online"), default=False)
    participants_in_person = models.PositiveIntegerField(
        _("participants in person"), null=True, blank=True
    )
    participants_online = models.PositiveIntegerField(
        _("participants online"), null=True, blank=True
    )
    institutions_reached = models.PositiveIntegerField(
        _("institutions reached"),
        null=True,
        blank=True,
        help_text=_("Municipalities or other institutions that took part."),
    )
    outputs = StreamField(
        [("document", DocumentChooserBlock(label=_("document")))],
        verbose_name=_("outputs"),
        blank=True,
        help_text=_("Documents the activity produced: programme, presentations, reports."),
    )
    learned = models.TextField(_("what was learned"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("host_institution"), FieldPanel("visiting_institutions")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online")]),
        FieldRowPanel(
            [
                FieldPanel("participants_in_person"),
                FieldPanel("participants_online"),
                FieldPanel("institutions_reached"),
            ]
        ),
        FieldPanel("outputs"),
        FieldPanel("learned"),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("An activity cannot end before it starts.")
        if not self.place and not self.online:
            errors["place"] = _("Say where it took place, or mark it as held online.")
        if errors:
            raise ValidationError(errors)

    @property
    def last_day(self) -> datetime.date:
        return self.end_date or self.start_date

    @property
    def outside_project(self) -> bool:
        """Flagged, not refused: plans move, but a coordinator should look at it."""
        try:
            start, end = self.page.window
        except ProjectPage.DoesNotExist:
            return False
        return bool(
            (start and self.start_date and self.start_date < start)
            or (end and self.last_day and self.last_day > end)
        )

    @property
    def participants(self) -> int:
        return (self.participants_in_person or 0) + (self.participants_online or 0)


class Transfer(TranslatableMixin, Orderable):
    """A model, practice or program that went from one institution to another."""

    # Keys, figures, periods and links to shared terms stay as they are in the original.
    override_translatable_fields = [SynchronizedField("prevention_model")]

    class State(models.TextChoices):
        STUDIED = "studied", _("Studied")
        PILOTED = "piloted", _("Piloted")
        ADOPTED = "adopted", _("Adopted")
        INSTITUTIONALIZED = "institutionalized", _("Institutionalized")

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="transfers")
    name = models.CharField(
        _("what was transferred"),
        max_length=250,
        help_text=_("e.g. the police-proximity model, an older adults' office."),
    )
    from_institution = models.ForeignKey(
        "institutions.InstitutionPage",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="transfers_given",
    )
    to_institution = models.ForeignKey(
        "institutions.InstitutionPage",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="transfers_received",
    )
    state = models.CharField(_("state of adoption"), max_length=20, choices=State.choices)
    prevention_model = models.ForeignKey(
        "programs.PreventionModel",
        verbose_name=_("prevention model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
        limit_choices_to=models.Q(locale__language_code=settings.LANGUAGE_CODE),
    )
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("practice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
    )
    program = models.ForeignKey(
        "programs.ProgramPage",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
    )
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("from_institution"), FieldPanel("to_institution")]),
        FieldPanel("state"),
        FieldRowPanel(
            [FieldPanel("prevention_model"), FieldPanel("practice"), FieldPanel("program")]
        ),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.from_institution_id and self.from_institution_id == self.to_institution_id:
            raise ValidationError(
                {"to_institution": _("A transfer goes from one institution to another.")}
            )
