"""An index on Wagtail's page tree by (depth, path).

Wagtail finds a page's children with ``depth = N AND path BETWEEN ...``. Its own indexes cover
``path`` alone, which does not narrow anything near the top of the tree (every page's path
starts with the home page's), so the main menu and the section lookups scanned the whole page
table: 23 ms at 10,000 items, growing with the network. With (depth, path) they read only the
few rows at that depth. Wagtail's model is not ours, so the index is created with SQL that both
PostgreSQL and SQLite accept.
"""

from django.db import migrations

INDEX = "portal_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_portaldocument"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
