"""An edition's rows per municipality: the input values and the computed scores and allocations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.institutions.models import Municipality

from .edition import Edition, Variable, _Frozen


class Value(_Frozen):
    """One input: a municipality's value of a variable in an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="values")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    variable = models.ForeignKey(Variable, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)
    carried_from = models.ForeignKey(
        Edition,
        verbose_name=_("carried forward from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "municipality", "variable"], name="unique_index_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.variable_id}: {self.value}"


class Score(_Frozen):
    """A computed result: score, rank, group and each variable's contribution."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="scores")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4)
    rank = models.PositiveIntegerField(_("rank"))
    group = models.CharField(_("group"), max_length=2)
    contributions = models.JSONField(_("contributions"), default=dict)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("index score")
        verbose_name_plural = _("index scores")
        constraints = [
            models.UniqueConstraint(fields=["edition", "municipality"], name="unique_index_score"),
            models.UniqueConstraint(fields=["edition", "rank"], name="unique_index_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.municipality_id} ({self.group}, {self.score})"


class Allocation(_Frozen):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="allocations")
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(_("group"), max_length=2)
    municipalities = models.PositiveIntegerField(_("municipalities"))
    amount = models.PositiveBigIntegerField(_("amount per municipality"))

    class Meta:
        ordering = ["year", "group"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.year} {self.group}: {self.municipalities} × {self.amount}"

    @property
    def total(self) -> int:
        return self.municipalities * self.amount
