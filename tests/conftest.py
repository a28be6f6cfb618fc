import pytest

from portal.demo.services import load_demo
from portal.institutions.services import import_bundled

FIRST_IMPORT = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the real registry and the demo content, loaded once.

    Each test runs in a transaction that is rolled back, so tests can change anything.
    """
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test_") or "memory" in name or "/test" in name):
        pytest.fail(f"refusing to load the demo content into {name!r}: not a test database")
    with django_db_blocker.unblock():
        FIRST_IMPORT["report"] = import_bundled()
        load_demo()


@pytest.fixture
def first_import_report(django_db_setup):
    return FIRST_IMPORT["report"]


@pytest.fixture(autouse=True)
def _forget_kept_locales():
    """Locale ids are kept per process; a test's changes are rolled back without any signal,
    so each test starts afresh."""
    from portal.core import locales

    locales._forget()
    yield
    locales._forget()
