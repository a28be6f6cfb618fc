from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("core.HomePage")

    # Replace Wagtail's welcome page with the portal's home page.
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    if HomePage.objects.exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code="es")
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="core")
    homepage = HomePage.objects.create(
        title="Red de Prevención Municipal",
        draft_title="Red de Prevención Municipal",
        slug="inicio",
        content_type=home_type,
        locale=locale,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/inicio/",
        live=True,
        has_unpublished_changes=False,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, site_name="Red de Prevención Municipal", root_page_id=homepage.pk,
        is_default_site=True,
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("core.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
