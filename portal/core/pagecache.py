"""The anonymous page cache: whole responses for visitors without an account.

A visitor who is not signed in gets the same page as every other such visitor, so the portal
keeps the rendered response and serves it again without touching the database, for
``PAGE_CACHE_SECONDS`` at most.

- **Who gets cached pages.** GET and HEAD requests without a session cookie, a messages cookie
  or an ``Authorization`` header, outside the admin, documents, health check and language
  switch. A signed-in editor always gets a fresh page (and never writes one to the cache).
- **What is kept.** Only complete 200 responses that set no cookie, used no CSRF token and do
  not say ``private``, ``no-cache`` or ``no-store``. The key is the host, the active language
  and the full path with its query, so Spanish and English never mix.
- **When it is emptied.** Any committed change to content (a page published, unpublished,
  moved or deleted, or any other content row saved or deleted) starts a new *generation*: a kept
  page carries the generation read before it was rendered and is served only while that is still
  the current one (both read in one lookup), so a response rendered before the change can never
  be served after it, even one that finishes rendering while the change commits. Account and
  session rows do not count as content. The expiry bounds anything changed without signals (bulk SQL updates).

The cache is ``CACHES["pages"]``, on the store every server process and machine shares
(``CACHE_URL``: the database by default, Redis for several machines), so a change made through
one machine is never served stale by another. Old generations are left to expire rather than
cleared: clearing would empty the whole shared store (rate limits, sessions). A store that
fails is bypassed (pages rendered afresh).
"""

import gzip
import hashlib
import logging
import re
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_migrate,
)
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

ALIAS = "pages"
GENERATION_KEY = "portal-page-cache-generation"
HEADER = "X-Page-Cache"
# Rows that change who is signed in, not what a visitor reads.
IGNORED_APPS = frozenset(
    {"sessions", "admin", "contenttypes", "auth", "account", "mfa", "wagtailusers"}
)
UNCACHEABLE_DIRECTIVES = frozenset({"private", "no-cache", "no-store"})


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _cache():
    return caches[ALIAS]


def generation() -> str:
    return str(_cache().get(GENERATION_KEY, "0"))


def key_for(request) -> str:
    raw = "|".join((request.get_host(), get_language() or "", request.get_full_path()))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def may_serve_from_cache(request) -> bool:
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_SKIP_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "authorization" not in request.headers


