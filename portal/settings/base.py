"""Settings for the portal, read from environment variables.

Every variable is documented in README.md ("Configuration"). Production is the
default: DEBUG is off unless DEBUG=1, and then SECRET_KEY must be provided.
"""

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.settings.cache_url import caches_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# A development key only when DEBUG is on; production refuses to start without one.
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=1 for development."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.core",
    "portal.institutions",
    "portal.institutions.evaluations",
    "portal.practices",
    "portal.programs",
    "portal.observatories",
    "portal.exchanges",
    "portal.funding",
    "portal.opendata",
    "portal.api",
    "portal.network",
    "portal.search",
    "portal.accounts",
    "portal.demo",
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail_localize",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, cached ones included (portal/core/csp.py).
    "portal.core.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Anonymous visitors get whole pages from CACHES["pages"] (portal/core/pagecache.py).
    "portal.core.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.AdminIsolationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: the view of a request that may write (POST, PUT, PATCH, DELETE) runs in one
    # transaction; GET and HEAD run in autocommit (portal/core/transactions.py).
    "portal.core.transactions.AtomicWritesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Database: a SQLite file under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Connections are kept for a minute (checked before reuse, so a restarted server is
        # noticed): a new PostgreSQL connection per request costs 10-30 ms.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Every request that may write is all-or-nothing (Wagtail's publish is not atomic by itself),
# and reads take no transaction: AtomicWritesMiddleware (portal/core/transactions.py) wraps
# the views of POST, PUT, PATCH and DELETE in transaction.atomic(), GET and HEAD run in
# autocommit. ATOMIC_REQUESTS would make every GET a transaction, on SQLite one that queues for
# the write lock (issue 24).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: readers never wait for the writer, nor it for them. IMMEDIATE: a transaction takes
    # the write lock when it begins (only requests that may write, and Django's and Wagtail's
    # own atomic blocks, begin one), so it waits for it up to the busy timeout instead of
    # failing when it writes after reading. Busy timeout: 20 s, below gunicorn's 30 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    # psycopg 3 binds parameters in the server and prepares a statement once a connection has
    # run it DATABASE_PREPARE_THRESHOLD times: PostgreSQL then no longer parses and plans it,
    # which was half the SQL time of an uncached page. "off" for a pooler in transaction mode
    # (PgBouncer without prepared statement support).
    _options.setdefault("server_side_binding", True)
    _threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "").strip().lower()
    _options.setdefault(
        "prepare_threshold",
        None if _threshold == "off" else env_int("DATABASE_PREPARE_THRESHOLD", 5),
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every server process and machine (portal/settings/cache_url.py): the
# database by default, redis://host:6379/0 for several machines. Pages, allauth's rate limits
# and the session cache live on it, each alias under its own key prefix.
CACHES = caches_from_url(os.environ.get("CACHE_URL"))
CACHES["pages"]["TIMEOUT"] = env_int("PAGE_CACHE_SECONDS", 300)
if not CACHES["pages"]["BACKEND"].endswith("RedisCache"):  # (Redis expires keys by itself)
    CACHES["pages"]["OPTIONS"] = {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 5000)}
# Sessions are read from the shared cache and written through to the database, which stays
# their record: a Redis restart or eviction signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# 0 turns the page cache off. Publishing, unpublishing, moving or deleting empties it at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_SKIP_PREFIXES = ["/admin/", "/documents/", "/healthz", "/i18n/"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: django-allauth is the only way in, for the public site and the admin alike.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Sign-up and password reset answer the same whether or not the address has an account; the
# address's owner learns by email ("you already have an account", "there is no account").
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Red de Prevención] "
# Limits live in the shared cache (CACHE_URL), so they hold across processes and machines.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "10/m/ip",
    "login": "30/m/ip",
    "reset_password": "10/m/ip,3/m/key",
}
# Behind a reverse proxy, rate limits must count the visitor's address, not the proxy's:
# the number of proxies in front of the portal that append to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Red de Prevención Municipal")

