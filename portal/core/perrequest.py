"""Facts read at most once per request (the private sections, the site's languages).

Several templates and helpers ask the same question of one request; the answer is kept in a
``ContextVar`` from Django's ``request_started`` signal to ``request_finished``, and dropped at
once when content is saved or deleted (a request that changes content sees its change). Outside
a request (commands, tests calling functions directly) nothing is kept: every call reads.
"""

from contextvars import ContextVar

_kept: ContextVar[dict | None] = ContextVar("portal_per_request", default=None)


def remember(key, read):
    """``read()``, once per request for ``key``."""
    kept = _kept.get()
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]


def start(**kwargs) -> None:
    _kept.set({})


def stop(**kwargs) -> None:
    _kept.set(None)


def forget(**kwargs) -> None:
    kept = _kept.get()
    if kept:
        kept.clear()


def connect_signals():
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import post_page_move

    request_started.connect(start, dispatch_uid="perrequest-start")
    request_finished.connect(stop, dispatch_uid="perrequest-stop")
    for signal in (post_save, post_delete, m2m_changed, post_page_move):
        signal.connect(forget, dispatch_uid=f"perrequest-forget-{id(signal)}")