def may_store(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False  # the page carries this response's nonce, valid for it alone
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNCACHEABLE_DIRECTIVES


COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml")
MIN_COMPRESSED_SIZE = 1024


# A weight as RFC 9110 writes it ("0", "0.5", "1.000"), a little more digits tolerated.
QVALUE = re.compile(r"(?:0(?:\.\d*)?|1(?:\.0*)?|\.\d+)")
# "x-gzip" is an old name of gzip that recipients should take as the same (RFC 9110 §8.4.1.3).
ALIASES = {"x-gzip": "gzip"}


def _weight(parameters: str) -> float:
    """The q parameter of one Accept-Encoding entry: 1 when absent, 0 when unreadable."""
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            value = value.strip()
            return float(value) if QVALUE.fullmatch(value) else 0.0
    return 1.0


def accepts_encoding(header: str | None, coding: str) -> bool:
    """Whether an ``Accept-Encoding`` header accepts a content coding (RFC 9110 §12.5.3).

    A coding named with ``q=0`` is refused; one not named takes the weight of ``*`` and is
    refused without it. Names and parameters are case-insensitive, whitespace around them is
    ignored. A weight that cannot be read counts as a refusal and a coding named twice takes
    the lower weight: when in doubt the plain body, which every client reads. An empty or
    absent header asks for no coding.
    """
    named = star = None
    for entry in (header or "").split(","):
        name, _, parameters = entry.partition(";")
        name = name.strip().lower()
        if not name:
            continue
        weight = _weight(parameters)
        if ALIASES.get(name, name) == coding:
            named = weight if named is None else min(named, weight)
        elif name == "*":
            star = weight if star is None else min(star, weight)
    chosen = named if named is not None else star
    return chosen is not None and chosen > 0


def accepts_gzip(request) -> bool:
    return accepts_encoding(request.headers.get("accept-encoding"), "gzip")


def compress(response) -> bytes | None:
    """The response body gzipped once, for keeping; None when it is not worth it."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if response.has_header("Content-Encoding") or not content_type.startswith(COMPRESSIBLE):
        return None
    if len(response.content) < MIN_COMPRESSED_SIZE:
        return None
    return compress_string(response.content)


def replay(request, status, headers, body, encoding) -> HttpResponse:
    """A kept response, gzipped for a client that accepts it (every browser), else plain."""
    if encoding == "gzip" and not accepts_gzip(request):
        body, encoding = gzip.decompress(body), ""
    response = HttpResponse(body, status=status, headers=headers)
    if encoding:
        response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(body))
    return response


class AnonymousPageCacheMiddleware:
    """Serve and keep anonymous pages (see the module's docstring). Goes after LocaleMiddleware.

    Kept pages are gzipped once when stored (a 2 MB CSV export or a long listing is served in a
    tenth of the bytes to browsers, which all accept gzip) and carry ``Vary: Accept-Encoding``;
    a client that does not take gzip (or refuses it with ``q=0``) gets them decompressed. Pages
    kept here carry no CSRF token or other secret, so compressing them gives nothing away
    (BREACH needs a secret in the page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_from_cache(request):
            return self.get_response(request)
        cache = _cache()
        key = key_for(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # the shared store is down: serve fresh pages, never stale ones
            logger.exception("page cache unreachable; serving %s uncached", request.path)
            return self.get_response(request)
        generation_now = str(found.get(GENERATION_KEY, "0"))
        stored = found.get(key)
        # (entries of older releases, with another shape, are remade)
        if stored is not None and len(stored) == 5 and stored[0] == generation_now:
            response = replay(request, *stored[1:])
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if may_store(request, response):
            body = compress(response)
            if body is not None:
                patch_vary_headers(response, ("Accept-Encoding",))
            headers = [
                (name, value)
                for name, value in response.items()
                if name not in (HEADER, "Content-Length")
            ]
            stored = (
                generation_now,
                response.status_code,
                headers,
                body or response.content,
                "gzip" if body else "",
            )
            try:
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("page cache unreachable; %s not kept", request.path)
            if body is not None and accepts_gzip(request):
                response = replay(request, *stored[1:])
            response[HEADER] = "miss"
        return response


def start_new_generation():
    # Nanoseconds never repeat, so a page kept under an older generation is never served
    # again; it is replaced by the next render or expires after PAGE_CACHE_SECONDS.
    _cache().set(GENERATION_KEY, str(time.time_ns()), timeout=None)


_migrating = False  # migrate is running in this process (see _migration_started)


def _migration_started(sender, **kwargs):
    """Migrations save content row by row, maybe before the cache tables exist: no renewal
    per row, one when the last app has migrated."""
    global _migrating
    _migrating = True


def _migration_done(sender, **kwargs):
    global _migrating
    if sender is not list(apps.get_app_configs())[-1]:
        return
    _migrating = False
    try:
        start_new_generation()
    except Exception:
        logger.warning("The page cache's store is unreachable: run `manage.py createcachetable`.")


def invalidate(using=None):
    """Empty the page cache once the current transaction commits (at once outside one)."""
    if _migrating:
        return
    connection = transaction.get_connection(using)
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and any(
        isinstance(entry[1], NewGeneration) and entry[1].waiting for entry in pending
    ):
        return
    # robust: a shared store that fails after the commit must not turn the change into an error.
    transaction.on_commit(NewGeneration(), using=using, robust=True)


class NewGeneration:
    """One renewal per transaction, however many rows it changes; once run, no longer pending
    (a test's transaction keeps the callbacks it ran)."""

    def __init__(self):
        self.waiting = True
        # Django names a robust on_commit callback that failed by its __qualname__.
        self.__qualname__ = "pagecache.NewGeneration"

    def __call__(self):
        self.waiting = False
        start_new_generation()


def _content_changed(sender, using=None, raw=False, **kwargs):
    if raw or sender._meta.app_label in IGNORED_APPS:
        return
    invalidate(using)


def _page_changed(sender, **kwargs):
    invalidate()


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    pre_migrate.connect(_migration_started, dispatch_uid="pagecache-migrate-start")
    post_migrate.connect(_migration_done, dispatch_uid="pagecache-migrate-done")
    post_save.connect(_content_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_content_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_content_changed, dispatch_uid="pagecache-m2m")
    # Moves rewrite tree paths with SQL updates (no post_save); the other two are also saves,
    # named here so the rule reads as the issue states it.
    page_published.connect(_page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="pagecache-moved")
