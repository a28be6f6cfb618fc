"""The isolation matrix's machinery: the world of institutions A and B, the admin URLs and the
calls made with B's objects, and what must not change.

An editor of institution A can neither change nor read institution B's work. Every admin URL
that takes an object (page, revision, document, image, collection, workflow state, user, group,
join request, snippet…) is found by walking the URL configuration and called, with B's IDs, as
an editor of A, by GET and by POST with plausible data (for move and copy both with B as the
source and with B as the destination). Every admin URL without an object is called by GET,
plain and with a search for the secret marker. An attempt is *allowed* (a failure) when:

- the response contains the marker carried by B's unpublished drafts, its private live pages
  (login, password, under a private parent), documents and images,
- or B's data (or A's subtree, for copies and moves) changed,
- or a view that is not in ``READ_ONLY_VIEWS`` answered 2xx for B's object (it served a form
  or an action on it instead of refusing).

403, 404, 405, 400 and redirects that change nothing are refusals. Each attempt runs in a
savepoint that is rolled back, so one attempt cannot hide another.

The admin URLs are split into families (``family``), one test module each; every URL belongs to
exactly one. The content types come from the registry (``portal.core.content``): a newly
registered type under institutions is in the matrix with no test change. A URL argument or a
URL with an object that the matrix does not know makes the test fail.
"""

import datetime
import io
import json
import re
import time
from collections import Counter
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Site,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from portal.accounts.models import InstitutionAccess, JoinRequest
from portal.core import content
from portal.core.models import PreventionApproach, PreventionLevel, TargetPopulation, Theme
from portal.exchanges.models import CooperationIndexPage, FundPage, ProjectPage
from portal.funding.models import Edition
from portal.institutions.models import Country, InstitutionPage
from portal.observatories.models import ObservatoryReportPage
from portal.programs.models import PreventionModel
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.core import (
    PreventionApproachFactory,
    PreventionLevelFactory,
    TargetPopulationFactory,
    ThemeFactory,
)
from tests.factories.exchanges import FundPageFactory
from tests.factories.funding import EditionFactory
from tests.factories.institutions import InstitutionPageFactory
from tests.factories.pages import (
    ObservatoryPageFactory,
    PracticePageFactory,
    ProgramPageFactory,
    publish,
    restrict,
    section,
)
from tests.factories.programs import PreventionModelFactory

MARK = "SECRETO-B"
VOCABULARIES = [Theme, TargetPopulation, PreventionApproach, PreventionLevel, PreventionModel]
VOCABULARY_FACTORIES = [
    ThemeFactory,
    TargetPopulationFactory,
    PreventionApproachFactory,
    PreventionLevelFactory,
    PreventionModelFactory,
]

# Views whose 2xx answer for B's object is fine as long as the marker does not appear in it:
# they read what is public anyway (live pages, the tree) and change nothing.
READ_ONLY_VIEWS = {
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
    "wagtailadmin_pages:choose_parent",
    "wagtailadmin_tag_model_autocomplete",
    # Only ever deletes the requesting user's own session (filtered by request.user).
    "wagtailadmin_editing_sessions:release",
}
# The vocabularies are global and public: choosing one is not reaching into B.
READ_ONLY_VIEWS |= {
    f"wagtailsnippetchoosers_{m._meta.app_label}_{m._meta.model_name}:chosen" for m in VOCABULARIES
}

# Admin URLs that take no object of B at all (or that the matrix must not call), and why.
NO_OBJECT_OF_B = {
    "wagtailadmin_logout": "ends the test session; no object",
    "wagtailadmin_login": "redirected to allauth; no object",
    "wagtailadmin_password_reset": "disabled (redirected to allauth); no object",
    "wagtailadmin_password_reset_done": "disabled; no object",
    "wagtailadmin_password_reset_confirm": "disabled; takes a token, no object",
    "wagtailadmin_password_reset_complete": "disabled; no object",
    "wagtailadmin_error_test": "raises on purpose (error page test)",
    "wagtailadmin_sprite": "static icons",
    "wagtailadmin_javascript_catalog": "static translations",
    "admin/login/": "unnamed: the portal's redirect to the allauth sign-in",
    "admin/test404/": "unnamed: Wagtail's 404 test page",
}

