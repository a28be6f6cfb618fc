"""Today's evaluations of practices and programs move into the one record with every row kept,
and every rating is recomputed from them by the rules (issue 26).

The scenario migrates a database back to the state before the move (practices 0004, programs
0002), writes old rows of every kind and a practice revision holding old-format evaluations,
migrates forward, and reports what it finds. On SQLite it runs in a separate process on a file
copy of the test database (SQLite cannot change its schema inside the test's transaction); on
PostgreSQL it runs inside the test's transaction, whose rollback undoes it.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BEFORE = [
    ("practices", "0004_term_link_indexes"),
    ("programs", "0002_programpage_annual_budget_and_more"),
]
KINDS = ["none", "monitoring", "process", "quasi_experimental", "experimental"]
DESIGNS = ["monitoring", "monitoring", "qualitative", "quasi_experimental", "randomised"]


def _migrate(targets=None):
    """Migrate the database to ``targets`` (every leaf when None); returns the state's apps."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _check_pending():
    """On PostgreSQL, run the foreign-key checks that rows just written left pending, as a
    commit would: it refuses to change a table's constraints while some are pending."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def scenario() -> dict:
    """Migrate back, write old rows, migrate forward; what was written and what came out."""
    from wagtail.documents import get_document_model
    from wagtail.models import Revision

    from portal.institutions.evaluations.models import RatingChange
    from tests.factories.pages import (
        InstitutionPageFactory,
        PracticePageFactory,
        ProgramPageFactory,
    )

    owner = InstitutionPageFactory()
    practice = PracticePageFactory(parent=owner)
    program = ProgramPageFactory(parent=owner)
    # Levels chosen by hand before the rules: kept only as a justified judgement over evaluations.
    judged = PracticePageFactory(parent=owner)
    unsupported = PracticePageFactory(parent=owner)
    document = get_document_model().objects.create(title="Informe de prueba", file="x.pdf")
    revision = practice.save_revision()
    # Publishing today records a history; the scenario starts from a database that had none.
    RatingChange.objects.all().delete()
    _check_pending()
    apps = _migrate(BEFORE)
    old_practice = apps.get_model("practices", "PracticeEvaluation")
    old_program = apps.get_model("programs", "ProgramEvaluation")
    before = {
        "practices": old_practice.objects.count() + len(KINDS),
        "programs": old_program.objects.count() + len(KINDS),
    }
    old_page = apps.get_model("practices", "PracticePage")
    old_outcome = apps.get_model("practices", "PracticeOutcome")
    hand_set = {
        practice.pk: ("effective", ""),
        judged.pk: ("promising", "Una réplica con grupo de comparación está en curso."),
        unsupported.pk: ("effective", "Lo vimos funcionar."),
    }
    for pk, (level, why) in hand_set.items():
        old_page.objects.filter(pk=pk).update(impact_rating=level, impact_justification=why)
        old_outcome.objects.create(page_id=pk, indicator=f"Indicador {pk}", result="22 %")
    old_practice.objects.create(page_id=judged.pk, kind="monitoring", evaluator="Municipio")
    before["practices"] += 1
    before["outcome_indicators"] = old_outcome.objects.count()
    kept = []
    for position, kind in enumerate(KINDS):
        row = old_practice.objects.create(
            page_id=practice.pk,
            sort_order=position,
            kind=kind,
            evaluator=f"Evaluador {position}",
            year=2010 + position,
            summary=f"Hallazgos {position}",
            link=f"https://example.org/{position}",
            document_id=document.pk if position == 0 else None,
        )
        kept.append(row.pk)
        old_program.objects.create(
            page_id=program.pk,
            sort_order=position,
            kind=kind,
            date=datetime.date(2015 + position, 3, 1) if position else None,
            evaluator=f"Equipo {position}",
            findings=f"Resultados {position}",
        )
    content = dict(revision.content)
    content["evaluations"] = [
        {"pk": kept[3], "page": practice.pk, "sort_order": 0, "kind": "quasi_experimental",
         "evaluator": "En borrador", "year": 2020, "summary": "Texto del borrador",
         "link": "", "document": None},
        {"pk": None, "page": practice.pk, "sort_order": 1, "kind": "process",
         "evaluator": "Nueva", "year": None, "summary": "", "link": "", "document": None},
    ]  # fmt: skip
    Revision.objects.filter(pk=revision.pk).update(content=content)
    _check_pending()
    apps = _migrate()
    evaluation = apps.get_model("evaluations", "Evaluation")
    tables = connection.introspection.table_names()
    fields = ("page_id", "sort_order", "design", "year", "date", "evaluator", "findings", "link")
    rows = evaluation.objects.order_by("page_id", "sort_order").values("pk", "document_id", *fields)
    changes = apps.get_model("evaluations", "RatingChange").objects.order_by("pk")
    ratings = {}
    for app, model, pk in [
        ("practices", "PracticePage", practice.pk),
        ("practices", "PracticePage", judged.pk),
        ("practices", "PracticePage", unsupported.pk),
        ("programs", "ProgramPage", program.pk),
    ]:
        row = apps.get_model(app, model).objects.get(pk=pk)
        history = [[c.level, c.previous_level, c.judged] for c in changes.filter(page_id=pk)]
        ratings[str(pk)] = [row.impact_rating, row.computed_rating, row.judged_rating, history]
    return {
        "before": before,
        "after": {
            "practices": evaluation.objects.filter(page_id__in=_ids(apps, "practicepage")).count(),
            "programs": evaluation.objects.filter(page_id__in=_ids(apps, "programpage")).count(),
            "outcome_indicators": apps.get_model("practices", "PracticeOutcome").objects.count(),
        },
        "ratings": ratings,
        "pages": [practice.pk, judged.pk, unsupported.pk, program.pk],
        "old_tables": [
            t for t in tables if t.endswith(("practiceevaluation", "programevaluation"))
        ],
        "practice": [_plain(row) for row in rows.filter(page_id=practice.pk)],
        "program": [_plain(row) for row in rows.filter(page_id=program.pk)],
        "document": document.pk,
        "revision": Revision.objects.get(pk=revision.pk).content["evaluations"],
    }


def _ids(apps, model):
    app = "practices" if model == "practicepage" else "programs"
    return apps.get_model(app, model).objects.values("pk")


def _plain(row: dict) -> dict:
    return {
        key: str(value) if isinstance(value, datetime.date) else value for key, value in row.items()
    }


CHILD = """
import json
import django
django.setup()
from tests.evaluations.test_migration import scenario
print("RESULT " + json.dumps(scenario()), flush=True)
"""


@pytest.fixture(scope="module")
def sqlite_copy(django_db_setup, django_db_blocker, tmp_path_factory) -> Path | None:
    """A file copy of the SQLite test database, made before the test's transaction begins."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            return None
        connection.ensure_connection()
        copy = tmp_path_factory.mktemp("evaluations-migration") / "db.sqlite3"
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    return copy


