"""Field helpers shared by the cooperation models: rich-text features, amounts, currency."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

RICH = ["h3", "bold", "italic", "link", "ol", "ul"]


def _amount(label):
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def _check_currency(instance, amounts, errors):
    if any(getattr(instance, name) is not None for name in amounts) and not instance.currency:
        errors["currency"] = _("Say in which currency the amounts are.")
