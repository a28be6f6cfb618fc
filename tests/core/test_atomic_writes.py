"""Every request that writes is all-or-nothing, and reads take no transaction (PITFALLS "Data
safety"; ``portal.core.transactions.AtomicWritesMiddleware``, issue 24).

Each admin test drives the real admin view (save, publish, move, delete, workflow approval),
lets the write happen, then raises from code that runs *after* it (a signal Wagtail sends late
in the action, an ``after_*_page`` admin hook, or right after the workflow task's own
transaction), so only the request's transaction can undo it: every test but the delete one
fails without the middleware (Wagtail's delete view has a transaction of its own). Each checks
that the response is a server error and that nothing of the action remains: no new or changed
page, no revision, no log entry, no search entry, no workflow state change.

The middleware's own rules (which methods get a transaction, ``non_atomic_requests``) are
checked with small views of this module's URLconf, and that public reads open no transaction by
recording the transaction depth of every statement they run. tests/core/test_sqlite_locks.py
checks reads against a real SQLite write lock.

These run with pytest-django's ``db`` fixture: the test's transaction makes the request's atomic
block a savepoint, and its rollback is what is checked. ``transaction=True`` would flush the
registry and sections that tests/conftest.py loads once for the whole session, so it is not used here;
``scripts/faults/postgres_restart.py`` and ``scripts/faults/readers_writers.py`` check real
commits against a real server.
"""

