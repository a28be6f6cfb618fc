from django.core.management.base import BaseCommand

from portal.accounts.permission_sync import sync_all
from portal.accounts.services import ensure_moderators


class Command(BaseCommand):
    help = (
        "Create or repair the groups, page permissions and collections every app declares "
        "(institutions' editors and managers, funds' coordinators, moderators); idempotent."
    )

    def handle(self, *args, **options):
        counts = sync_all()
        ensure_moderators()
        done = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Permissions ready for {done} and the moderators."))
