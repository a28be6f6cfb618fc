"""Requests that may write are all-or-nothing; requests that only read take no transaction.

Wagtail's publish is not atomic by itself (PITFALLS, "Data safety"): an error after the page
went live would leave it live with a 500. Django's ``ATOMIC_REQUESTS`` wraps every view in a
transaction, reads included. On SQLite a transaction that may write has to start with
``BEGIN IMMEDIATE`` (``transaction_mode``, portal/settings/base.py): a deferred one that reads
and then writes fails at once with "database is locked" when another connection wrote in
between, instead of waiting. So with ``ATOMIC_REQUESTS`` every GET queued for the database's one
write lock, and under a crawl and a harvest some waited past the busy timeout (issue 24).

``AtomicWritesMiddleware`` gives the view of every request whose method may write (anything but
GET, HEAD, OPTIONS and TRACE: POST, PUT, PATCH, DELETE) what ``ATOMIC_REQUESTS`` gave it: the
view runs in ``transaction.atomic()``, and an exception from it rolls everything back before
the error page is made. GET, HEAD, OPTIONS and TRACE run in autocommit: on SQLite in WAL mode
their reads never wait for a writer and never hold up one. The few writes a GET makes (a new
editing session in the admin, a document's size on its first display, a rendition, an expired
cache row, a page subscription) are single statements, or blocks Django or Wagtail already wrap
in ``transaction.atomic()`` (which then start with ``BEGIN IMMEDIATE``); they wait for the write
lock within the busy timeout.

It must be the last entry of ``MIDDLEWARE``: the other middleware's ``process_view`` (the CSRF
check, the admin isolation checks) run before the transaction starts, so a refused request
never takes the write lock, and this ``process_exception`` runs first, so the rollback comes
before any other middleware turns the exception into a response. A view marked with Django's
``transaction.non_atomic_requests`` is left alone, as ``ATOMIC_REQUESTS`` leaves it.

As with ``ATOMIC_REQUESTS`` the transaction covers the view (and here the rendering of its
template response), not the middleware around it: a session saved on the way out is written
after the commit.
"""

from django.db import DEFAULT_DB_ALIAS, transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_BLOCK = "_portal_atomic_write"


def _close(request, exc_type=None, exc=None, tb=None) -> None:
    """Leave the request's atomic block, if it opened one: commit, or roll back on ``exc``."""
    block = request.__dict__.pop(_BLOCK, None)
    if block is not None:
        block.__exit__(exc_type, exc, tb)


class AtomicWritesMiddleware:
    """The view of a request that may write runs in one transaction; reads run in autocommit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except BaseException as error:
            _close(request, type(error), error, error.__traceback__)
            raise
        # A commit that fails raises here, and the client gets a server error, not a success.
        _close(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", ()):
            return None
        block = transaction.atomic(using=DEFAULT_DB_ALIAS)
        block.__enter__()
        request.__dict__[_BLOCK] = block
        return None

    def process_exception(self, request, exception):
        _close(request, type(exception), exception, exception.__traceback__)
        return None
