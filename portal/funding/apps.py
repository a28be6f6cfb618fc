from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "portal.funding"
    label = "funding"
    verbose_name = _("funding index")

    def ready(self):
        from portal.accounts import permission_sync

        permission_sync.moderators_may(
            # The national funding index: moderators prepare, compute, publish and correct editions.
            "funding",
            "add_edition",
            "change_edition",
            "delete_edition",
            "publish_edition",
        )
