"""PostgreSQL text-search configurations for Spanish, accent-insensitive search.

``portal_es``: words are unaccented, then stemmed with Spanish rules ("violencias" and
"violencia" meet, "prevencion" finds "prevención"). ``portal_simple``: unaccented, not stemmed,
for autocomplete. Nothing happens on other databases. After this migration, existing sites run
``manage.py update_index`` so stored vectors use the new configuration.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_es') THEN
    CREATE TEXT SEARCH CONFIGURATION portal_es (COPY = pg_catalog.spanish);
    ALTER TEXT SEARCH CONFIGURATION portal_es
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_simple') THEN
    CREATE TEXT SEARCH CONFIGURATION portal_simple (COPY = pg_catalog.simple);
    ALTER TEXT SEARCH CONFIGURATION portal_simple
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END
$$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_search_entries")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
