"""Rate every practice again from its evaluations, by the rules (issue 26), and score again the
documentation of those whose contact block shows only a role (the checklist now counts it)."""

from django.db import migrations

from portal.institutions.evaluations.recompute import recompute_ratings
from portal.practices.ratings import documentation_quality


def forwards(apps, schema_editor):
    recompute_ratings(apps, "practices", "practicepage")
    practices = apps.get_model("practices", "PracticePage").objects.filter(contact_email="")
    for page in list(practices.exclude(contact_role="")):
        quality = documentation_quality(page)
        page.documentation_score, page.documentation_level = quality.score, quality.level
        page.save(update_fields=["documentation_score", "documentation_level"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_rated_by_evaluations"),
        ("evaluations", "0002_outcomes_and_rating_history"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
