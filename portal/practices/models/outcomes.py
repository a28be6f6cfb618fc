"""The outcome indicators of a practice."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from .practice import PracticePage


class PracticeOutcome(TranslatableMixin, Orderable):
    """An outcome indicator of a practice: where it started and what it reached."""

    # Keys, figures, periods and links to shared terms stay as they are in the original.
    override_translatable_fields = [SynchronizedField("period")]

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.CharField(_("indicator"), max_length=250)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    result = models.CharField(_("result"), max_length=100, blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=250, blank=True)

    panels = [
        FieldPanel("indicator"),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("result"), FieldPanel("period")]),
        FieldPanel("source"),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
