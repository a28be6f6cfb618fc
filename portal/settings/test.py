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
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests change content inside transactions that never commit, so nothing would empty the
# page cache between them: it is off here and switched on by its own tests.
PAGE_CACHE_SECONDS = 0
# Each test process keeps its own page cache folder: its generation also keys the site structure
# snapshot (portal/core/structure.py), and one pytest worker's commits must not renew another's.
# TEST_RUN_TAG keeps concurrent test runs on one machine (two checkouts, two people) apart.
_worker = os.environ.get("TEST_RUN_TAG", "") + os.environ.get("PYTEST_XDIST_WORKER", "main")
CACHES["pages"]["LOCATION"] = str(VAR_DIR / f"test-page-cache-{_worker}")  # noqa: F405