# Languages: Spanish (Chile) first, English second; Spanish URLs carry no prefix.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# A new translation is a draft until it is reviewed, even when its original is live
# (wagtail-localize would otherwise publish it at once, bypassing the workflow).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The portal's own strings; then Spanish for the Wagtail and wagtail-localize admin strings
# their catalogues lack (kept by hand: makemessages writes only the first path).
LOCALE_PATHS = [BASE_DIR / "portal" / "locale", BASE_DIR / "portal" / "locale_admin"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Santiago")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    # Django's file storage, minus the truncated file a full disk would leave behind.
    "default": {"BACKEND": "portal.core.storage.CleanFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Search: Wagtail's database backend by default (SQLite FTS5 or PostgreSQL full text);
# Elasticsearch 8 when SEARCH_BACKEND=elasticsearch. Short timeouts so a hung search
# server never holds up a publish.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database").strip().lower()
if SEARCH_BACKEND == "database" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Spanish stemming over unaccented words; see portal/search/backends.py.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "portal.search.backends",
            "SEARCH_CONFIG": os.environ.get("SEARCH_CONFIG", "portal_es"),
            "SEARCH_CONFIG_EN": os.environ.get("SEARCH_CONFIG_EN", "portal_en"),
            "AUTOCOMPLETE_CONFIG": "portal_simple",
        }
    }
elif SEARCH_BACKEND == "database":
    # SQLite FTS5: folds case and accents, does not stem.
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
elif SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "portal.search.elastic",
            "URLS": env_list("ELASTICSEARCH_URL", "http://localhost:9200"),
            "INDEX": os.environ.get("SEARCH_INDEX", "portal"),
            "TIMEOUT": env_int("SEARCH_TIMEOUT", 3),
            "OPTIONS": {"max_retries": 1, "retry_on_timeout": False},
        }
    }
else:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be 'database' or 'elasticsearch', not {SEARCH_BACKEND!r}."
    )

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Red de Prevención Municipal")
# The public address (portal/core/addresses.py). BASE_URL is what the environment says, empty
# when it says nothing: set, it is the host of every absolute link (citations, exports, feeds,
# sitemap, OAI-PMH, JSON-LD, API, emails), whatever host a request came in on; unset, a request's
# own host is used and, without a request, the default. Wagtail's emails read its copy.
BASE_URL = os.environ.get("BASE_URL", "").strip().rstrip("/")
if BASE_URL and not re.fullmatch(r"https?://[^/?#\s]+", BASE_URL):
    raise ImproperlyConfigured(
        "BASE_URL must be the public address with its scheme and without a path, such as "
        f"https://portal.example.org or http://127.0.0.1:8000, not {BASE_URL!r}."
    )
WAGTAILADMIN_BASE_URL = BASE_URL or "http://127.0.0.1:8000"

# OAI-PMH (portal/opendata/oai.py). OAI_REPOSITORY_IDENTIFIER is the domain name in every
# record's identifier (oai:<domain>:page/<page id>), which harvesters keep, so it must not
# change; empty means BASE_URL's host. OAI_ADMIN_EMAIL is the address Identify gives harvesters;
# a system check warns in production when it is missing or not public (portal/opendata/checks.py).
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "").strip().lower()
if OAI_REPOSITORY_IDENTIFIER and not re.fullmatch(
    r"[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+", OAI_REPOSITORY_IDENTIFIER
):
    raise ImproperlyConfigured(
        "OAI_REPOSITORY_IDENTIFIER must be a domain name such as portal.example.org (labels "
        f"start with a letter), not {OAI_REPOSITORY_IDENTIFIER!r}."
    )
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "").strip()
# The admin asks no outside host for anything: no avatars from Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_DOCUMENT_MODEL = "core.PortalDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.core.forms.PortalDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "csv", "pptx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_MB", 25) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("MAX_IMAGE_UPLOAD_MB", 10) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Images: pixels checked from the header before decoding; a failed write is a form error.
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.core.forms.PortalImageForm"
# Documents go through Wagtail's serve view only (it applies collection view restrictions);
# only PDF opens in the browser, everything else downloads as an attachment (with nosniff).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security. Production (DEBUG off) gets HTTPS-only cookies, HSTS and a redirect to HTTPS;
# behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp 4): scripts, styles, images and fonts only from this site;
# no inline script without the request's nonce (`{{ request.csp_nonce }}`; no page uses one
# today); nothing may frame the site but the admin's own preview.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
