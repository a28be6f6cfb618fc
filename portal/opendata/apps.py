from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "portal.opendata"
    label = "opendata"
    verbose_name = _("open data")

    def ready(self):
        from portal.opendata.checks import oai_settings

        checks.register(oai_settings)
