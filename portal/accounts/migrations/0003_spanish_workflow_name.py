"""Wagtail's default workflow and task are created as "Moderators approval": a name editors see
on the submit button ("Enviar a …"), in emails and in reports. The portal's editors are Spanish
first, so both are named in Spanish; a name someone already changed is left alone."""

from django.db import migrations

DEFAULT = "Moderators approval"
SPANISH = "Aprobación de moderación"


def rename(apps, schema_editor, old=DEFAULT, new=SPANISH):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=SPANISH, new=DEFAULT)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_remove_default_editors_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
