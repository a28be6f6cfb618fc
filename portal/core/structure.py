"""The site's structure, read once per content change instead of on every request.

Every page a visitor asks for needs the same few facts before its own content: which ``Site``
answers the host, the site root in the visitor's language, the sections under it (the menu),
Wagtail's site root paths (for every URL on the page) and which sections are private. Read on
every request, they were six to eight queries of an uncached page's twenty.

They change only when content changes, so a server process keeps them in a ``Snapshot`` and
reuses it until the content changes:

- **When it is renewed.** A snapshot is keyed by the page cache's *generation*
  (``portal.core.pagecache``), which every committed content change renews, in every server
  process of the machine (the same rule, and the same caveat for several machines, as the page
  cache), together with a counter this process bumps at once on any content save (through the
  page cache's signal handlers, ``pagecache.invalidate``), so the process that made a change
  never waits for the commit to see it. A snapshot is also never older than
  ``MAX_AGE`` seconds, which bounds anything changed behind Django's back (SQL updates).
- **Who uses it.** GET and HEAD requests (``SnapshotPerRequest`` pins one snapshot for the
  whole request). A request that has itself changed content, any other method, and code outside
  a request (commands, tests calling functions directly) read the database as Wagtail does.
- **What it holds.** Objects read from the database and shared by the requests of a process:
  read them, never change them. Besides the structure, the shared vocabularies (themes,
  populations, approaches, levels: a few dozen rows each) are kept here, so that a page reads
  only which terms it carries (``portal.core.mixins.load_terms``).

``tests/core/test_structure.py`` checks each fact against a fresh read after publishing,
unpublishing, moving, renaming and restricting pages.
"""

import threading
import time
from contextvars import ContextVar

from django.db.models import Subquery
from django.http.request import split_domain_port

MAX_AGE = 60  # seconds a snapshot may be used without any sign of change
MAX_HOSTS = 32  # host names remembered per snapshot (ALLOWED_HOSTS keeps them few)

_pinned: ContextVar["_Pinned | None"] = ContextVar("portal_structure", default=None)
_local_changes = 0  # content saves seen by this process
_latest: "Snapshot | None" = None
_lock = threading.Lock()


class Snapshot:
    """The structure facts of one generation, each read when first needed."""

    def __init__(self, key):
        self.key = key
        self.born = time.monotonic()
        self._values: dict = {}

    def _get(self, name, read):
        try:
            return self._values[name]
        except KeyError:
            value = self._values[name] = read()
            return value

    def site_for(self, request):
        """``Site.find_for_request(request)``, answered once per host and port."""
        from wagtail.models import Site

        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        sites = self._get("sites", dict)
        if (hostname, port) not in sites:
            site = Site._find_for_request(request)
            if len(sites) >= MAX_HOSTS:
                return site
            sites[(hostname, port)] = site
        return sites[(hostname, port)]

    def site_root_paths(self) -> list:
        from wagtail.models import Site

        return self._get("root_paths", Site.get_site_root_paths)

    def root_translations(self, site) -> list:
        """The site's root page and every translation of it (live or not)."""
        return self._get(("roots", site.pk, site.root_page_id), lambda: _root_translations(site))

    def sections(self, root) -> list:
        """The live, public children of ``root``, in tree order."""
        return self._get(("sections", root.pk), lambda: list(root.get_children().live().public()))

    def vocabulary(self, model) -> dict:
        """Every term of a vocabulary by id, as ``(rank, term)`` in the model's own order."""
        return self._get(
            ("vocabulary", model._meta.label),
            lambda: {term.pk: (rank, term) for rank, term in enumerate(model.objects.all())},
        )

    def restrictions(self) -> list:
        """Every view restriction, with its page."""
        from wagtail.models import PageViewRestriction

        return self._get(
            "restrictions", lambda: list(PageViewRestriction.objects.select_related("page"))
        )

    def restrictions_on(self, path: str) -> list:
        """The restrictions that apply to the page at tree ``path`` (its own and its
        ancestors'), as ``Page.get_view_restrictions()`` finds them for a page without aliases."""
        return [
            restriction
            for restriction in self.restrictions()
            if path.startswith(restriction.page.path)
        ]


def _fresh() -> Snapshot:
    from portal.core import pagecache

    global _latest
    key = (pagecache.generation(), _local_changes)
    latest = _latest
    if latest is None or latest.key != key or time.monotonic() - latest.born > MAX_AGE:
        with _lock:
            if _latest is None or _latest is latest:
                _latest = Snapshot(key)
            latest = _latest
    return latest


def current() -> Snapshot | None:
    """The snapshot pinned for this request, or None where the database must be read (outside a
    GET request, and for the rest of a request that has itself changed content)."""
    pinned = _pinned.get()
    if pinned is None or pinned.wrote:
        return None
    return pinned.snapshot


def root_translations(site) -> list:
    """The site root and its translations (live or not)."""
    snapshot = current()
    return _root_translations(site) if snapshot is None else snapshot.root_translations(site)


def _root_translations(site) -> list:
    from wagtail.models import Page

    root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1]
    return list(Page.objects.filter(translation_key=Subquery(root_key)).order_by())


class _Pinned:
    """A request's snapshot, and whether the request has changed content since."""

    __slots__ = ("snapshot", "wrote")

    def __init__(self, snapshot):
        self.snapshot = snapshot
        self.wrote = False


def forget() -> None:
    """Start afresh at the next request (a content save in this process, or a new test); the
    request that saved reads the database from now on: its change is not committed yet."""
    global _local_changes, _latest
    _local_changes += 1
    _latest = None
    pinned = _pinned.get()
    if pinned is not None:
        pinned.wrote = True


def prime(request) -> None:
    """Give Wagtail the answers it would read for ``request`` from the snapshot: its ``Site``
    and the site root paths behind every page URL (called where a page or the menu is about to
    need them, so that requests that never do, like the health check, read nothing)."""
    snapshot = current()
    if snapshot is None or request is None:
        return
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = snapshot.site_for(request)
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = snapshot.site_root_paths()


class SnapshotPerRequest:
    """Pin one snapshot for the length of a GET or HEAD request (reading nothing yet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _pinned.set(_Pinned(_fresh()))
        try:
            return self.get_response(request)
        finally:
            _pinned.reset(token)
