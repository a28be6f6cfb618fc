"""Each app owns the groups and permissions its content needs.

Apps declare them from their ``AppConfig.ready()``: a function that creates or repairs the
groups of every object it protects (``register_sync``), and what network moderators may do in
the app (``moderators_may``). ``manage.py sync_permissions`` and the demo loader apply them all.
Accounts sits below the content apps, so it never names them.
"""

from collections.abc import Callable

_syncs: dict[str, Callable[[], int]] = {}
_moderator_permissions: dict[str, tuple[str, ...]] = {}


def register_sync(name: str, sync: Callable[[], int]) -> None:
    """``sync()`` creates or repairs the groups of every ``name`` (idempotent); returns how many."""
    _syncs[name] = sync


def moderators_may(app_label: str, *codenames: str) -> None:
    """Network moderators hold these permissions of ``app_label`` (given by ``ensure_moderators``)."""
    _moderator_permissions[app_label] = codenames


def moderator_permissions() -> list[tuple[str, str]]:
    return [
        (app, codename)
        for app, codenames in _moderator_permissions.items()
        for codename in codenames
    ]


def sync_all() -> dict[str, int]:
    """Run every app's sync; per name, how many objects have their groups."""
    return {name: sync() for name, sync in _syncs.items()}
