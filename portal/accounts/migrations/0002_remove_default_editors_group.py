from django.db import migrations


def remove_default_editors(apps, schema_editor):
    # Wagtail's initial "Editors" group may add and change pages anywhere in the tree: one
    # careless membership would open every institution. Editors here are per institution.
    Group = apps.get_model("auth.Group")
    Group.objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0001_initial"),
        ("wagtailimages", "0001_initial"),
    ]

    operations = [migrations.RunPython(remove_default_editors, migrations.RunPython.noop)]