# The public (non-admin) routes that may exist without writing: anything else under an API
# prefix must be added to this matrix before it is mounted.
API_ROUTE = re.compile(r"(^|/)api(/|$)|\^?api", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Helpers


class FormFields(HTMLParser):
    """Collect the named fields of every <form> in a page: {form action: [(name, value)]}."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.current = None
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"action": attrs.get("action", ""), "fields": []}
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.current["fields"].append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "selected": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["selected"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea" and self.textarea is not None:
            if self.current is not None:
                self.current["fields"].append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if self.current is not None and self.select["selected"]:
                for value in self.select["selected"]:
                    self.current["fields"].append((self.select["name"], value))
            self.select = None


def editor_form_data(client, url, **overrides):
    """The data an administrator's browser would post from the editor form at ``url``."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = FormFields()
    parser.feed(response.content.decode())
    form = max(parser.forms, key=lambda f: len(f["fields"]))
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    data = {name: values if len(values) > 1 else values[0] for name, values in data.items()}
    data.update(overrides)
    return data


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace") + " " + response.get("Location", "")


def fill_required(page):
    """Give a new page of any content type the values its required fields need."""
    for field in page._meta.concrete_fields:
        if field.model is Page or field.blank or field.has_default() or field.null:
            continue
        if getattr(page, field.attname) in (None, "") and field.get_internal_type() in (
            "CharField",
            "TextField",
        ):
            setattr(page, field.attname, "x")
    if hasattr(page, "summary") and not page.summary:
        page.summary = "Resumen."


def small_png() -> ContentFile:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="secreto.png")


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def url_arguments(pattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


# --------------------------------------------------------------------------------------------
# The world: institution A with its editor, institution B (in another country) with drafts of
# every registered content type, documents, images, a join request, locks and workflows.


class World:
    pass


def content_models_under_institutions():
    return [
        entry
        for entry in content.content_types()
        if InstitutionPage in entry.model.allowed_parent_page_models()
    ]


def build_world() -> World:
    w = World()
    Document, Image = get_document_model(), get_image_model()
    w.a = publish(InstitutionPageFactory(title="Institución A", municipal=True))
    mexico = Country.objects.get(code="MX")
    w.b = publish(
        InstitutionPageFactory(
            title="Institución B", municipal=True, municipality__country=mexico, country=mexico
        )
    )
    w.a_access = InstitutionAccess.objects.get(institution=w.a)
    w.b_access = InstitutionAccess.objects.get(institution=w.b)

    def user(email, *groups):
        return UserFactory(username=email.split("@")[0], email=email, groups=groups)

    w.editor_a = user("editora-a@example.org", w.a_access.editors)
    w.editor_b = user("editora-b@example.org", w.b_access.editors)
    w.manager_b = user("gestora-b@example.org", w.b_access.managers)
    w.applicant = user("postulante@example.org")
    w.admin = get_user_model().objects.create_superuser("raiz", "raiz@example.org", PASSWORD)
    w.moderators = Group.objects.get(name="Moderators")

    w.entries = content_models_under_institutions()
    assert len(w.entries) >= 6, [e.key for e in w.entries]
    w.b_pages = {}  # key -> (live page with a secret draft, never-published secret draft)
    for entry in w.entries:
        live = entry.model(title=f"Publicada {entry.key}", slug=f"publicada-{entry.key}-b")
        fill_required(live)
        w.b.add_child(instance=live)
        live.save_revision(user=w.editor_b).publish()
        live.refresh_from_db()
        live.title = f"{MARK}-{entry.key} borrador"
        live.save_revision(user=w.editor_b)
        draft = entry.model(title=f"{MARK}-{entry.key} nunca publicado", live=False)
        draft.slug = f"secreto-{entry.key}-b"
        fill_required(draft)
        w.b.add_child(instance=draft)
        draft.save_revision(user=w.editor_b)
        # The live page's draft waits for moderation; the other is locked by B's manager.
        live.get_workflow().start(live, w.editor_b)
        Page.objects.filter(pk=draft.pk).update(
            locked=True, locked_by=w.manager_b, locked_at=timezone.now()
        )
        w.b_pages[entry.key] = (live.specific_class.objects.get(pk=live.pk), draft)
    w.all_b_pages = [w.b] + [page for pair in w.b_pages.values() for page in pair]

    # Cooperation funds: A's editor also coordinates fund A. Fund B, another fund, has a live
    # project with a secret draft waiting for review and a never-published one.
    w.fund_a = publish(FundPageFactory(title="Fondo A"))
    w.editor_a.groups.add(w.fund_a.access.coordinators)
    w.fund_b = FundPage(title="Fondo B", slug="fondo-b", summary="Fondo de B.")
    section(CooperationIndexPage).add_child(instance=w.fund_b)
    w.fund_b.save_revision().publish()
    w.coordinator_b = user("coordinadora-b@example.org", w.fund_b.access.coordinators)
    project = ProjectPage(title="Proyecto de B", slug="proyecto-de-b", summary="Resumen.")
    w.fund_b.add_child(instance=project)
    project.save_revision(user=w.coordinator_b).publish()
    project.refresh_from_db()
    project.title = f"{MARK}-proyecto borrador"
    project.save_revision(user=w.coordinator_b)
    project.get_workflow().start(project, w.coordinator_b)
    secret = ProjectPage(
        title=f"{MARK}-proyecto nunca publicado", slug="secreto-proyecto-b", summary="x", live=False
    )
    w.fund_b.add_child(instance=secret)
    secret.save_revision(user=w.coordinator_b)
    w.fund_b_pages = [w.fund_b, ProjectPage.objects.get(pk=project.pk), secret]
    w.all_b_pages += w.fund_b_pages

    # Live pages of B that only a signed-in visitor or a password holder may see, and a report
    # under a private observatory: choosers and every other view treat them like drafts.
    practice = publish(PracticePageFactory(parent=w.b, title=f"{MARK}-privada con sesion"))
    restrict(practice, "login")
    program = publish(ProgramPageFactory(parent=w.b, title=f"{MARK}-privada con clave"))
    restrict(program, "password")
    observatory = publish(ObservatoryPageFactory(parent=w.b, title=f"{MARK}-observatorio privado"))
    restrict(observatory, "login")
    report = ObservatoryReportPage(
        title=f"{MARK}-informe bajo privado", summary="x", date=datetime.date(2023, 5, 1)
    )
    fill_required(report)
    observatory.add_child(instance=report)
    w.b_private = [practice, program, observatory, publish(report)]
    w.all_b_pages += w.b_private

    w.a_page = w.entries[0].model(title="Página de A", slug="pagina-de-a")
    fill_required(w.a_page)
    w.a.add_child(instance=w.a_page)
    w.a_page.save_revision(user=w.editor_a).publish()

    w.b_collection = w.b_access.collection
    w.a_collection = w.a_access.collection
    w.b_document = Document.objects.create(
        title=f"{MARK} documento",
        file=ContentFile(b"secreto", name="secreto.txt"),
        collection=w.b_collection,
        uploaded_by_user=w.editor_b,
    )
    w.b_image = Image.objects.create(
        title=f"{MARK} imagen",
        file=small_png(),
        collection=w.b_collection,
        uploaded_by_user=w.editor_b,
    )
    w.join_request = JoinRequest.objects.create(
        user=w.applicant, institution=w.b, message=f"{MARK} quiero entrar"
    )
    # One row of every vocabulary (snippet URLs and bulk actions take the first one).
    for model, make in zip(VOCABULARIES, VOCABULARY_FACTORIES, strict=True):
        if not model.objects.exists():
            make()
    w.theme = Theme.objects.first()
    # A published edition of the funding index: moderators' business, never an editor's.
    w.edition = EditionFactory()
    Edition.objects.filter(pk=w.edition.pk).update(
        status=Edition.Status.PUBLISHED, published_at=timezone.now()
    )
    w.edition.refresh_from_db()
    w.workflow = Workflow.objects.get(workflow_pages__page__depth=1)
    w.task = Task.objects.filter(workflow_tasks__workflow=w.workflow).first()
    # B's editor has started translating the secret draft of B's first page into English.
    english, _ = Locale.objects.get_or_create(language_code="en")
    secret = w.b_pages[w.entries[0].key][0].get_latest_revision_as_object()
    w.b_source, _ = TranslationSource.get_or_create_from_instance(secret)
    w.b_translation = Translation.objects.create(source=w.b_source, target_locale=english)
    w.b_translation.save_target(user=w.editor_b, publish=False)  # an English draft of it
    w.b_string_segment = StringSegment.objects.filter(source=w.b_source).first()
    w.b_override = OverridableSegment.objects.filter(source=w.b_source).first()
    return w


# --------------------------------------------------------------------------------------------
# What must not change


def snapshot(w):
    Document, Image = get_document_model(), get_image_model()
    tree = Page.objects.filter(
        Q(path__startswith=w.a.path)
        | Q(path__startswith=w.b.path)
        | Q(path__startswith=w.fund_a.path)
        | Q(path__startswith=w.fund_b.path)
    )
    page_ids = list(tree.values_list("pk", flat=True))
    users = [w.editor_a, w.editor_b, w.manager_b, w.applicant]
    state = {
        "pages": list(
            tree.order_by("pk").values_list(
                "pk",
                "path",
                "title",
                "draft_title",
                "slug",
                "live",
                "has_unpublished_changes",
                "latest_revision_id",
                "live_revision_id",
                "locked",
                "locked_by_id",
                "url_path",
                "expire_at",
                "go_live_at",
                "owner_id",
            )
        ),
        "page count": Page.objects.count(),
        "translations": list(
            Translation.objects.order_by("pk").values_list("pk", "enabled", "target_locale_id")
        ),
        "string translations": list(
            StringTranslation.objects.order_by("pk").values_list("pk", "data")
        ),
        "marked pages elsewhere": list(
            Page.objects.filter(Q(title__contains=MARK) | Q(draft_title__contains=MARK))
            .exclude(path__startswith=w.b.path)
            .exclude(path__startswith=w.fund_b.path)
            .values_list("pk", flat=True)
        ),
        "revisions": list(
            Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids])
            .order_by("pk")
            .values_list("pk", "approved_go_live_at")
        ),
        "revision count": Revision.objects.count(),
        "view restrictions": list(
            PageViewRestriction.objects.filter(page_id__in=page_ids).values_list(
                "page_id", "restriction_type", "password"
            )
        ),
        "workflow pages": list(
            WorkflowPage.objects.order_by("pk").values_list("page_id", "workflow_id")
        ),
        "workflows": list(Workflow.objects.order_by("pk").values_list("pk", "name", "active")),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "name", "active")),
        "workflow states": list(
            WorkflowState.objects.order_by("pk").values_list(
                "pk", "status", "current_task_state_id"
            )
        ),
        "task states": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
        "documents": list(
            Document.objects.filter(Q(collection=w.b_collection) | Q(pk=w.b_document.pk))
            .order_by("pk")
            .values_list("pk", "title", "collection_id", "file")
        ),
        "images": list(
            Image.objects.filter(Q(collection=w.b_collection) | Q(pk=w.b_image.pk))
            .order_by("pk")
            .values_list("pk", "title", "collection_id", "file", "focal_point_x")
        ),
        "collections": list(Collection.objects.order_by("pk").values_list("pk", "name", "path")),
        "join requests": list(
            JoinRequest.objects.order_by("pk").values_list("pk", "status", "message")
        ),
        "users": [
            (
                u.pk,
                u.is_active,
                u.is_superuser,
                u.email,
                sorted(u.groups.values_list("pk", flat=True)),
            )
            for u in get_user_model().objects.filter(pk__in=[u.pk for u in users]).order_by("pk")
        ],
        "group permissions": list(
            Group.objects.filter(
                pk__in=[
                    w.a_access.editors_id,
                    w.a_access.managers_id,
                    w.b_access.editors_id,
                    w.b_access.managers_id,
                    w.moderators.pk,
                ]
            )
            .annotate(
                n_perms=Count("permissions", distinct=True),
                n_page=Count("page_permissions", distinct=True),
                n_collection=Count("collection_permissions", distinct=True),
            )
            .order_by("pk")
            .values_list("pk", "name", "n_perms", "n_page", "n_collection")
        ),
        "vocabularies": [
            list(model.objects.order_by("pk").values_list("pk", "name", "slug"))
            for model in VOCABULARIES
        ],
        "sites": list(
            Site.objects.values_list("pk", "hostname", "root_page_id", "is_default_site")
        ),
        "locales": list(Locale.objects.values_list("pk", "language_code")),
    }
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect

    state["redirects"] = Redirect.objects.count()
    state["editing sessions of B"] = list(
        EditingSession.objects.exclude(user=w.editor_a).values_list("pk", "object_id")
    )
    return state


