from django.apps import AppConfig


class RegistryAppConfig(AppConfig):
    """A content type that exists only in the test settings: the registry test declares it once
    and finds it everywhere the portal presents content types."""

    name = "tests.registry_app"
    label = "registry_app"
    default_auto_field = "django.db.models.BigAutoField"
