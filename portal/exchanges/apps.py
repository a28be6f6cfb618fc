from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "portal.exchanges"
    label = "exchanges"
    verbose_name = _("cooperation exchanges")

    def ready(self):
        from portal.accounts import permission_sync

        from . import access, signals  # noqa: F401

        permission_sync.register_sync("funds", access.ensure_all_fund_access)
