from django.core.management.base import BaseCommand, CommandError

from portal.programs.models import ProgramPage
from portal.programs.services import IndicatorImportError, import_indicators


class Command(BaseCommand):
    help = "Import a program's indicator values from a CSV file (one row per indicator and period)."

    def add_arguments(self, parser):
        parser.add_argument("program", help="The program page's slug or id.")
        parser.add_argument("csv", help="Path of the CSV file.")
        parser.add_argument("--publish", action="store_true", help="Publish the new revision.")

    def handle(self, *args, program, csv, publish, **options):
        lookup = {"pk": int(program)} if program.isdigit() else {"slug": program}
        page = ProgramPage.objects.filter(**lookup).first()
        if page is None:
            raise CommandError(f"No program with slug or id {program!r}.")
        try:
            with open(csv, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {csv}: {error}") from error
        try:
            report = import_indicators(program=page, data=data, publish=publish)
        except IndicatorImportError as error:
            for line, reason in error.problems:
                self.stderr.write(f"line {line}: {reason}")
            raise CommandError("Nothing was imported.") from error
        self.stdout.write(
            f"{page.title}: {report.indicators_created} indicators created, "
            f"{report.values_created} values created, {report.values_updated} updated"
            + (", published." if report.published else ", saved as a draft revision.")
        )
