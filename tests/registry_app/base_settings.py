"""The portal's base settings plus the test-only content type, for commands run in subprocesses
against the test database (whose schema and migration records include ``tests.registry_app``)."""

from portal.settings.base import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_app"]  # noqa: F405
