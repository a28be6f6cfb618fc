"""English matching rules, a small ranking vector, and a narrow row layout (PostgreSQL).

``portal_en`` is the English counterpart of ``portal_es`` (unaccented, English stemming); each
entry records its page's language and its vectors are built with that language's configuration.

On PostgreSQL the large columns (body, summary, full vector) move out of the row as soon as it
passes 256 bytes, and the full vector is stored uncompressed: a broad query then reads a narrow
heap and ranks on ``rank_vector``, which is kept in the row uncompressed (``PLAIN``). Nothing
changes on other databases.
"""

import django.contrib.postgres.search
from django.db import migrations, models

TABLE = "portal_search_searchentry"


ENGLISH = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_en') THEN
    CREATE TEXT SEARCH CONFIGURATION portal_en (COPY = pg_catalog.english);
    ALTER TEXT SEARCH CONFIGURATION portal_en
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END
$$;
"""


def layout(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(ENGLISH)
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 256)")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN rank_vector SET STORAGE PLAIN")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTERNAL")
    from portal.search import vectors

    SearchEntry = apps.get_model("portal_search", "SearchEntry")
    SearchEntry.objects.filter(page__locale__language_code="en").update(language="en")
    vectors.refresh(SearchEntry.objects.all())


def reset(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_search_vector_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(default="es", max_length=8),
        ),
        migrations.RunPython(layout, reset),
    ]
