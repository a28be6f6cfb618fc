"""Who may work on which fund: each fund has its own coordinators group and collection.

Coordinators add and edit the projects of *their* fund (and the fund page itself), upload its
documents, and send changes for review; they never publish and never reach another fund.
Nothing is granted by hand: ``ensure_fund_access`` runs when a fund is saved and from
``sync_permissions``.
"""

from django.db import transaction
from wagtail.models import Collection

from portal.accounts.services import (
    MANAGER_PAGE_PERMISSIONS,
    admin_access,
    grant_collection,
    grant_pages,
    group_named,
    translate_access,
)

from .models import FundAccess, FundPage


@transaction.atomic
def ensure_fund_access(fund: FundPage) -> FundAccess:
    """The fund's coordinators group and collection, shared by every language version of the
    fund (a translation gets the same permissions, not a group of its own)."""
    access = (
        FundAccess.objects.filter(fund__translation_key=fund.translation_key).order_by("pk").first()
    )
    if access is None:
        root = Collection.get_first_root_node()
        collection = root.add_child(instance=Collection(name=f"{fund.title[:240]} (#{fund.pk})"))
        access = FundAccess.objects.create(
            fund=fund,
            coordinators=group_named(f"{fund.title[:110]} (#{fund.pk}) coordinators"),
            collection=collection,
        )
    access.coordinators.permissions.add(admin_access(), translate_access())
    # Add, change, lock and unlock on the fund's subtree: the same as an institution's managers.
    for version in FundPage.objects.filter(translation_key=fund.translation_key):
        grant_pages(access.coordinators, version, MANAGER_PAGE_PERMISSIONS)
    grant_collection(access.coordinators, access.collection)
    return access


def ensure_all_fund_access() -> int:
    count = 0
    for fund in FundPage.objects.all():
        ensure_fund_access(fund)
        count += 1
    return count


def coordinated_funds(user):
    """The funds a user sees on the dashboard: all for moderators and administrators."""
    funds = FundPage.objects.all()
    if not user.is_authenticated:
        return funds.none()
    if sees_everything(user):
        return funds
    return funds.filter(access__coordinators__in=user.groups.all())


def sees_everything(user) -> bool:
    from portal.accounts.models import MODERATORS_GROUP

    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()
    )
