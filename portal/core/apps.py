from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("core")

    def ready(self):
        from . import locales, pagecache, perrequest, signals  # noqa: F401

        pagecache.connect_signals()
        locales.connect_signals()
        perrequest.connect_signals()