def quick_state():
    """A cheap change detector for GETs: Wagtail logs and versions every write it makes."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    Document, Image = get_document_model(), get_image_model()
    return {
        f"last {model.__name__}": list(
            model.objects.order_by("-pk").values_list("pk", flat=True)[:1]
        )
        for model in (
            PageLogEntry,
            ModelLogEntry,
            Revision,
            Page,
            Document,
            Image,
            Collection,
            TaskState,
            PageViewRestriction,
        )
    } | {"locked pages": Page.objects.filter(locked=True).count()}


def differences(before, after) -> list[str]:
    return [key for key in before if before[key] != after[key]]


# --------------------------------------------------------------------------------------------
# The matrix


class Matrix:
    def __init__(self, w, client):
        self.w = w
        self.client = client
        self.baseline = snapshot(w)
        self.quick_baseline = quick_state()
        self.attempts = 0
        self.allowed = []
        self.errors = []
        self.covered = set()
        self.by_label = Counter()
        self.snap_time = 0.0

    def attempt(self, label, method, url, data=None, *, read_only=False, leak_only=False, **extra):
        """One call as A's editor, rolled back afterwards; records whether it got through."""
        self.attempts += 1
        self.covered.add(label)
        self.by_label[label] += 1
        why = None
        try:
            with transaction.atomic():
                if method == "GET":
                    response = self.client.get(url, data or {}, **extra)
                elif method != "POST":
                    response = self.client.generic(
                        method, url, data or "", content_type="application/json", **extra
                    )
                elif isinstance(data, str):
                    response = self.client.post(url, data, content_type="application/json", **extra)
                else:
                    response = self.client.post(url, data or {}, **extra)
                t0 = time.perf_counter()
                if method == "GET":
                    changed = differences(self.quick_baseline, quick_state())
                else:
                    changed = differences(self.baseline, snapshot(self.w))
                self.snap_time += time.perf_counter() - t0
                transaction.set_rollback(True)
        except Exception as error:  # a crash is not an isolation hole, but must be looked at
            self.errors.append(f"{label} {method} {url}: {type(error).__name__}: {error}"[:300])
            return None
        body = body_of(response)
        # Flash messages ride in a cookie to the next page: judge them with this attempt.
        cookie = response.cookies.get("messages")
        if cookie is not None:
            from django.contrib.messages.storage.cookie import CookieStorage
            from django.http import HttpRequest

            decoded = CookieStorage(HttpRequest())._decode(cookie.value) or []
            body += " " + " ".join(str(message) for message in decoded)
            self.client.cookies.pop("messages", None)
        status = response.status_code
        if changed:
            why = f"changed {', '.join(changed)} (HTTP {status})"
        elif MARK in body:
            at = body.index(MARK)
            excerpt = " ".join(body[max(0, at - 80) : at + 40].split())
            why = f"leaks the marker (HTTP {status}): …{excerpt}…"
        elif 200 <= status < 300 and not (read_only or leak_only):
            why = f"HTTP {status}: served B's object instead of refusing"
        if why:
            self.allowed.append(f"{label} {method} {url}: {why}")
        return response

    def report(self) -> str:
        lines = [f"isolation matrix: {self.attempts} attempts, {len(self.allowed)} allowed"]
        lines += [f"  ALLOWED {line}" for line in self.allowed]
        if self.errors:
            lines.append(f"  ({len(self.errors)} attempts crashed, counted as refused:)")
            lines += [f"  error {line}" for line in self.errors]
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# URL arguments: which of B's objects each one takes


