from django.core.management.base import BaseCommand, CommandError

from portal.core.csvimport import CsvImportError
from portal.observatories.models import ObservatoryPage
from portal.observatories.services import import_series


class Command(BaseCommand):
    help = (
        "Import an observatory's indicator series from a CSV file "
        "(one row per indicator, territory and period)."
    )

    def add_arguments(self, parser):
        parser.add_argument("observatory", help="The observatory page's slug or id.")
        parser.add_argument("csv", help="Path of the CSV file.")
        parser.add_argument("--publish", action="store_true", help="Publish the new revision.")

    def handle(self, *args, observatory, csv, publish, **options):
        lookup = {"pk": int(observatory)} if observatory.isdigit() else {"slug": observatory}
        page = ObservatoryPage.objects.filter(**lookup).first()
        if page is None:
            raise CommandError(f"No observatory with slug or id {observatory!r}.")
        try:
            with open(csv, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {csv}: {error}") from error
        try:
            report = import_series(observatory=page, data=data, publish=publish)
        except CsvImportError as error:
            for line, reason in error.problems:
                self.stderr.write(f"line {line}: {reason}")
            raise CommandError("Nothing was imported.") from error
        self.stdout.write(
            f"{page.title}: {report.series_created} series created, "
            f"{report.values_created} values created, {report.values_updated} updated"
            + (", published." if report.published else ", saved as a draft revision.")
        )
