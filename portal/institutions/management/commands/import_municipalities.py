from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.institutions.services import RegistryImportError, import_bundled, import_inegi_csv


class Command(BaseCommand):
    help = (
        "Import the municipality registry: with no argument, the bundled files (all Chilean "
        "comunas and regions with CUT codes; Mexican states with INEGI codes). With --inegi-csv, "
        "a CSV in INEGI's AGEEML catalogue layout. Idempotent; a bad row aborts the whole import."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--inegi-csv",
            type=Path,
            help="CSV in INEGI's catalogue layout (CVE_ENT, NOM_ENT, CVE_MUN, NOM_MUN, ...).",
        )

    def handle(self, *args, **options):
        try:
            if options["inegi_csv"]:
                report = import_inegi_csv(options["inegi_csv"])
            else:
                report = import_bundled()
        except RegistryImportError as error:
            raise CommandError(f"Import aborted, nothing was changed. {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Registry imported. {report}."))
