from django.core.management.base import BaseCommand

from portal.accounts.services import ensure_all_institution_access, ensure_moderators
from portal.exchanges.access import ensure_all_fund_access


class Command(BaseCommand):
    help = (
        "Create or repair every institution's editor and manager groups, every fund's "
        "coordinators group, their page permissions and collections (idempotent)."
    )

    def handle(self, *args, **options):
        count = ensure_all_institution_access()
        funds = ensure_all_fund_access()
        ensure_moderators()
        self.stdout.write(
            self.style.SUCCESS(f"Permissions ready for {count} institutions and {funds} funds.")
        )