def snippet_models():
    from wagtail.snippets.models import get_snippet_models

    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in get_snippet_models()}


def pk_kind(name: str) -> str | None:
    """What ``pk`` means in the URL called ``name`` (by its namespace)."""
    namespace = name.rsplit(":", 1)[0]
    if name == "wagtailadmin_pages:revisions_compare" or namespace == "wagtailadmin_api:pages":
        return "page"
    if namespace in ("wagtailadmin_api:documents", "wagtaildocs_chooser"):
        return "document"
    if namespace in ("wagtailadmin_api:images", "wagtailimages_chooser"):
        return "image"
    if namespace == "wagtailadmin_collections":
        return "collection"
    if name in (
        "wagtailadmin_workflows:edit_task",
        "wagtailadmin_workflows:enable_task",
        "wagtailadmin_workflows:disable_task",
    ):
        return "task"
    if namespace == "wagtailadmin_workflows":
        return "workflow"
    if name == "accounts_admin:decide":
        return "join request"
    if name.startswith("funding_"):
        return "edition"
    if namespace == "wagtailsites":
        return "site"
    if namespace == "wagtailusers_users":
        return "user"
    if namespace == "wagtailusers_groups":
        return "group"
    if namespace == "wagtaillocales":
        return "locale"
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix) and namespace[len(prefix) :] in snippet_models():
            return "snippet"
    return None


