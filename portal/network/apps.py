from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The network as a whole: figures and maps over every content type (above the content
    apps, which it reads through the content registry). It has no models."""

    name = "portal.network"
    label = "network"
