"""An index on Wagtail's ``url_path``, which ``HomePage.route`` looks pages up by.

The home page's ``route()`` reads every page on the way to the requested one with ``url_path IN (...)``: with this
index that is a few index probes, without it a scan of the page table. Wagtail's model is not
ours, so the index is created with SQL that both PostgreSQL and SQLite accept.
"""

from django.db import migrations

INDEX = "portal_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_page_depth_path_index"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
