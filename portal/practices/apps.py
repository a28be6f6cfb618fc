from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "portal.practices"
    label = "practices"
    verbose_name = _("good practices and manuals")

    def ready(self):
        from portal.accounts import permission_sync

        permission_sync.moderators_may("practices", "rate_impact")
