"""Rate every page again from its evaluations, by the rules (issue 26)."""

from django.db import migrations

from portal.institutions.evaluations.recompute import recompute_ratings


def forwards(apps, schema_editor):
    recompute_ratings(apps, "programs", "programpage", shown_before=False)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_rated_by_evaluations"),
        ("evaluations", "0002_outcomes_and_rating_history"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
