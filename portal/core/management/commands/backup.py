"""Back up the database and the media folder: python manage.py backup [--dir FOLDER]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.core.backups import BackupError, create_backup, default_backup_dir, read_manifest


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL) and MEDIA_ROOT into one new folder, "
        "<dir>/<UTC timestamp>/, with a manifest of checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Folder that receives the backup folder (default: VAR_DIR/backups).",
        )

    def handle(self, *args, **options):
        try:
            folder = create_backup(options["dir"] or default_backup_dir())
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = read_manifest(folder)
        counts = ", ".join(f"{value} {label}" for label, value in manifest["counts"].items())
        sizes = ", ".join(
            f"{name} {item['bytes']:,} bytes" for name, item in manifest["files"].items()
        )
        self.stdout.write(f"Database ({manifest['database']['engine']}): {counts}.")
        self.stdout.write(
            f"Media: {manifest['media']['files']} files from {manifest['media']['source']}."
        )
        self.stdout.write(f"Files: {sizes}.")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
