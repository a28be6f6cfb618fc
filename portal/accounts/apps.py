from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("accounts and memberships")

    def ready(self):
        from . import permission_sync, services, signals  # noqa: F401

        permission_sync.register_sync("institutions", services.ensure_all_institution_access)