class Cases:
    """Builds, for each admin URL, the calls to make with B's objects."""

    def __init__(self, w, admin_client):
        from wagtail.admin.models import EditingSession
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.models import UploadedFile

        self.w = w
        self.admin_client = admin_client
        self.live_pages = [pair[0] for pair in w.b_pages.values()]
        self.task_states = {
            int(ts.workflow_state.object_id): ts
            for ts in TaskState.objects.filter(
                workflow_state__object_id__in=[str(p.pk) for p in w.all_b_pages]
            ).select_related("workflow_state")
        }
        self.any_task_state = next(iter(self.task_states.values()))
        self.b_editing_session = EditingSession.objects.create(
            user=w.editor_b,
            content_type=ContentType.objects.get_for_model(Page),
            object_id=str(w.b.pk),
            last_seen_at=timezone.now(),
        )
        self.b_upload_doc = UploadedFile.objects.create(
            file=ContentFile(b"x", name="subida.txt"),
            for_content_type=ContentType.objects.get_for_model(get_document_model()),
            uploaded_by_user=w.editor_b,
        )
        self.b_upload_image = UploadedFile.objects.create(
            file=small_png(),
            for_content_type=ContentType.objects.get_for_model(get_image_model()),
            uploaded_by_user=w.editor_b,
        )
        self.redirect = Redirect.objects.create(old_path="/b-secreto", redirect_page=w.b)
        self._edit_data = {}
        self._add_data = {}
        self.preparing = True

    # Form data an administrator would post, for B's objects.
    def edit_data(self, page):
        if page.pk not in self._edit_data:
            assert self.preparing, "form payloads are read before the matrix's baseline"
            self._edit_data[page.pk] = editor_form_data(
                self.admin_client,
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                title="INTRUSO",
            )
        return self._edit_data[page.pk]

    def add_data(self, model):
        key = model._meta.label_lower
        if key not in self._add_data:
            assert self.preparing, "form payloads are read before the matrix's baseline"
            self._add_data[key] = editor_form_data(
                self.admin_client,
                reverse(
                    "wagtailadmin_pages:add",
                    args=[model._meta.app_label, model._meta.model_name, self.w.b.pk],
                ),
                title="INTRUSO",
                slug="intruso",
            )
        return self._add_data[key]

    def page_posts(self, name, page):
        w = self.w
        short = name.split(":")[-1]
        if short in ("revisions_revert", "preview_on_edit"):
            return [{**self.edit_data(page), "action-publish": "publish"}]
        if short == "edit":
            data = self.edit_data(page)
            return [
                data,
                {**data, "action-publish": "publish"},
                {**data, "action-submit": "submit"},
                {**data, "action-cancel-workflow": "cancel"},
            ]
        if short == "copy":
            return [
                {
                    "new_title": "COPIA",
                    "new_slug": "copia-intrusa",
                    "new_parent_page": w.a.pk,
                    "copy_subpages": "on",
                    "publish_copies": "on",
                },
                {"new_title": "COPIA", "new_slug": "copia-intrusa", "new_parent_page": w.b.pk},
            ]
        if short == "move":
            return [{"new_parent_page": w.a.pk}]
        if short == "set_privacy":
            return [{"restriction_type": "password", "password": "una-clave-larga-1"}]
        if short == "unpublish":
            return [{"include_descendants": "on"}]
        if short == "workflow_action":
            return [{"comment": "intruso"}]
        if short == "submit_page_translation":
            return [
                {
                    "locales": list(Locale.objects.values_list("pk", flat=True)),
                    "include_subtree": "on",
                }
            ]
        return [{}]

    def page_kwargs(self, name, args, page):
        kwargs = {}
        task_state = self.task_states.get(page.pk, self.any_task_state)
        for arg in args:
            if arg in ("page_id", "parent_page_id", "page_to_move_id", "page_pk") or arg == "pk":
                kwargs[arg] = page.pk
            elif arg == "revision_id":
                kwargs[arg] = page.latest_revision_id
            elif arg == "revision_id_a":
                kwargs[arg] = "earliest"
            elif arg == "revision_id_b":
                kwargs[arg] = "latest"
            elif arg == "task_state_id":
                kwargs[arg] = task_state.pk
            elif arg == "workflow_state_id":
                kwargs[arg] = task_state.workflow_state_id
            elif arg == "task_id":
                kwargs[arg] = task_state.task_id
            elif arg == "destination_id":
                kwargs[arg] = self.w.a.pk
            elif arg == "workflow_pk":
                kwargs[arg] = self.w.workflow.pk
            elif arg in ("action_name", "content_type_app_name", "content_type_model_name"):
                continue  # expanded below
            else:
                return None
        return kwargs

    def for_url(self, name, args, pages=None):
        """[(kwargs, label, [post data…], read_only)] for an admin URL, or None if unknown.

        ``pages``: the pages of B to call page URLs with (all of B's pages by default)."""
        w = self.w
        targets = w.all_b_pages if pages is None else pages
        namespace = name.rsplit(":", 1)[0] if ":" in name else ""
        read_only = name in READ_ONLY_VIEWS
        page_args = {"page_id", "parent_page_id", "page_to_move_id", "page_pk"}
        kinds = set(args)
        if kinds & page_args or (pk_kind(name) == "page" and "pk" in kinds):
            calls = []
            for page in targets:
                base = self.page_kwargs(name, args, page)
                if base is None:
                    return None
                variants = [base]
                if "action_name" in kinds and namespace == "wagtailadmin_api:pages":
                    from wagtail.admin.api.views import PagesAdminAPIViewSet

                    variants = [
                        {**base, "action_name": action} for action in PagesAdminAPIViewSet.actions
                    ]
                elif "action_name" in kinds:
                    variants = [{**base, "action_name": action} for action in ("approve", "reject")]
                if "content_type_app_name" in kinds:
                    # Adding under B's institution page, under one of its content pages, and
                    # a project under fund B.
                    if page.pk == w.fund_b.pk:
                        models_ = [ProjectPage]
                    elif page.pk in (w.b.pk, w.all_b_pages[1].pk):
                        models_ = [e.model for e in w.entries]
                    else:
                        continue
                    variants = [
                        {
                            **v,
                            "content_type_app_name": model._meta.app_label,
                            "content_type_model_name": model._meta.model_name,
                        }
                        for v in variants
                        for model in models_
                    ]
                for kwargs in variants:
                    calls.append((kwargs, self.page_call_posts(name, page, kwargs), read_only))
            # B as the destination of A's page.
            if w.b not in targets:
                return calls
            if name in ("wagtailadmin_pages:move", "wagtailadmin_pages:copy"):
                data = {"new_parent_page": w.b.pk, "new_title": "A EN B", "new_slug": "a-en-b"}
                calls.append(({args[0]: w.a_page.pk}, [data], True))  # A's own page
            if name == "wagtailadmin_pages:move_confirm":
                calls.append(
                    ({"page_to_move_id": w.a_page.pk, "destination_id": w.b.pk}, [{}], True)
                )
            return calls
        kind = pk_kind(name) if "pk" in kinds else None
        document, image = w.b_document, w.b_image
        objects = {
            "document": document.pk,
            "image": image.pk,
            "collection": w.b_collection.pk,
            "task": w.task.pk,
            "workflow": w.workflow.pk,
            "join request": w.join_request.pk,
            "site": Site.objects.get(is_default_site=True).pk,
            "user": w.manager_b.pk,
            "group": w.b_access.editors.pk,
            "locale": Locale.get_default().pk,
            "edition": w.edition.pk,
        }
        short = name.split(":")[-1]
        if kinds == {"pk"} and kind in objects:
            return [({"pk": objects[kind]}, self.object_posts(kind, short), read_only)]
        if kinds == {"pk"} and kind == "snippet":
            model = snippet_models()[namespace.split("_", 1)[1]]
            return [
                (
                    {"pk": model.objects.first().pk},
                    [{"name": "INTRUSO", "slug": "intruso"}, {}],
                    read_only,
                )
            ]
        if kinds <= {"document_id", "doc_id"} and kinds:
            (arg,) = kinds
            return [({arg: document.pk}, self.object_posts("document", short), read_only)]
        if "image_id" in kinds and kinds <= {"image_id", "filter_spec"}:
            kwargs = {"image_id": image.pk}
            if "filter_spec" in kinds:
                kwargs["filter_spec"] = "original"
            return [(kwargs, self.object_posts("image", short), read_only)]
        if kinds == {"collection_id"}:
            return [
                (
                    {"collection_id": w.b_collection.pk},
                    [{"restriction_type": "password", "password": "una-clave-larga-1"}],
                    False,
                )
            ]
        if kinds == {"pk", "decision"}:
            return [
                ({"pk": w.join_request.pk, "decision": d}, [{}], False)
                for d in ("approve", "refuse")
            ]
        if kinds == {"institution_pk", "user_pk"}:
            return [({"institution_pk": w.b.pk, "user_pk": w.editor_b.pk}, [{}], False)]
        if kinds == {"uploaded_file_id"}:
            upload = self.b_upload_doc if namespace == "wagtaildocs" else self.b_upload_image
            return [
                (
                    {"uploaded_file_id": upload.pk},
                    [{"title": "INTRUSO", "collection": w.a_collection.pk}],
                    False,
                )
            ]
        if kinds == {"session_id"}:
            return [({"session_id": self.b_editing_session.pk}, [{}], read_only)]
        if kinds == {"app_label", "model_name", "object_id", "session_id"}:
            return [
                (
                    {
                        "app_label": "wagtailcore",
                        "model_name": "page",
                        "object_id": str(p.pk),
                        "session_id": self.b_editing_session.pk,
                    },
                    [{"is_editing": "1"}],
                    False,
                )
                for p in targets
            ]
        if kinds == {"redirect_id"}:
            return [
                (
                    {"redirect_id": self.redirect.pk},
                    [{"old_path": "/intruso", "redirect_page": w.a.pk, "site": ""}, {}],
                    False,
                )
            ]
        if namespace == "wagtail_localize":
            return self.localize_calls(short, kinds)
        if name == "core_translation_submit":
            return [({"translation_id": w.b_translation.pk}, [{}], False)]
        if kinds == {"task_id"}:
            return [({"task_id": w.task.pk}, [{}], True)]
        if kinds == {"image_id"}:
            return [({"image_id": image.pk}, [{}], False)]
        return None

    def localize_calls(self, short, kinds):
        """wagtail-localize's URLs with B's translation, its source, segments and snippets."""
        w = self.w
        english = w.b_translation.target_locale_id
        translation = {"translation_id": w.b_translation.pk}
        if kinds == {"app_label", "model_name", "pk"} and short == "submit_snippet_translation":
            return [
                (
                    {
                        "app_label": m._meta.app_label,
                        "model_name": m._meta.model_name,
                        "pk": str(pk),
                    },
                    [{"locales": [english]}],
                    False,
                )
                for m in snippet_models().values()
                for pk in m.objects.values_list("pk", flat=True)[:1]
            ]
        if kinds <= {"app_label", "model_name", "pk"} and short.startswith("snippets_api"):
            # Vocabulary terms are public: reading them is not reaching into B.
            return [
                (
                    {
                        "app_label": m._meta.app_label,
                        "model_name": m._meta.model_name,
                        **(
                            {"pk": str(m.objects.values_list("pk", flat=True).first())}
                            if "pk" in kinds
                            else {}
                        ),
                    },
                    [],
                    m in VOCABULARIES,
                )
                for m in snippet_models().values()
                if m.objects.exists()
            ]
        if kinds == {"translation_source_id"}:
            return [
                ({"translation_source_id": w.b_source.pk}, [{"publish_translations": "on"}], False)
            ]
        if kinds == {"translation_id", "string_segment_id"}:
            kwargs = {**translation, "string_segment_id": w.b_string_segment.pk}
            return [(kwargs, [{"value": "INTRUSO"}], False)]
        if kinds == {"translation_id", "overridable_segment_id"}:
            segment = w.b_override.pk if w.b_override is not None else w.b_string_segment.pk
            return [({**translation, "overridable_segment_id": segment}, [{"value": ""}], False)]
        if kinds == {"translation_id", "mode"}:
            return [({**translation, "mode": "default"}, [{}], False)]
        if kinds == {"translation_id"}:
            posts = {
                "upload_pofile": [{"file": ContentFile(b'msgid "x"\nmsgstr "y"\n', name="b.po")}],
                "download_pofile": [],
                "preview_translation": [{}],
            }.get(short, [{}])
            return [(translation, posts, False)]
        return None

    def page_call_posts(self, name, page, kwargs):
        if name.startswith("wagtailadmin_api:pages:action"):
            import json

            action = kwargs["action_name"]
            body = {"destination_page_id": self.w.a.pk, "recursive": True}
            if action == "revert_to_page_revision":
                body = {"revision_id": page.latest_revision_id}
            elif action == "copy_for_translation":
                body = {"locale": "en"}
            elif action == "move":
                body = {"destination_page_id": self.w.a.pk, "position": "last-child"}
            return [json.dumps(body)]
        if name == "wagtailadmin_pages:add" or name == "wagtailadmin_pages:preview_on_add":
            model = ContentType.objects.get_by_natural_key(
                kwargs["content_type_app_name"], kwargs["content_type_model_name"]
            ).model_class()
            if page.pk != self.w.b.pk:
                return [{"title": "INTRUSO", "slug": "intruso"}]
            data = self.add_data(model)
            return [data, {**data, "action-publish": "publish"}]
        return self.page_posts(name, page)

    def object_posts(self, kind, short):
        w = self.w
        if kind == "document":
            if "multiple" in short:
                return [
                    {
                        f"doc-{w.b_document.pk}-title": "INTRUSO",
                        f"doc-{w.b_document.pk}-collection": w.a_collection.pk,
                    }
                ]
            return [{"title": "INTRUSO", "collection": w.a_collection.pk, "tags": ""}, {}]
        if kind == "image":
            if "multiple" in short:
                return [
                    {
                        f"image-{w.b_image.pk}-title": "INTRUSO",
                        f"image-{w.b_image.pk}-collection": w.a_collection.pk,
                    }
                ]
            if short == "select_format":
                return [
                    {
                        "image-chooser-insertion-format": "left",
                        "image-chooser-insertion-image_is_decorative": "on",
                    }
                ]
            return [
                {
                    "title": "INTRUSO",
                    "collection": w.a_collection.pk,
                    "tags": "",
                    "focal_point_x": "1",
                    "focal_point_y": "1",
                    "focal_point_width": "1",
                    "focal_point_height": "1",
                },
                {},
            ]
        if kind == "collection":
            return [{"name": "INTRUSO", "parent": w.a_collection.pk}, {}]
        if kind == "user":
            return [
                {
                    "username": "intrusa",
                    "email": "intrusa@example.org",
                    "first_name": "I",
                    "last_name": "N",
                    "is_active": "",
                    "groups": [w.a_access.editors.pk],
                },
                {},
            ]
        if kind == "group":
            return [{"name": "INTRUSO"}, {}]
        if kind in ("workflow", "task"):
            return [{"name": "INTRUSO", "active": ""}, {}]
        if kind == "site":
            return [{"hostname": "intruso.example.org", "port": "80", "root_page": w.a.pk}, {}]
        if kind == "locale":
            return [{"language_code": "en"}, {}]
        return [{}]


