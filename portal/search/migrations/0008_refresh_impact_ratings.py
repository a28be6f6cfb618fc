"""The search entries carry the impact level the rules gave each practice and program when they
were rated again (practices 0008, programs 0006): search facets and OAI records read it here."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    SearchEntry = apps.get_model("portal_search", "SearchEntry")
    for app_label, model_name in (("practices", "PracticePage"), ("programs", "ProgramPage")):
        model = apps.get_model(app_label, model_name)
        level = model.objects.filter(pk=OuterRef("page_id")).values("impact_rating")[:1]
        SearchEntry.objects.filter(page_id__in=model.objects.values("pk")).update(
            impact_rating=Subquery(level)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0007_index_group"),
        ("practices", "0008_recompute_ratings"),
        ("programs", "0006_recompute_ratings"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
