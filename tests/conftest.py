import pytest

from portal.demo.services import load_demo
from portal.demo.structure import ensure_site_structure
from portal.demo.translations import translate_demo
from portal.institutions.services import import_bundled

FIRST_IMPORT = {}
DEMO = {"loaded": False}


def _needs_demo(path) -> bool:
    """Only the tests of the demo (tests/demo/) read it; every other test builds what it
    asserts on (tests/factories/), and the browser tests run their own portal."""
    return "/tests/demo/" in str(path).replace("\\", "/")


def pytest_configure(config):
    config.addinivalue_line("markers", "demo: the test reads the demo content (set here)")


def _in_browser(path) -> bool:
    return "/tests/browser/" in str(path).replace("\\", "/")


def pytest_collection_modifyitems(config, items):
    """The browser tests go first (under xdist one worker takes them as a group while the
    other starts on the rest); tests that read the demo go last, so that no other test in
    their process meets it."""
    for item in items:
        if _needs_demo(item.path):
            item.add_marker(pytest.mark.demo)
    items[:] = sorted(
        items,
        key=lambda item: (
            not _in_browser(item.path),
            item.get_closest_marker("demo") is not None,
        ),
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the real registry and the site's sections (as ``setup_site``
    leaves a new portal), loaded once. Each test runs in a transaction that is rolled back, so
    tests can change anything."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test_") or "memory" in name or "/test" in name):
        pytest.fail(f"refusing to load test content into {name!r}: not a test database")
    with django_db_blocker.unblock():
        FIRST_IMPORT["report"] = import_bundled()
        ensure_site_structure()


@pytest.fixture(scope="module", autouse=True)
def _demo_content(request):
    """The demo content, loaded once per process (committed) before the first module that
    reads it; modules that read it run last (see ``pytest_collection_modifyitems``)."""
    if not _needs_demo(request.node.path) or DEMO["loaded"]:
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        load_demo()
        translate_demo()  # as the command does: the demo in both languages
    DEMO["loaded"] = True


@pytest.fixture(autouse=True)
def _no_demo_for_standalone_tests(request):
    if (
        DEMO["loaded"]
        and request.node.get_closest_marker("demo") is None
        and not _in_browser(request.node.path)
    ):
        pytest.fail(
            "this test runs after the demo content was loaded in this process: tests that read "
            "the demo belong in tests/demo/ (they run last)"
        )


@pytest.fixture
def first_import_report(django_db_setup):
    return FIRST_IMPORT["report"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request to an English address leaves
    English active in the test's thread (LocaleMiddleware does not reset it), and a later test
    calling ``reverse()`` would get English addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _forget_kept_locales():
    """Locale ids are kept per process; a test's changes are rolled back without any signal,
    so each test starts afresh."""
    from portal.core import locales

    locales._forget()
    yield
    locales._forget()
