"""Restore a backup made by `manage.py backup`: python manage.py restore FOLDER [--noinput]."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.core.backups import (
    BackupError,
    current_engine,
    read_manifest,
    restore_backup,
    verify_backup,
)


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a backup folder, after checking its "
        "checksums, engine and migrations. Stop the portal's server processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup folder (holds manifest.json).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options):
        folder = options["backup"]
        try:
            manifest = read_manifest(folder)
            verify_backup(folder, manifest, current_engine())
        except BackupError as error:
            raise CommandError(str(error)) from None
        db = settings.DATABASES["default"]
        target = db["NAME"] if current_engine() == "sqlite" else f"{db['NAME']} on {db.get('HOST')}"
        self.stdout.write(
            f"Backup of {manifest['created_at']} checked: files intact, "
            f"{manifest['database']['engine']} database, migrations known to this code."
        )
        if options["interactive"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Restoring replaces the database and the media folder. Confirm by running "
                    "again with --noinput (make restore BACKUP=... RESTORE_ARGS=--noinput)."
                )
            answer = input(
                f"This replaces the database {target} and the media folder {settings.MEDIA_ROOT} "
                "with the backup. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            result = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{value} {label}" for label, value in result["counts"].items())
        self.stdout.write(f"Database {target}: {counts}.")
        self.stdout.write(f"Media: {manifest['media']['files']} files in {result['media_root']}.")
        for alias, outcome in result["caches"].items():
            if outcome != "emptied":
                self.stdout.write(
                    self.style.WARNING(
                        f"Cache {alias!r} {outcome}: empty it (or restart its server) before "
                        "starting the portal, or visitors may see pages from before the restore."
                    )
                )
        if result["previous_media"]:
            self.stdout.write(
                f"The previous media folder was kept as {result['previous_media']}; "
                "delete it once the portal is checked."
            )
        if result["pending_migrations"]:
            self.stdout.write(
                self.style.WARNING(
                    f"This code has {len(result['pending_migrations'])} migrations the backup "
                    "lacks: run 'python manage.py migrate' before starting the portal."
                )
            )
        if getattr(settings, "SEARCH_BACKEND", "database") == "elasticsearch":
            self.stdout.write(
                self.style.WARNING(
                    "Search uses Elasticsearch: run 'python manage.py update_index' to rebuild it."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Restored the backup {Path(folder).resolve()}."))