# --------------------------------------------------------------------------------------------
# The test


# --------------------------------------------------------------------------------------------
# Families of admin URLs, and running one


FAMILIES = (
    "pages",
    "choosers",
    "snippets",
    "documents and images",
    "admin api",
    "bulk actions",
    "workflows",
    "portal views",
    "administration",
)
PORTAL_VIEWS = (
    "accounts_admin",
    "core_translation",
    "exchanges_",
    "funding_",
    "programs_import",
    "observatories_import",
)


def family(name: str) -> str:
    """The family of the admin URL called ``name``: each test module runs one."""
    namespace = name.rsplit(":", 1)[0] if ":" in name else ""
    if name == "wagtail_bulk_action":
        return "bulk actions"
    if namespace.startswith("wagtailadmin_api"):
        return "admin api"
    if (
        name.startswith("wagtailadmin_choose_page")
        or namespace.endswith("_chooser")
        or namespace.startswith("wagtailsnippetchoosers_")
        or namespace == "wagtailembeds"
    ):
        return "choosers"
    if namespace.startswith("wagtailsnippets_") or name == (
        "simple_translation:submit_snippet_translation"
    ):
        return "snippets"
    if namespace in ("wagtaildocs", "wagtailimages", "wagtailadmin_collections") or name in (
        "wagtailadmin_tag_autocomplete",
        "wagtailadmin_tag_model_autocomplete",
    ):
        return "documents and images"
    if (
        namespace in ("wagtailadmin_pages", "wagtailadmin_editing_sessions", "wagtailforms")
        or name.startswith("wagtailadmin_explore")
        or name == "simple_translation:submit_page_translation"
    ):
        return "pages"
    if namespace == "wagtailadmin_workflows":
        return "workflows"
    if name.startswith(PORTAL_VIEWS):
        return "portal views"
    return "administration"