import contextlib

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.models import (
    Page,
    PageLogEntry,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.signals import page_published, post_page_move

from portal.accounts.models import MODERATORS_GROUP
from portal.practices.models import PracticePage
from portal.search.models import SearchEntry
from tests.accounts.conftest import make_user
from tests.factories.admin_forms import editor_form_data, practice_form
from tests.factories.core import PortalDocumentFactory
from tests.factories.pages import (
    InstitutionPageFactory,
    ManualPageFactory,
    PracticePageFactory,
    publish,
)

pytestmark = pytest.mark.django_db


class Injected(RuntimeError):
    """The fault injected after the write."""


@contextlib.contextmanager
def fault_on(signal, sender=None, when=lambda **kwargs: True):
    """Raise ``Injected`` from a receiver of ``signal``; yields the list of calls seen."""
    calls = []

    def receiver(**kwargs):
        if when(**kwargs):
            calls.append(kwargs)
            raise Injected("fault injected after the write")

    signal.connect(receiver, sender=sender, weak=False, dispatch_uid="atomic-writes-fault")
    try:
        yield calls
    finally:
        signal.disconnect(sender=sender, dispatch_uid="atomic-writes-fault")


@contextlib.contextmanager
def fault_after_hook(hook_name: str):
    """Raise ``Injected`` from a Wagtail admin hook; yields the counts seen when it ran."""
    calls = []

    def hook(request, page):
        calls.append(snapshot())
        raise Injected(f"fault injected in {hook_name}")

    with hooks.register_temporarily(hook_name, hook):
        yield calls


def snapshot() -> dict:
    """What a write could leave behind, counted."""
    return {
        "pages": Page.objects.count(),
        "live_pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "search_entries": SearchEntry.objects.count(),
        "workflow_states": list(
            WorkflowState.objects.order_by("pk").values_list("pk", "status", "current_task_state")
        ),
        "task_states": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    }


def page_row(page_id: int) -> dict:
    return (
        Page.objects.filter(pk=page_id)
        .values(
            "title",
            "draft_title",
            "slug",
            "url_path",
            "path",
            "live",
            "has_unpublished_changes",
            "latest_revision_id",
            "live_revision_id",
            "last_published_at",
            "locked",
        )
        .first()
    )


def assert_server_error(response, calls):
    assert calls, "the injected fault never ran: the test did not reach the write"
    assert response.status_code == 500, response.status_code


@pytest.fixture
def penalolen():
    return publish(InstitutionPageFactory(title="Municipalidad de Peñalolén"))


@pytest.fixture
def admin_client(client):
    root = make_user("raiz@red.example")
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    client.raise_request_exception = False
    return client


@pytest.fixture
def practice(penalolen, django_capture_on_commit_callbacks):
    """A published practice with its search entry (written at commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        return publish(PracticePageFactory(parent=penalolen))


def test_save_draft_is_rolled_back_when_the_request_fails_late(admin_client, practice):
    url = f"/admin/pages/{practice.pk}/edit/"
    data = editor_form_data(admin_client, url, title="Título que no debe quedar")
    before, row = snapshot(), page_row(practice.pk)
    # after_edit_page runs once the revision, the page and the log entry are saved, outside
    # Wagtail's own transaction: only the request's transaction can undo them.
    with fault_after_hook("after_edit_page") as calls:
        response = admin_client.post(url, data)
    assert_server_error(response, calls)
    assert calls[0]["revisions"] == before["revisions"] + 1
    assert snapshot() == before
    assert page_row(practice.pk) == row
    assert not Revision.objects.filter(
        object_id=str(practice.pk), content__title="Título que no debe quedar"
    ).exists()


def test_publishing_a_new_page_leaves_nothing_when_the_request_fails_late(admin_client, penalolen):
    data = practice_form(admin_client, penalolen, "Página atómica", "pagina-atomica")
    before = snapshot()
    with fault_on(page_published) as calls:
        response = admin_client.post(
            f"/admin/pages/add/practices/practicepage/{penalolen.pk}/",
            {**data, "action-publish": "action-publish"},
        )
    assert_server_error(response, calls)
    # The page had been created, revised, published and entered in the search when it failed.
    assert calls[0]["instance"].live
    assert not Page.objects.filter(slug="pagina-atomica").exists()
    assert snapshot() == before


def test_publishing_an_edit_is_rolled_back_when_the_request_fails_late(admin_client, practice):
    url = f"/admin/pages/{practice.pk}/edit/"
    data = editor_form_data(admin_client, url, title="Publicación que no debe quedar")
    before, row = snapshot(), page_row(practice.pk)
    entry = SearchEntry.objects.filter(page_id=practice.pk).values("title", "updated_at").first()
    assert entry is not None
    with fault_on(page_published) as calls:
        response = admin_client.post(url, {**data, "action-publish": "action-publish"})
    assert_server_error(response, calls)
    assert calls[0]["instance"].title == "Publicación que no debe quedar"
    assert snapshot() == before
    assert page_row(practice.pk) == row
    assert (
        SearchEntry.objects.filter(page_id=practice.pk).values("title", "updated_at").first()
        == entry
    )


def test_a_move_is_rolled_back_when_the_request_fails_late(admin_client, practice):
    destination = publish(InstitutionPageFactory(title="Nezahualcóyotl"))
    before, row = snapshot(), page_row(practice.pk)
    descendants = list(
        Page.objects.descendant_of(practice, inclusive=True).values_list("pk", "path", "url_path")
    )
    with fault_on(post_page_move) as calls:
        response = admin_client.post(
            reverse("wagtailadmin_pages:move_confirm", args=[practice.pk, destination.pk])
        )
    assert_server_error(response, calls)
    assert Page.objects.get(pk=practice.pk).get_parent().pk != destination.pk
    assert page_row(practice.pk) == row
    assert snapshot() == before
    assert list(
        Page.objects.filter(pk__in=[d[0] for d in descendants])
        .order_by("path")
        .values_list("pk", "path", "url_path")
    ) == sorted(descendants, key=lambda d: d[1])


def test_a_delete_is_rolled_back_when_the_request_fails_late(admin_client, practice):
    before, row = snapshot(), page_row(practice.pk)
    # after_delete_page runs once the page, its revisions and its search entry are gone (inside
    # the delete view's own transaction, which Wagtail adds; ATOMIC_REQUESTS covers it too).
    with fault_after_hook("after_delete_page") as calls:
        response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[practice.pk]))
    assert_server_error(response, calls)
    assert calls[0]["pages"] < before["pages"]
    assert PracticePage.objects.filter(pk=practice.pk, live=True).exists()
    assert page_row(practice.pk) == row
    assert snapshot() == before


def test_a_workflow_approval_is_rolled_back_when_the_request_fails_late(
    client, penalolen, monkeypatch
):
    editor = make_user("editora@penalolen.example", groups=[penalolen.access.editors])
    moderator = make_user(
        "moderacion@red.example", groups=[Group.objects.get(name=MODERATORS_GROUP)]
    )
    client.force_login(editor)
    data = practice_form(client, penalolen, "Práctica en revisión", "practica-en-revision")
    response = client.post(
        f"/admin/pages/add/practices/practicepage/{penalolen.pk}/",
        {**data, "action-submit": "action-submit"},
    )
    assert response.status_code == 302
    page = PracticePage.objects.get(slug="practica-en-revision")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state

    moderator_client = client.__class__()
    moderator_client.force_login(moderator)
    moderator_client.raise_request_exception = False
    before, row = snapshot(), page_row(page.pk)
    # The task's on_action (its own transaction) approves, finishes the workflow and publishes;
    # the fault comes right after it returns, before the view answers.
    task_class = type(task_state.task.specific)
    original = task_class.on_action
    calls = []

    def on_action_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)
        calls.append({"live": Page.objects.get(pk=page.pk).live})
        raise Injected("fault injected after the approval")

    monkeypatch.setattr(task_class, "on_action", on_action_then_fail)
    response = moderator_client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Bien documentada."},
    )
    assert_server_error(response, calls)
    assert calls[0]["live"], "the approval had published the page when the request failed"
    assert snapshot() == before
    assert page_row(page.pk) == row
    assert not row["live"]
    state.refresh_from_db()
    task_state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert client.__class__().get(f"{penalolen.url}practica-en-revision/").status_code == 404


# The middleware's rules, on small views (this module is their URLconf: ``pytest.mark.urls``).


def _depth() -> int:
    return len(connection.atomic_blocks)


def _report_depth(request):
    return JsonResponse({"depth": _depth()})


def _write_then_fail(request):
    Group.objects.create(name="escrita-y-fallida")
    raise Injected("fault injected after the write")


@transaction.non_atomic_requests
def _report_depth_non_atomic(request):
    return _report_depth(request)


@transaction.non_atomic_requests
def _write_then_fail_non_atomic(request):
    return _write_then_fail(request)


urlpatterns = [
    path("depth/", _report_depth),
    path("write-then-fail/", _write_then_fail),
    path("non-atomic/depth/", _report_depth_non_atomic),
    path("non-atomic/write-then-fail/", _write_then_fail_non_atomic),
]
MAY_WRITE = ["POST", "PUT", "PATCH", "DELETE"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", MAY_WRITE)
def test_a_request_that_may_write_runs_its_view_in_one_transaction(client, method):
    # The test's own transaction is one block; the request's view runs one block deeper.
    response = client.generic(method, "/depth/")
    assert response.json() == {"depth": _depth() + 1}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_request_that_reads_runs_without_a_transaction(client, method):
    response = client.generic(method, "/depth/")
    assert response.status_code == 200
    if method != "HEAD":
        assert response.json() == {"depth": _depth()}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", MAY_WRITE)
def test_a_failed_request_that_may_write_leaves_nothing(client, method):
    client.raise_request_exception = False
    response = client.generic(method, "/write-then-fail/")
    assert response.status_code == 500
    assert not Group.objects.filter(name="escrita-y-fallida").exists()


@pytest.mark.urls(__name__)
def test_a_view_marked_non_atomic_runs_without_a_transaction(client):
    # OAI-PMH's endpoint is one (harvesters may POST, and only read): Django's own marker.
    assert client.post("/non-atomic/depth/").json() == {"depth": _depth()}
    client.raise_request_exception = False
    assert client.post("/non-atomic/write-then-fail/").status_code == 500
    assert Group.objects.filter(name="escrita-y-fallida").exists()


def test_settings_use_the_middleware_not_atomic_requests():
    assert settings.MIDDLEWARE[-1] == "portal.core.transactions.AtomicWritesMiddleware"
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is False
    if connection.vendor == "sqlite":
        options = settings.DATABASES["default"]["OPTIONS"]
        assert options["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in options["init_command"]
        assert options["timeout"] >= 5


# Public reads, through the whole stack.

READS = [
    "/",
    "/en/",
    "/practicas/",
    "/practicas/?page=2",
    "{institution}",
    "{practice}",
    "{manual}",
    "/buscar/?q=violencia",
    "/sitemap.xml",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "/api/v1/practices/",
    "/robots.txt",
    "/healthz",
]


@pytest.fixture
def public_content(penalolen, django_capture_on_commit_callbacks):
    """What the reads show (more practices than a listing page holds, search entries written
    at commit, two documents): name -> address."""
    with django_capture_on_commit_callbacks(execute=True):
        practices = [
            publish(PracticePageFactory(parent=penalolen, title=f"Prevención de la violencia {n}"))
            for n in range(13)
        ]
        manual = publish(ManualPageFactory(parent=penalolen))
    documents = [PortalDocumentFactory(), PortalDocumentFactory()]
    yield {
        "institution": penalolen.url,
        "practice": practices[0].url,
        "manual": manual.url,
        "documents": [document.url for document in documents],
    }
    for document in documents:
        document.file.storage.delete(document.file.name)


def test_public_reads_open_no_transaction(client, public_content):
    """No statement of a public read runs in a transaction (on SQLite, one would begin by
    taking the write lock). PostgreSQL's search plans its statements in a read-only transaction
    (``vectors.planner``), which takes no lock, so it is left out there.

    Each address is visited once before: a first display may store something (a document's
    size, when it was saved without one; Wagtail then updates its reference
    index in a transaction of its own). Those writes wait for the lock like any other."""
    reads = [
        p.format(**public_content)
        for p in READS
        if connection.vendor == "sqlite" or "buscar" not in p
    ]
    reads += public_content["documents"]
    for read in reads:
        client.get(read)
    base = _depth()
    seen = []

    def record(execute, sql, params, many, context):
        # A union's parts come in parentheses on PostgreSQL: "(SELECT ...) UNION ALL (...)".
        verb = sql.lstrip("( \n").split(None, 1)[0].upper()
        seen.append((read, _depth() - base, verb, sql[:80]))
        return execute(sql, params, many, context)

    for read in reads:
        with connection.execute_wrapper(record):
            response = client.get(read)
        assert response.status_code == 200, read
    assert seen, "the reads ran no SQL at all: the check saw nothing"
    in_transaction = [(read, sql) for read, depth, _verb, sql in seen if depth]
    writes = [(read, sql) for read, _d, verb, sql in seen if verb not in ("SELECT", "WITH")]
    assert not in_transaction, in_transaction[:5]
    assert not writes, writes[:5]
