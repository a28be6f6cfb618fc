from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.demo.generate import generate, real_content_exists
from portal.demo.structure import ensure_site_structure
from portal.institutions.models import Municipality


class Command(BaseCommand):
    help = (
        "Add N generated, published pages (practices, manuals, programs, observatories, reports, "
        "projects, meetings) with their search entries, for the speed benchmark. Meant for a "
        "dedicated database (e.g. postgres://…/portal_bench_http); refuses a database with "
        "content it did not generate unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many items to add.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add generated pages even though the database holds real content.",
        )

    def handle(self, *args, count, seed, force, **options):
        if count < 0:
            raise CommandError("The count cannot be negative.")
        if not Municipality.objects.exists():
            raise CommandError("The registry is empty: run 'manage.py import_municipalities'.")
        if real_content_exists() and not force:
            raise CommandError(
                "This database holds content that was not generated: the generated pages would "
                "be published beside it. Point DATABASE_URL at a dedicated database (e.g. "
                "postgres://…/portal_bench_http), or pass --force if that is what you want."
            )
        ensure_site_structure()
        report = generate(
            count, seed=seed, stdout=self.stdout if options["verbosity"] > 1 else None
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Generated {report}."))
