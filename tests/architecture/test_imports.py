"""Imports between the portal's apps run one way (docs/DECISIONS.md, "Imports run one way").

An app may import only apps of lower layers; apps of one layer are siblings and never import each
other. Imports inside functions count like module-level ones (an import moved into a function to
dodge a loop is still a loop). Relative imports are resolved; imports inside one app are free.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "portal"

# Lowest first. Apps in one tuple are siblings.
LAYERS = (
    ("core",),
    ("institutions",),
    ("accounts",),
    ("practices", "programs", "observatories"),
    ("exchanges",),
    ("search",),
    ("funding",),
    ("api", "opendata", "network"),
    ("demo",),
)
# portal/settings, portal/urls.py, portal/wsgi.py and portal/__init__.py sit above every app.
TOP = ("settings", "urls", "wsgi", "__init__")


def layer_of(app, layers=LAYERS):
    """The layer index of an app, len(layers) for the project's top modules, None if unknown."""
    for index, apps in enumerate(layers):
        if app in apps:
            return index
    if app in TOP:
        return len(layers)
    return None


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    importer: str
    imported: str
    rule: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported} ({self.rule})"


def _module_name(path, root):
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def imported_modules(path, root):
    """(line, module) for every import in a file, at any depth, relative ones made absolute."""
    module, is_package = _module_name(path, root)
    package = module.split(".") if is_package else module.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or target.count(".") < 2:
                # `from . import x` / `from portal import x`: x may be a module or package.
                for alias in node.names:
                    yield node.lineno, f"{target}.{alias.name}"
            else:
                yield node.lineno, target


def check(root=PORTAL, layers=LAYERS):
    """Every import in `root` (the `portal` package) that breaks the layering."""
    top = root.name
    violations = []
    for path in sorted(root.rglob("*.py")):
        module, _ = _module_name(path, root)
        importer = module.split(".")[1] if "." in module else "__init__"
        importer_layer = layer_of(importer, layers)
        rel = str(path.relative_to(root.parent))
        for line, target in imported_modules(path, root):
            parts = target.split(".")
            if parts[0] != top or len(parts) < 2:
                continue
            imported = parts[1]
            if imported == importer:
                continue
            imported_layer = layer_of(imported, layers)
            if importer_layer is None:
                rule = f"app {importer!r} has no layer"
            elif imported_layer is None:
                rule = f"app {imported!r} has no layer"
            elif imported_layer > importer_layer:
                rule = "upward import: an app imports only lower layers"
            elif imported_layer == importer_layer:
                rule = "siblings of one layer never import each other"
            else:
                continue
            violations.append(Violation(rel, line, importer, target, rule))
    return violations


def test_portal_imports_run_one_way():
    violations = check()
    assert not violations, (
        "Imports against the layering (tests/architecture/test_imports.py):\n"
        + ("\n".join(str(v) for v in violations))
    )


def test_every_app_has_a_layer():
    apps = {p.name for p in PORTAL.iterdir() if (p / "__init__.py").exists()}
    apps.discard("settings")
    assert {app for app in apps if layer_of(app) is None} == set()


def _tree(tmp_path, files):
    root = tmp_path / "portal"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # module level, upward
        (
            {"core/numbers.py": "import os\nfrom portal.practices.models import Practice\n"},
            ("portal/core/numbers.py", 2, "portal.practices.models", "upward"),
        ),
        # function level, upward, `import a.b.c` form
        (
            {"institutions/maps.py": "def f():\n    import portal.exchanges.models\n"},
            ("portal/institutions/maps.py", 2, "portal.exchanges.models", "upward"),
        ),
        # sibling
        (
            {"practices/models.py": "from portal.programs import models\n"},
            ("portal/practices/models.py", 1, "portal.programs.models", "siblings"),
        ),
        # relative import leaving the app
        (
            {"core/views.py": "\n\nfrom ..funding.public import LABELS\n"},
            ("portal/core/views.py", 3, "portal.funding.public", "upward"),
        ),
        # `from .. import app`
        (
            {"accounts/management/commands/sync.py": "from .... import exchanges\n"},
            ("portal/accounts/management/commands/sync.py", 1, "portal.exchanges", "upward"),
        ),
        # `from portal import app`
        (
            {"institutions/listing.py": "from portal import funding\n"},
            ("portal/institutions/listing.py", 1, "portal.funding", "upward"),
        ),
        # from a module of a models/ package, relative, to a sibling app
        (
            {"practices/models/practice.py": "from ...programs.models import ProgramPage\n"},
            ("portal/practices/models/practice.py", 1, "portal.programs.models", "siblings"),
        ),
        # an app nobody placed
        (
            {"newapp/views.py": "from portal.core import models\n"},
            ("portal/newapp/views.py", 1, "portal.core.models", "no layer"),
        ),
    ],
)
def test_checker_reports_an_import_against_the_layering(tmp_path, files, expected):
    violations = check(_tree(tmp_path, files))
    assert len(violations) == 1, violations
    (violation,) = violations
    path, line, imported, rule = expected
    assert (violation.path, violation.line, violation.imported) == (path, line, imported)
    assert rule in violation.rule
    assert f"{path}:{line}:" in str(violation)


def test_checker_accepts_downward_and_internal_imports(tmp_path):
    root = _tree(
        tmp_path,
        {
            "funding/services.py": (
                "from portal.search import sync\nfrom . import models\nfrom .public import x\n"
                "def f():\n    from portal.institutions.models import Municipality\n"
            ),
            "funding/public.py": "",
            "funding/models.py": "",
            "practices/listing.py": "from .models import Practice\nimport portal.core.content\n",
            "practices/models/index.py": (
                "from .practice import PracticePage\nfrom .. import listing\n"
                "from ..ratings import rating_overview\nfrom portal.core import visibility\n"
            ),
            "urls.py": "from portal.demo import views\nfrom portal.api import api\n",
            "settings/base.py": "from portal.core import csp\n",
        },
    )
    assert check(root) == []
