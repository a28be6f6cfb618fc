from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network as a whole: figures and maps over every content type (above the content
    apps, which it reads through the content registry)."""

    name = "portal.network"
    label = "network"
    verbose_name = _("network figures and maps")
