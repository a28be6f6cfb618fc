from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "portal.programs"
    label = "programs"
    verbose_name = _("prevention programs")

    def ready(self):
        from portal.accounts import permission_sync

        permission_sync.moderators_may(
            "programs",
            "add_preventionmodel",
            "change_preventionmodel",
            "delete_preventionmodel",
            "rate_impact",
        )
