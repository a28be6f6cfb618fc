"""CACHE_URL: the one cache every server process and machine shares, as Django CACHES entries.

``caches_from_url(url)`` gives two aliases on the same store: ``default`` (allauth's rate
limits, the session cache, anything else) and ``pages`` (the anonymous page cache,
``portal.core.pagecache``). Only Django's built-in backends:

- ``redis://[:password@]host:port/db`` or ``rediss://...`` (TLS): ``RedisCache``;
- ``db://<table>``, or no URL: ``DatabaseCache`` in ``<table>`` (default ``portal_cache``), pages
  in ``<table>_pages``;
- ``file:///<folder>``: ``FileBasedCache`` in ``<folder>/default`` and ``<folder>/pages``, for a
  single machine only;
- ``locmem://``: ``LocMemCache``, per process (development and tests only).

The two aliases never share keys (a key prefix each) and, where the backend culls by counting
entries (database, folder), never a pool either: pages are made by anonymous requests at will
and must not push rate-limit counters out.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_TABLE = "portal_cache"
SCHEMES = "redis://, rediss://, db://<table>, file:///<folder> or locmem://"
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,50}")
# A Redis that stops answering makes requests fail fast instead of hanging their worker.
REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}


def caches_from_url(url: str | None, key_prefix: str = "") -> dict[str, dict]:
    """``{"default": ..., "pages": ...}`` for ``url``; ImproperlyConfigured when unreadable.

    ``key_prefix`` is put before each alias's own prefix (test processes keep apart with it).
    """
    url = (url or "").strip() or f"db://{DEFAULT_TABLE}"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("redis", "rediss"):
        if not parts.hostname:
            raise ImproperlyConfigured(
                f"CACHE_URL: {scheme}:// needs a host ({scheme}://host:6379/0)"
            )
        store = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": dict(REDIS_OPTIONS),
        }
        default, pages = store, dict(store)
    elif scheme == "db":
        table = parts.netloc or parts.path.lstrip("/")
        if not TABLE_NAME.fullmatch(table):
            raise ImproperlyConfigured(
                f"CACHE_URL: db://<table> needs a table name of letters, digits and _ (got {table!r})"
            )
        backend = "django.core.cache.backends.db.DatabaseCache"
        default = {"BACKEND": backend, "LOCATION": table}
        pages = {"BACKEND": backend, "LOCATION": f"{table}_pages"}
    elif scheme == "file":
        if parts.netloc or not parts.path.startswith("/") or parts.path == "/":
            raise ImproperlyConfigured(
                "CACHE_URL: file:// needs an absolute folder (file:///var/cache/portal)"
            )
        backend = "django.core.cache.backends.filebased.FileBasedCache"
        folder = parts.path.rstrip("/")
        default = {"BACKEND": backend, "LOCATION": f"{folder}/default"}
        pages = {"BACKEND": backend, "LOCATION": f"{folder}/pages"}
    elif scheme == "locmem":
        backend = "django.core.cache.backends.locmem.LocMemCache"
        name = parts.netloc or "portal"
        default = {"BACKEND": backend, "LOCATION": f"{name}-default"}
        pages = {"BACKEND": backend, "LOCATION": f"{name}-pages"}
    else:
        shown = f"{scheme}://" if scheme else repr(url.split(":", 1)[0][:20])
        raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {shown}; use {SCHEMES}")
    return {
        "default": {**default, "KEY_PREFIX": f"{key_prefix}portal"},
        "pages": {**pages, "KEY_PREFIX": f"{key_prefix}pages"},
    }
