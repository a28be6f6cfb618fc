from django.core.management.base import BaseCommand

from portal.search.sync import index_pending, rebuild_entries


class Command(BaseCommand):
    help = (
        "Rebuild the search entries from the published pages (--rebuild), or send the entries "
        "a failed search backend missed (--pending, the default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args, rebuild, **options):
        if rebuild:
            count = rebuild_entries()
            self.stdout.write(f"{count} search entries written from the published pages.")
        done = index_pending()
        self.stdout.write(self.style.SUCCESS(f"{done} entries sent to the search backend."))
