from django.core.management.base import BaseCommand

from portal.core.imports import PageImportCommand
from portal.programs.models import ProgramPage
from portal.programs.services import import_indicators


class Command(PageImportCommand, BaseCommand):
    help = "Import a program's indicator values from a CSV file (one row per indicator and period)."
    model = ProgramPage
    page_help = "The program page's slug or id."

    def run(self, page, data, publish):
        return import_indicators(program=page, data=data, publish=publish)

    def describe(self, report):
        return (
            f"{report.indicators_created} indicators created, "
            f"{report.values_created} values created, {report.values_updated} updated"
        )
