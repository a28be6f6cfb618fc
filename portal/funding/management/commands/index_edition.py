"""Prepare an edition of the funding index from the command line.

    python manage.py index_edition import 2025 values.csv   # into the draft of that year
    python manage.py index_edition compute 2025
    python manage.py index_edition publish 2025

Each step is atomic and refuses a published edition (make a correction in the admin).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.core.csvimport import CsvImportError
from portal.funding import compute, services
from portal.funding.models import Edition, EditionFrozen


class Command(BaseCommand):
    help = "Import values into, compute or publish the draft edition of a year."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "compute", "publish"])
        parser.add_argument("year", type=int)
        parser.add_argument("csv", nargs="?", type=Path)

    def handle(self, *args, action, year, csv, **options):
        edition = (
            Edition.objects.filter(year=year, status=Edition.Status.DRAFT)
            .order_by("-version")
            .first()
        )
        if edition is None:
            raise CommandError(f"There is no draft edition for {year}; create it in the admin.")
        try:
            if action == "import":
                if csv is None or not csv.is_file():
                    raise CommandError("Give the CSV file to import.")
                report = services.import_values(edition, csv.read_bytes())
                self.stdout.write(
                    f"{report['imported']} values imported, "
                    f"{report['carried']} census values carried forward into {edition}."
                )
            elif action == "compute":
                result = services.compute_edition(edition)
                sizes = ", ".join(f"{g}: {n}" for g, n in result.group_sizes().items())
                self.stdout.write(f"{edition}: {len(result.ranking)} comunas ranked ({sizes}).")
            else:
                edition = services.publish_edition(edition)
                self.stdout.write(f"{edition} published.")
        except CsvImportError as error:
            lines = "\n".join(f"  line {line}: {reason}" for line, reason in error.problems[:50])
            raise CommandError(f"Nothing was imported:\n{lines}") from None
        except (compute.FormulaError, EditionFrozen) as error:
            raise CommandError(str(error)) from None