def page_groups(w) -> dict[str, list]:
    """B's pages in groups, one per registered content type and the institution, its funds and
    its private pages: the page family runs one group per test."""
    groups = {"institution": [w.b]}
    groups |= {key: list(pair) for key, pair in w.b_pages.items()}
    groups |= {"funds": w.fund_b_pages, "private": w.b_private}
    return groups


def prepared_cases(w, pages=None, *, forms=True) -> Cases:
    """The calls' form payloads (edit and add forms, read as an administrator; only the page
    family posts them), prepared before the first attempt."""
    admin_client = Client()
    admin_client.force_login(w.admin)
    cases = Cases(w, admin_client)
    targets = w.all_b_pages if pages is None else pages
    for page in targets if forms else ():
        cases.edit_data(page)
    if forms and w.b in targets:
        for entry in w.entries:
            cases.add_data(entry.model)
    cases.preparing = False
    return cases


PAGE_ARGS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk", "object_id"}


def run(w, client, wanted: str, pages=None) -> Matrix:
    """Every admin URL of the family ``wanted``, as A's editor. ``pages`` narrows the page
    family to some of B's pages (with A's page moved or copied into B for the institution)."""
    cases = prepared_cases(w, pages, forms=wanted == "pages")
    client.force_login(w.editor_a)
    matrix = Matrix(w, client)
    matrix.unmapped = []
    matrix.object_urls = 0
    matrix.urls = 0

    for route, name, pattern in admin_urls():
        args = url_arguments(pattern)
        if name in NO_OBJECT_OF_B or route in NO_OBJECT_OF_B or route.endswith("^.*/$"):
            continue
        if not name:
            if wanted == "administration":
                matrix.unmapped.append(f"{route} (no name)")
            continue
        if family(name) != wanted:
            continue
        matrix.urls += 1
        if name == "wagtail_bulk_action":
            matrix.object_urls += 1
            bulk_actions(matrix, w)
            continue
        if name in (
            "wagtailadmin_pages:type_use",
            "wagtailadmin_pages:type_use_results",
            "wagtailadmin_pages:choose_parent",
        ):
            if pages is not None and w.b not in pages:
                continue
            for entry in w.entries:
                kwargs = dict(
                    zip(
                        args,
                        (entry.model._meta.app_label, entry.model._meta.model_name),
                        strict=True,
                    )
                )
                url = reverse(name, kwargs=kwargs)
                matrix.attempt(name, "GET", url, leak_only=True)
                matrix.attempt(name, "GET", url, {"q": "SECRETO"}, leak_only=True)
            continue
        if name == "wagtailadmin_tag_model_autocomplete":
            for media in (get_document_model(), get_image_model()):
                app_name, model_name = media._meta.app_label, media._meta.model_name
                url = reverse(name, args=[app_name, model_name])
                matrix.attempt(name, "GET", url, {"term": "SEC"}, leak_only=True)
            continue
        if name in (
            "wagtailsettings:edit",
            "wagtailsettings:preview_on_edit",
            "wagtailadmin_workflows:add_task",
        ):
            from wagtail.contrib.settings.registry import registry as settings_registry

            if name.startswith("wagtailsettings") and list(settings_registry):
                matrix.unmapped.append(f"{name}: settings models exist, map them")
            continue  # no settings models; task types are not B's objects
        if name == "simple_translation:submit_snippet_translation" or args:
            takes_a_page = set(args) & PAGE_ARGS or (pk_kind(name) == "page" and "pk" in args)
            if pages is not None and w.b not in pages and not takes_a_page:
                continue  # URLs without a page run once, with the institution's group
            calls = cases.for_url(name, args, pages)
            if calls is None:
                matrix.unmapped.append(f"{name} {args}")
                continue
            matrix.object_urls += 1
            for kwargs, posts, read_only in calls:
                url = reverse(name, kwargs=kwargs)
                if name == "wagtailadmin_pages:set_page_position":
                    url += "?position=0"
                if name != "wagtailadmin_api:pages:action":  # POST-only endpoint
                    matrix.attempt(name, "GET", url, read_only=read_only)
                for data in posts:
                    matrix.attempt(name, "POST", url, data, read_only=read_only)
            continue
        if pages is not None and w.b not in pages:
            continue  # URLs without an object run once, with the institution's group
        # No object in the URL: reading must not show B's drafts, even when searched for.
        url = reverse(name)
        matrix.attempt(name, "GET", url, leak_only=True)
        matrix.attempt(name, "GET", url, {"q": "SECRETO", "search": "SECRETO"}, leak_only=True)
        for params in query_variants(name, w):
            matrix.attempt(name, "GET", url, params, leak_only=True)
        for data in container_posts(name, w):
            matrix.attempt(name, "POST", url, data, leak_only=True)
    return matrix


def run_public_api(w, client) -> Matrix:
    """The public API's routes, as A's editor signed in and with A's own token."""
    client.force_login(w.editor_a)
    matrix = Matrix(w, client)
    matrix.unmapped = []
    matrix.urls = public_api_attempts(matrix, w)
    return matrix


def assert_refused(matrix, *, min_attempts: int = 1) -> None:
    summary = matrix.report()
    print("\n" + summary)
    assert not matrix.unmapped, "admin URLs the isolation matrix does not know:\n" + "\n".join(
        matrix.unmapped
    )
    assert matrix.attempts >= min_attempts, summary
    assert not matrix.errors, summary  # a crash would hide whether the view refuses
    assert not matrix.allowed, summary


def admin_urls():
    for route, name, pattern in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            yield route, name, pattern


