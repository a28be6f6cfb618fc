from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.imports import page_import_view

from .models import ObservatoryPage
from .services import import_series

TEXTS = {
    "title": gettext_lazy("Import indicator series"),
    "intro": gettext_lazy(
        "Load an observatory's indicator series from a CSV file, one row per indicator, "
        "territory and period. Rows add to a series or correct its values; a series keeps its "
        "unit. The import creates a new version of the observatory, reviewed like any other "
        "change. If any line has a problem, nothing is imported."
    ),
    "example": (
        "indicador;territorio;periodo;valor;unidad;fuente;nivel\n"
        "Denuncias de delitos;Peñalolén;2023;1.234;denuncias;Fiscalía;comuna"
    ),
    "page_label": gettext_lazy("Observatory"),
    "file_help": gettext_lazy(
        "One row per indicator, territory and period, with the columns indicator, territory, "
        "period, value and unit (and, optionally, source, level and theme)."
    ),
}


def _summary(observatory, report):
    return _(
        "Imported into “%(title)s”: %(series)s new series, %(created)s new values, "
        "%(updated)s values updated."
    ) % {
        "title": observatory.title,
        "series": report.series_created,
        "created": report.values_created,
        "updated": report.values_updated,
    }


def import_series_view(request):
    """Upload a CSV of indicator series into one of the observatories the user may edit."""
    return page_import_view(
        request,
        model=ObservatoryPage,
        run=lambda page, **kwargs: import_series(observatory=page, **kwargs),
        summary=_summary,
        texts=TEXTS,
    )
