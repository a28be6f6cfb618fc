from django.core.management.base import BaseCommand

from portal.accounts.services import (
    ensure_all_institution_access,
    ensure_fund_coordinators,
    ensure_moderators,
)
from portal.exchanges.models import CooperationIndexPage


class Command(BaseCommand):
    help = (
        "Create or repair every institution's editor and manager groups, page permissions and "
        "collection, and the fund coordinators' group (idempotent)."
    )

    def handle(self, *args, **options):
        count = ensure_all_institution_access()
        ensure_moderators()
        cooperation = CooperationIndexPage.objects.first()
        if cooperation is not None:
            ensure_fund_coordinators(cooperation)
        self.stdout.write(self.style.SUCCESS(f"Permissions ready for {count} institutions."))
