from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.imports import page_import_view

from .models import ProgramPage
from .services import import_indicators

TEXTS = {
    "title": gettext_lazy("Import indicators"),
    "intro": gettext_lazy(
        "Load the target and actual value of a program's indicators from a CSV file, one row per "
        "indicator and period. The import creates a new version of the program, reviewed like "
        "any other change. If any line has a problem, nothing is imported."
    ),
    "example": (
        "indicator,period,target,actual,source,unit,kind,direction\n"
        "Familias que completan el taller,2023,120,98,Registro municipal,familias,efficiency,higher"
    ),
    "page_label": gettext_lazy("Program"),
    "file_help": gettext_lazy(
        "One row per indicator and period, with the columns indicator, period, target, "
        "actual and source (and unit, kind, direction and baseline for new indicators)."
    ),
}


def _summary(program, report):
    return _(
        "Imported into “%(title)s”: %(indicators)s new indicators, %(created)s new "
        "values, %(updated)s values updated."
    ) % {
        "title": program.title,
        "indicators": report.indicators_created,
        "created": report.values_created,
        "updated": report.values_updated,
    }


def import_indicators_view(request):
    """Upload a CSV of indicator values into one of the programs the user may edit."""
    return page_import_view(
        request,
        model=ProgramPage,
        run=lambda page, **kwargs: import_indicators(program=page, **kwargs),
        summary=_summary,
        texts=TEXTS,
    )
