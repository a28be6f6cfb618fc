from django.core.management.base import BaseCommand

from portal.core.imports import PageImportCommand
from portal.observatories.models import ObservatoryPage
from portal.observatories.services import import_series


class Command(PageImportCommand, BaseCommand):
    help = (
        "Import an observatory's indicator series from a CSV file "
        "(one row per indicator, territory and period)."
    )
    model = ObservatoryPage
    page_help = "The observatory page's slug or id."

    def run(self, page, data, publish):
        return import_series(observatory=page, data=data, publish=publish)

    def describe(self, report):
        return (
            f"{report.series_created} series created, {report.values_created} values created, "
            f"{report.values_updated} updated"
        )
