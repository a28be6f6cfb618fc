"""Memberships and permissions: who may work on which institution's subtree.

Nothing here is granted by hand: groups, page permissions and collections follow from the
institutions that exist (``ensure_institution_access``) and from approved join requests.
"""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from portal.core import addresses
from portal.institutions.models import InstitutionPage

from .models import MODERATORS_GROUP, InstitutionAccess, JoinRequest
from .permission_sync import moderator_permissions

logger = logging.getLogger(__name__)

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MANAGER_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
)


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def admin_access() -> Permission:
    return _permission("wagtailadmin", "access_admin")


def translate_access() -> Permission:
    """wagtail-localize's "submit translation"; which pages a holder may translate is decided
    by their page permissions (AdminIsolationMiddleware)."""
    return _permission("wagtail_localize", "submit_translation")


def group_named(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name[:150])
    return group


def grant_pages(group: Group, page: Page, codenames) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def grant_collection(group: Group, collection: Collection) -> None:
    for app_label, codenames in COLLECTION_PERMISSIONS:
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )


def access_of(institution: InstitutionPage) -> InstitutionAccess | None:
    """The institution's groups and collection, shared by all its language versions (the
    record hangs on the version created first)."""
    return (
        InstitutionAccess.objects.filter(institution__translation_key=institution.translation_key)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def ensure_institution_access(institution: InstitutionPage) -> InstitutionAccess:
    """Create (or repair) the institution's editor and manager groups and its collection.

    A translation of the institution gets no groups of its own: its staff receive the same
    permissions on every language version of its subtree, so they translate their own pages
    and no one else's.
    """
    access = access_of(institution)
    label = f"{institution.title[:110]} (#{institution.pk})"
    if access is None:
        root = Collection.get_first_root_node()
        collection = root.add_child(instance=Collection(name=institution.title[:255]))
        access = InstitutionAccess.objects.create(
            institution=institution,
            editors=group_named(f"{label} editors"),
            managers=group_named(f"{label} managers"),
            collection=collection,
        )
    for group, codenames in (
        (access.editors, EDITOR_PAGE_PERMISSIONS),
        (access.managers, MANAGER_PAGE_PERMISSIONS),
    ):
        group.permissions.add(admin_access(), translate_access())
        for version in InstitutionPage.objects.filter(translation_key=institution.translation_key):
            grant_pages(group, version, codenames)
        grant_collection(group, access.collection)
    return access


def ensure_all_institution_access() -> int:
    count = 0
    for institution in InstitutionPage.objects.all():
        ensure_institution_access(institution)
        count += 1
    return count


VOCABULARY_MODELS = ("theme", "targetpopulation", "preventionapproach", "preventionlevel")


@transaction.atomic
def ensure_moderators() -> Group:
    """Network moderators review every institution's pages and curate the vocabularies, plus
    what each app lets them do (``permission_sync.moderators_may``)."""
    group = group_named(MODERATORS_GROUP)
    group.permissions.add(admin_access(), translate_access())
    for model in VOCABULARY_MODELS:
        for action in ("add", "change", "delete"):
            group.permissions.add(_permission("core", f"{action}_{model}"))
    for app_label, codename in moderator_permissions():
        group.permissions.add(_permission(app_label, codename))
    return group


def is_manager(user, institution: InstitutionPage) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    access = access_of(institution)
    return access is not None and user.groups.filter(pk=access.managers_id).exists()


def is_member(user, institution: InstitutionPage) -> bool:
    access = access_of(institution)
    if access is None:
        return False
    return user.groups.filter(pk__in=[access.editors_id, access.managers_id]).exists()


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def _notify(recipients: list[str], template: str, context: dict) -> None:
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


@transaction.atomic
def request_to_join(*, user, institution: InstitutionPage, message: str = "") -> JoinRequest:
    if not has_verified_email(user):
        raise ValidationError(_("Verify your email address before asking to join an institution."))
    if not institution.live:
        raise ValidationError(_("This institution does not exist or is not published."))
    if is_member(user, institution):
        raise ValidationError(
            _("You are already a member of %(name)s.") % {"name": institution.title}
        )
    if JoinRequest.objects.pending().filter(user=user, institution=institution).exists():
        raise ValidationError(
            _("You already asked to join %(name)s; its managers will answer soon.")
            % {"name": institution.title}
        )
    join_request = JoinRequest.objects.create(user=user, institution=institution, message=message)
    access = ensure_institution_access(institution)
    managers = list(access.managers.user_set.exclude(email="").values_list("email", flat=True))
    _notify(
        managers,
        "join_request_received",
        {"join_request": join_request, "base_url": addresses.base_url()},
    )
    return join_request


@transaction.atomic
def decide(*, join_request: JoinRequest, approve: bool, by) -> JoinRequest:
    if not is_manager(by, join_request.institution):
        raise PermissionError("Only the institution's managers or an administrator may decide.")
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save()
    if approve:
        access = ensure_institution_access(join_request.institution)
        join_request.user.groups.add(access.editors)
    _notify(
        [join_request.user.email],
        "join_request_decided",
        {"join_request": join_request, "base_url": addresses.base_url()},
    )
    logger.info(
        "Join request %s for %s %s by %s",
        join_request.pk,
        join_request.institution,
        join_request.status,
        by,
    )
    return join_request


@transaction.atomic
def revoke(*, user, institution: InstitutionPage, by) -> None:
    """Remove a user from the institution's groups: their access ends with their next request."""
    if not is_manager(by, institution):
        raise PermissionError("Only the institution's managers or an administrator may revoke.")
    access = ensure_institution_access(institution)
    user.groups.remove(access.editors, access.managers)
    logger.info("%s removed from %s by %s", user, institution, by)
