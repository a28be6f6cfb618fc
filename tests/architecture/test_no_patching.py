"""No file of the portal changes Wagtail or Django from outside (issue 25).

Every ``portal/**/*.py`` is parsed: an assignment, ``setattr`` or ``del`` whose target is an
attribute of a name imported from ``wagtail`` or ``django`` (``PageQuerySet.private_q = ...``,
``setattr(Page, ...)``) fails, and so does a write to the private state of querysets or of
Wagtail's request caches (``_result_cache``, ``_prefetch_done``, ``_prefetched_objects_cache``,
``_wagtail_*``) anywhere.
"""

import ast
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "portal"
LIBRARIES = ("wagtail", "django")
PRIVATE_STATE = {"_result_cache", "_prefetch_done", "_prefetched_objects_cache"}


def _imported_from_libraries(tree: ast.Module) -> set[str]:
    """Names bound anywhere in the module by importing from Wagtail or Django."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in LIBRARIES:
                names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    names.add(alias.asname or alias.name.split(".")[0])
    return names


def _root_name(node) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _private(attribute: str) -> bool:
    return attribute in PRIVATE_STATE or attribute.startswith("_wagtail_")


def patches(source: str, filename: str = "<source>") -> list[str]:
    """What in ``source`` changes a library object or writes private library state."""
    tree = ast.parse(source, filename)
    library = _imported_from_libraries(tree)
    found = []

    def check(target, line):
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                check(element, line)
        elif isinstance(target, ast.Attribute):
            if _root_name(target) in library:
                found.append(f"{filename}:{line}: {ast.unparse(target)} (a library attribute)")
            elif _private(target.attr):
                found.append(f"{filename}:{line}: {ast.unparse(target)} (private state)")
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute):
            key = target.slice
            named = isinstance(key, ast.Constant) and isinstance(key.value, str)
            if _private(target.value.attr) or (
                target.value.attr == "__dict__" and named and _private(key.value)
            ):
                found.append(f"{filename}:{line}: {ast.unparse(target)} (private state)")

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                check(target, node.lineno)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            check(node.target, node.lineno)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                check(target, node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("setattr", "delattr")
            and node.args
        ):
            obj = node.args[0]
            name = node.args[1] if len(node.args) > 1 else None
            if _root_name(obj) in library:
                found.append(f"{filename}:{node.lineno}: {node.func.id}({ast.unparse(obj)}, ...)")
            elif (
                isinstance(name, ast.Constant)
                and isinstance(name.value, str)
                and _private(name.value)
            ):
                found.append(f"{filename}:{node.lineno}: {node.func.id}(..., {name.value!r})")
    return found


def test_no_file_of_the_portal_patches_wagtail_or_django():
    files = sorted(PORTAL.rglob("*.py"))
    assert len(files) > 50
    found = []
    for path in files:
        found += patches(path.read_text(encoding="utf-8"), str(path.relative_to(PORTAL.parent)))
    assert found == []


def test_the_check_finds_each_kind_of_patch():
    source = """
from wagtail.query import PageQuerySet
from wagtail import models as wagtail_models
import django.db.models

PageQuerySet.private_q = lambda self: None
wagtail_models.Page.get_view_restrictions = None
setattr(PageQuerySet, "public", None)
django.db.models.QuerySet.count = len
del PageQuerySet.live

def later(queryset, request, page):
    queryset._result_cache = []
    queryset._prefetch_done = True
    page.__dict__["_prefetched_objects_cache"] = {}
    request._wagtail_site = None
    setattr(request, "_wagtail_route_for_request", None)
"""
    found = patches(source)
    assert len(found) == 10, found


def test_our_own_objects_may_be_given_attributes():
    source = """
from wagtail.models import Page

def route(page: Page, request, found):
    page.pages_on_the_way = found
    request.is_preview = False
    settings = {}
    settings["x"] = 1
"""
    assert patches(source) == []
