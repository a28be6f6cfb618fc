"""Settings for the test suite: the base settings with a fixed key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)

from .base import *  # noqa: E402,F403

DEBUG = False
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# No public address of the developer's environment: requests keep their host (testserver) and
# what has no request names testserver too. Tests of the public address set both.
BASE_URL = ""
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests change content inside transactions that never commit, so nothing would empty the
# page cache between them: it is off here and switched on by its own tests.
PAGE_CACHE_SECONDS = 0
# Whatever CACHE_URL says: rate limits and sessions in the database cache of each pytest
# worker's own test database (rolled back with each test), pages in this process's memory (the
# page cache's own tests point it elsewhere). The key prefix keeps test processes apart
# (TEST_RUN_TAG: concurrent checkouts; PYTEST_XDIST_WORKER) should a test use a shared store.
_worker = os.environ.get("TEST_RUN_TAG", "") + os.environ.get("PYTEST_XDIST_WORKER", "main")
CACHES = caches_from_url("db://portal_cache", key_prefix=f"test-{_worker}-")  # noqa: F405
CACHES["pages"] = caches_from_url("locmem://", key_prefix=f"test-{_worker}-")["pages"]  # noqa: F405
# A content type declared only in tests (tests/registry_app): the content registry's test finds
# it everywhere the portal presents content types.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_app"]  # noqa: F405
