"""A GIN index on the stored search vector (PostgreSQL only; nothing elsewhere)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS portal_search_entry_vector "
            "ON portal_search_searchentry USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS portal_search_entry_vector")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0003_search_vector")]

    operations = [migrations.RunPython(create, drop)]