WRITES = ("POST", "PUT", "PATCH", "DELETE")


def public_api_attempts(matrix, w) -> int:
    """Every route of the public API, as A's editor signed in and with A's own API token:
    reading B's drafts by id or filter never shows them, and every write method on every
    route (with B's ids, and a payload asking to publish) is refused and changes nothing."""
    from wagtail.models import APIToken

    from portal.api.collections import BY_NAME

    _token, key = APIToken.create_token(user=w.editor_a, name="isolation")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    payload = json.dumps({"title": f"{MARK} por la API", "meta": {"action": "publish"}})
    routes = 0
    for route, name, pattern in walk(get_resolver().url_patterns):
        if not API_ROUTE.search(route) or route.startswith("admin/"):
            continue
        if name in ("api:openapi-json", "api:openapi-view"):
            urls = [reverse(name)]
        else:
            args = url_arguments(pattern)
            assert len(args) <= 1, f"map the arguments of {route}"
            # B's pages of the route's own type (live with a secret draft, never published);
            # other ids only meet the type check.
            collection = BY_NAME.get(route.split("/")[2])
            own = [p for p in w.all_b_pages if collection and isinstance(p, collection.model)]
            ids = [page.pk for page in own or w.all_b_pages[:3]] if args else [None]
            urls = [reverse(name, kwargs={args[0]: pk} if args else {}) for pk in ids]
        routes += 1
        for url in urls:
            for headers in ({}, bearer):
                matrix.attempt(name, "GET", url, leak_only=True, **headers)
                matrix.attempt(name, "GET", url, {"institution": w.b.slug}, leak_only=True)
                for method in WRITES:
                    response = matrix.attempt(name, method, url, payload, **headers)
                    if response is not None and response.status_code not in (404, 405):
                        matrix.allowed.append(f"{name} {method} {url}: HTTP {response.status_code}")
    return routes


def query_variants(name, w):
    """Extra GET parameters that point listings and choosers at B's objects."""
    pages = [p.pk for p in w.all_b_pages]
    if name.endswith("chosen_multiple") or name.endswith(":find"):
        if "page" in name:
            return [{"id": pages}]
        if "docs" in name or "documents" in name:
            return [{"id": [w.b_document.pk]}]
        if "images" in name:
            return [{"id": [w.b_image.pk]}]
        return [{"id": [1]}]
    if name in ("wagtailadmin_api:pages:listing",):
        return [
            {"child_of": w.b.pk, "fields": "*"},
            {"descendant_of": w.b.pk, "fields": "*"},
            {"search": "SECRETO", "fields": "*"},
        ]
    if name in ("wagtailadmin_api:documents:listing", "wagtailadmin_api:images:listing"):
        return [{"search": "SECRETO", "fields": "*"}]
    if name in (
        "wagtaildocs:index",
        "wagtaildocs:index_results",
        "wagtaildocs_chooser:choose",
        "wagtaildocs_chooser:choose_results",
        "wagtailimages:index",
        "wagtailimages:index_results",
        "wagtailimages_chooser:choose",
        "wagtailimages_chooser:choose_results",
    ):
        return [
            {"collection_id": w.b_collection.pk},
            {"collection_id": w.b_collection.pk, "q": "SECRETO"},
        ]
    if name in ("wagtailadmin_choose_page", "wagtailadmin_choose_page_search"):
        return [{"q": "SECRETO"}, {"q": "SECRETO", "page_type": "wagtailcore.page"}]
    if name.startswith("wagtailadmin_pages:search"):
        return [{"q": "SECRETO"}, {"q": "nunca publicado"}]
    return []


def container_posts(name, w):
    """POSTs to add views that name B's collection as the container."""
    upload_doc = lambda: ContentFile(b"intruso", name="intruso.txt")  # noqa: E731
    if name in ("wagtaildocs:add", "wagtaildocs_chooser:create"):
        return [{"title": "INTRUSO", "collection": w.b_collection.pk, "file": upload_doc()}]
    if name in ("wagtailimages:add", "wagtailimages_chooser:create"):
        return [{"title": "INTRUSO", "collection": w.b_collection.pk, "file": small_png()}]
    if name == "wagtaildocs:add_multiple":
        return [{"files[]": upload_doc(), "collection": w.b_collection.pk}]
    if name == "wagtailimages:add_multiple":
        return [{"files[]": small_png(), "collection": w.b_collection.pk}]
    if name == "wagtailadmin_collections:add":
        return [{"name": "INTRUSO", "parent": w.b_collection.pk}]
    if name == "wagtailredirects:add":
        return [{"old_path": "/intruso", "redirect_page": w.b.pk}]
    return []


def bulk_actions(matrix, w):
    """Every registered bulk action, pointed at B's objects by ``?id=``."""
    bulk_action_registry._scan_for_bulk_actions()
    ids = {
        ("wagtailcore", "page"): [p.pk for p in w.all_b_pages],
        (get_document_model()._meta.app_label, get_document_model()._meta.model_name): [
            w.b_document.pk
        ],
        (get_image_model()._meta.app_label, get_image_model()._meta.model_name): [w.b_image.pk],
        ("auth", "user"): [w.manager_b.pk, w.editor_b.pk],
        (get_user_model()._meta.app_label, get_user_model()._meta.model_name): [w.manager_b.pk],
    }
    for model in VOCABULARIES:
        ids[(model._meta.app_label, model._meta.model_name)] = [model.objects.first().pk]
    # The national funding index: moderators' business, never an institution editor's.
    ids[("funding", "edition")] = [w.edition.pk]
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action_type in actions:
                url = reverse("wagtail_bulk_action", args=[app_label, model_name, action_type])
                object_ids = ids.get((app_label, model_name))
                label = f"bulk {app_label}.{model_name} {action_type}"
                assert object_ids, f"{label}: map B's objects for this bulk action"
                query = "?" + "&".join(f"id={pk}" for pk in object_ids) + "&next=/admin/"
                # The confirmation page may list the objects (it must not show B's drafts).
                matrix.attempt(label, "GET", url + query, leak_only=True)
                data = {
                    "chooser": w.a.pk,
                    "collection": w.a_collection.pk,
                    "tags": "intruso",
                    "role": w.a_access.editors.pk,
                    "mark_as_active": "",
                    "include_descendants": "on",
                    "include_publish_descendants": "on",
                }
                matrix.attempt(label, "POST", url + query, data)