def _run(sqlite_copy) -> dict:
    if sqlite_copy is None:
        return scenario()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{sqlite_copy}",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-4000:]
    return json.loads(lines[-1].removeprefix("RESULT "))


def test_every_evaluation_row_is_kept_mapped_and_rated(sqlite_copy):
    result = _run(sqlite_copy)
    assert result["after"] == result["before"]
    assert result["old_tables"] == []

    practice = result["practice"]
    assert [row["design"] for row in practice] == DESIGNS
    assert [row["sort_order"] for row in practice] == list(range(len(KINDS)))
    assert [row["year"] for row in practice] == [2010 + n for n in range(len(KINDS))]
    assert [row["evaluator"] for row in practice] == [f"Evaluador {n}" for n in range(len(KINDS))]
    assert [row["findings"] for row in practice] == [f"Hallazgos {n}" for n in range(len(KINDS))]
    assert [row["link"] for row in practice] == [
        f"https://example.org/{n}" for n in range(len(KINDS))
    ]
    assert [row["document_id"] for row in practice] == [result["document"], None, None, None, None]
    assert {row["date"] for row in practice} == {None}

    program = result["program"]
    assert [row["design"] for row in program] == DESIGNS
    assert [row["findings"] for row in program] == [f"Resultados {n}" for n in range(len(KINDS))]
    assert [row["evaluator"] for row in program] == [f"Equipo {n}" for n in range(len(KINDS))]
    # A program's date is kept, and gives the record its year.
    assert [row["date"] for row in program] == [None] + [f"{2015 + n}-03-01" for n in range(1, 5)]
    assert [row["year"] for row in program] == [None] + [2015 + n for n in range(1, 5)]
    assert {row["link"] for row in program} == {""}

    # The draft's evaluations are rewritten too: an existing row points at its new id (never at
    # another page's row), an unsaved one stays new.
    draft = result["revision"]
    assert [item["pk"] for item in draft] == [practice[3]["pk"], None]
    assert [item["design"] for item in draft] == ["quasi_experimental", "qualitative"]
    assert [item["findings"] for item in draft] == ["Texto del borrador", ""]
    assert all("kind" not in item and "summary" not in item for item in draft)

    # Every rating is recomputed by the rules; only a justified judgement survives.
    assert result["after"]["outcome_indicators"] == result["before"]["outcome_indicators"]
    practice, judged, unsupported, program = (str(pk) for pk in result["pages"])
    # [shown, by the rules, judgement, history: (level, before, judged)]
    assert result["ratings"] == {
        # evaluations without outcomes: the rules say insufficient; "effective" had no reason
        practice: ["insufficient", "insufficient", "", [["insufficient", "effective", False]]],
        judged: ["promising", "insufficient", "promising", [["promising", "", True]]],
        # a reason, but no evaluation on record: an evaluated level is refused
        unsupported: [
            "not_evaluated",
            "not_evaluated",
            "",
            [["not_evaluated", "effective", False]],
        ],
        program: ["insufficient", "insufficient", "", [["insufficient", "", False]]],
    }
