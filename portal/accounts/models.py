from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

MODERATORS_GROUP = "Moderators"


class InstitutionAccess(models.Model):
    """The groups and collection through which an institution's staff work on its subtree.

    Created automatically with the institution (see services.ensure_institution_access).
    """

    institution = models.OneToOneField(
        "institutions.InstitutionPage", on_delete=models.CASCADE, related_name="access"
    )
    editors = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+")
    managers = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+")
    collection = models.OneToOneField(Collection, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("institution access")
        verbose_name_plural = _("institution access")

    def __str__(self) -> str:
        return str(self.institution)


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)

    def for_manager(self, user):
        """Requests the user may decide: all for administrators, else their institutions'."""
        if user.is_superuser:
            return self
        return self.filter(institution__access__managers__user=user)


class JoinRequest(models.Model):
    """A member asks to become an editor of an institution."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    institution = models.ForeignKey(
        "institutions.InstitutionPage",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    message = models.TextField(
        _("message"),
        max_length=1000,
        blank=True,
        help_text=_("Who you are and what you will publish (shown to the institution's managers)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.institution}"
