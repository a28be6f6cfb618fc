"""Dependency floors: docs/dependency-floors.csv lists the oldest safe version of each package.

The suite fails when an installed distribution is older than its floor, when a dependency in
pyproject.toml has no row, or when pyproject.toml would allow a version below the floor.
"""

import csv
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "dependency-floors.csv"
BASES = {"advisory", "built-with"}


def read_floors() -> dict[str, dict]:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {canonicalize_name(row["package"]): row for row in rows}


def project_dependencies() -> list[Requirement]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return [Requirement(item) for item in tomllib.load(handle)["project"]["dependencies"]]


def lower_bound(requirement: Requirement) -> Version | None:
    """The lowest version the requirement allows, or None when it sets no lower bound."""
    bounds = [
        Version(spec.version)
        for spec in requirement.specifier
        if spec.operator in {">=", ">", "==", "~=", "==="}
    ]
    return max(bounds, default=None)


def too_old(floors: dict[str, dict], installed, required: set[str]) -> list[str]:
    """Problems with installed versions; `installed(name)` raises PackageNotFoundError."""
    problems = []
    for name, row in sorted(floors.items()):
        try:
            found = Version(installed(name))
        except PackageNotFoundError:
            if name in required:
                problems.append(f"{row['package']} is a dependency but is not installed")
            continue
        if found < Version(row["minimum"]):
            problems.append(
                f"{row['package']} {found} is older than its floor {row['minimum']} "
                f"({row['advisories'] or row['basis']}): upgrade it (pip install -e .)"
            )
    return problems


def test_the_table_is_well_formed():
    with TABLE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = [canonicalize_name(row["package"]) for row in rows]
    assert len(names) == len(set(names)), "a package has two rows"
    for row in rows:
        try:
            Version(row["minimum"])
        except InvalidVersion:
            pytest.fail(f"{row['package']}: {row['minimum']!r} is not a version")
        assert row["basis"] in BASES, f"{row['package']}: basis must be one of {BASES}"
        assert row["reason"].strip(), f"{row['package']}: say why this is the floor"
        if row["basis"] == "advisory":
            assert row["advisories"].strip(), f"{row['package']}: name the advisories"


def test_every_dependency_has_a_floor():
    floors = read_floors()
    missing = [str(r) for r in project_dependencies() if canonicalize_name(r.name) not in floors]
    assert not missing, f"add a row to {TABLE.relative_to(ROOT)} for: {', '.join(missing)}"


def test_installed_versions_are_not_older_than_their_floors():
    required = {canonicalize_name(r.name) for r in project_dependencies()}
    problems = too_old(read_floors(), version, required)
    assert not problems, "\n".join(problems)


def test_pyproject_does_not_allow_versions_below_the_floors():
    floors = read_floors()
    problems = []
    for requirement in project_dependencies():
        row = floors.get(canonicalize_name(requirement.name))
        if row is None:
            continue  # reported by test_every_dependency_has_a_floor
        bound = lower_bound(requirement)
        if bound is None or bound < Version(row["minimum"]):
            problems.append(f"{requirement}: raise the lower bound to >={row['minimum']}")
    assert not problems, "\n".join(problems)


def test_the_check_flags_an_old_or_missing_package():
    floors = {
        "pillow": {
            "package": "pillow",
            "minimum": "12.3.0",
            "basis": "advisory",
            "advisories": "X",
        },
        "gunicorn": {
            "package": "gunicorn",
            "minimum": "23.0.0",
            "basis": "advisory",
            "advisories": "Y",
        },
        "idna": {"package": "idna", "minimum": "3.7", "basis": "advisory", "advisories": "Z"},
    }
    installed = {"pillow": "12.2.9", "idna": "3.10"}

    def lookup(name):
        if name not in installed:
            raise PackageNotFoundError(name)
        return installed[name]

    problems = too_old(floors, lookup, required={"pillow", "gunicorn"})
    assert problems == [
        "gunicorn is a dependency but is not installed",
        "pillow 12.2.9 is older than its floor 12.3.0 (X): upgrade it (pip install -e .)",
    ]
    # A floor-less optional package that is absent, and 3.10 >= 3.7 (not a string comparison).
    assert too_old({"idna": floors["idna"]}, lookup, required=set()) == []
    assert lower_bound(Requirement("Django>=5.2.16,<5.3")) == Version("5.2.16")
    assert lower_bound(Requirement("pillow<13")) is None
