"""Backups of the database and the media folder, and restoring them.

A backup is one folder (by default VAR_DIR/backups/<UTC timestamp>/) holding:

- the database: a SQLite file made with SQLite's online backup API (consistent even while the
  portal writes to its WAL database), or a PostgreSQL dump in pg_dump's custom format;
- media.tar.gz: everything under MEDIA_ROOT;
- manifest.json: when it was made, the database engine, the applied migrations, counts of pages,
  revisions, documents, images and users, and the size and SHA-256 of each file.

A backup is written to a hidden folder first and renamed when complete, so a folder with a
manifest is a finished backup. Restoring checks the manifest and every checksum, the engine and
the migrations before it changes anything; it then unpacks the media beside MEDIA_ROOT, restores
the database (PostgreSQL: in one transaction), and swaps the media folder in, keeping the old one
as MEDIA_ROOT.before-restore-<time>.
"""

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump/pg_restore with fixed arguments, never a shell
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


def counted_models() -> dict:
    return {
        "pages": Page,
        "revisions": Revision,
        "documents": get_document_model(),
        "images": get_image_model(),
        "users": get_user_model(),
    }


def current_engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(
            f"Backups support SQLite and PostgreSQL, not {vendor}. Point DATABASE_URL at one of them."
        )
    return vendor


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _database_state(cursor) -> tuple[dict, dict]:
    """Counts of the main content tables and the applied migrations, read with `cursor`."""
    counts = {}
    for label, model in counted_models().items():
        # Table names come from the models, quoted; nothing here comes from a user.
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(model._meta.db_table)}")  # noqa: S608
        counts[label] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    return counts, migrations


# PostgreSQL client programs ------------------------------------------------------------------


def _pg_arguments() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore, and an environment with the password."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line (visible in ps)
    options = db.get("OPTIONS", {})
    for option, variable in {
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "connect_timeout": "PGCONNECT_TIMEOUT",
    }.items():
        if option in options:
            env[variable] = str(options[option])
    return args, env


def _run_pg(program: str, args: list[str], env: dict) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} was not found. Install the PostgreSQL client programs of the server's "
            f"major version (Debian: apt-get install postgresql-client) and make sure {program} "
            "is on PATH."
        )
    # A fixed program with arguments from settings, no shell.
    result = subprocess.run(  # noqa: S603
        [executable, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{program} failed (exit code {result.returncode}): {result.stderr.strip()}\n"
            "Check that DATABASE_URL is right, the server is reachable and its version is not "
            f"newer than {program}'s."
        )


# Backup --------------------------------------------------------------------------------------


def _backup_sqlite(target: Path) -> tuple[dict, dict]:
    source = Path(settings.DATABASES["default"]["NAME"])
    if not source.is_file():
        raise BackupError(
            f"There is no database at {source}. Run 'make setup' first, or set DATABASE_URL to "
            "the database to back up."
        )
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot, WAL included.
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(
                f"The copy of {source} failed SQLite's integrity check ({check}). The live "
                "database may be damaged: check it with 'sqlite3 <file> \"PRAGMA integrity_check\"'."
            )
        return _database_state(dst.cursor())
    except sqlite3.Error as error:
        raise BackupError(
            f"SQLite could not copy {source} ({error}). Check that the file is readable and "
            "the disk holding the backup folder has room, then try again."
        ) from None
    finally:
        dst.close()
        src.close()


def _backup_postgresql(target: Path) -> tuple[dict, dict]:
    if connection.in_atomic_block:
        raise BackupError("Run the backup outside a database transaction.")
    args, env = _pg_arguments()
    # Counts and dump come from the same snapshot: pg_dump joins this transaction's snapshot.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = _database_state(cursor)
        _run_pg(
            "pg_dump",
            [
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                *args,
            ],
            env,
        )
    return state


def _is_backup_folder(path: Path) -> bool:
    return (path / MANIFEST).is_file() and (path / MEDIA_ARCHIVE).is_file()


def _archive_media(target: Path, skip: Path) -> dict:
    """Archive MEDIA_ROOT into `target`, leaving out `skip` and any backup folder inside it."""
    root = Path(settings.MEDIA_ROOT)
    files = size = 0
    with tarfile.open(target, "w:gz") as tar:
        if not root.is_dir():
            return {"file": MEDIA_ARCHIVE, "source": str(root), "files": 0, "bytes": 0}
        for folder, dirnames, filenames in os.walk(root):
            here = Path(folder)
            dirnames[:] = sorted(
                name
                for name in dirnames
                if here / name != skip and not _is_backup_folder(here / name)
            )
            for name in [*dirnames, *sorted(filenames)]:
                item = here / name
                try:
                    info = tar.gettarinfo(item, arcname=item.relative_to(root).as_posix())
                    if info.isreg():
                        with item.open("rb") as handle:
                            tar.addfile(info, handle)
                        files += 1
                        size += info.size
                    else:
                        tar.addfile(info)
                except FileNotFoundError:
                    continue  # deleted while the backup ran (a document removed meanwhile)
    return {"file": MEDIA_ARCHIVE, "source": str(root), "files": files, "bytes": size}


def default_backup_dir() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def create_backup(parent: Path | None = None) -> Path:
    """Write a complete backup folder under `parent` and return its path."""
    engine = current_engine()
    parent = Path(parent or default_backup_dir()).resolve()
    parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    work = Path(tempfile.mkdtemp(prefix=f".{stamp}-", suffix=".partial", dir=parent))  # 0700
    try:
        dump = work / DUMP_FILES[engine]
        if engine == "sqlite":
            counts, migrations = _backup_sqlite(dump)
            source = str(settings.DATABASES["default"]["NAME"])
        else:
            counts, migrations = _backup_postgresql(dump)
            db = settings.DATABASES["default"]
            source = f"{db['NAME']} on {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
        media = _archive_media(work / MEDIA_ARCHIVE, skip=work)
        files = {}
        for path in (dump, work / MEDIA_ARCHIVE):
            path.chmod(0o600)  # the dump holds password hashes and sessions
            files[path.name] = {"bytes": path.stat().st_size, "sha256": sha256(path)}
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat().replace("+00:00", "Z"),
            "database": {"engine": engine, "file": dump.name, "source": source},
            "media": media,
            "counts": counts,
            "migrations": migrations,
            "versions": {
                "django": django.get_version(),
                "wagtail": wagtail.__version__,
                "python": platform.python_version(),
            },
            "files": files,
        }
        manifest_path = work / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        manifest_path.chmod(0o600)
        final = parent / stamp
        suffix = 1
        while final.exists():
            suffix += 1
            final = parent / f"{stamp}-{suffix}"
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


# Checks before a restore ---------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(
            f"{folder} is not a folder. Give the backup folder that holds {MANIFEST} "
            "(for example var/backups/20250101T120000Z), as printed by 'make backup'."
        )
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{folder} has no {MANIFEST}: it is not a backup folder, or the backup did not "
            "finish. Nothing was changed. Use a complete backup folder."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BackupError(
            f"{path} is not valid JSON: the backup is damaged. Nothing was changed. "
            "Use another backup."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is not a backup manifest this portal can read (format "
            f"{manifest.get('format') if isinstance(manifest, dict) else '?'}, expected {FORMAT}). "
            "Nothing was changed. Restore it with the portal version that made it."
        )
    try:
        database, media, files = manifest["database"], manifest["media"], manifest["files"]
        names = (database["engine"], database["file"], media["file"])
        required = (manifest["counts"], manifest["migrations"])
    except (KeyError, TypeError):
        raise BackupError(
            f"{path} lacks required entries: the backup is damaged or incomplete. Nothing was "
            "changed. Use another backup."
        ) from None
    if not isinstance(files, dict) or not all(isinstance(item, dict) for item in required):
        raise BackupError(f"{path} is malformed. Nothing was changed. Use another backup.")
    if not all(isinstance(name, str) for name in names):
        raise BackupError(f"{path} is malformed. Nothing was changed. Use another backup.")
    return manifest


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(tuple(old) for old in migration.replaces or [])
    return known


def verify_backup(folder: Path, manifest: dict, engine: str) -> None:
    """Refuse (BackupError) unless the backup is complete, intact and fits this portal."""
    folder = Path(folder)
    files = manifest["files"]
    needed = {manifest["database"]["file"], manifest["media"]["file"]}
    missing_entries = needed - set(files)
    if missing_entries:
        raise BackupError(
            f"{folder / MANIFEST} lists no checksum for {', '.join(sorted(missing_entries))}: "
            "the backup is incomplete. Nothing was changed. Use another backup."
        )
    for name, expected in sorted(files.items()):
        if Path(name).name != name or name.startswith("."):
            raise BackupError(
                f"{folder / MANIFEST} names a file outside the backup folder ({name!r}). "
                "Nothing was changed. Do not restore this backup."
            )
        path = folder / name
        if not path.is_file():
            raise BackupError(
                f"The backup {folder} is incomplete: {name} is missing. Nothing was changed. "
                "Copy the whole backup folder again, or use another backup."
            )
        try:
            size, digest = int(expected["bytes"]), str(expected["sha256"])
        except (KeyError, TypeError, ValueError):
            raise BackupError(
                f"{folder / MANIFEST} has no valid checksum for {name}. Nothing was changed. "
                "Use another backup."
            ) from None
        actual_size = path.stat().st_size
        actual = sha256(path) if actual_size == size else None
        if actual != digest:
            found = f"{actual_size} bytes" if actual is None else f"SHA-256 {actual[:16]}…"
            raise BackupError(
                f"The backup {folder} is damaged: {name} does not match manifest.json "
                f"({found}, expected {size} bytes and SHA-256 {digest[:16]}…). Nothing was "
                "changed. Copy the backup again from where it is stored, or use another backup."
            )
    made_for = manifest["database"]["engine"]
    if made_for != engine:
        raise BackupError(
            f"This backup is of a {ENGINE_LABELS.get(made_for, made_for)} database, but this "
            f"portal uses {ENGINE_LABELS[engine]} (see DATABASE_URL). Nothing was changed. "
            f"Restore it with DATABASE_URL pointing at a {ENGINE_LABELS.get(made_for, made_for)} "
            f"database, or use a backup made from {ENGINE_LABELS[engine]}."
        )
    if manifest["database"]["file"] != DUMP_FILES[engine]:
        raise BackupError(
            f"The database file of this backup should be {DUMP_FILES[engine]}, not "
            f"{manifest['database']['file']}. Nothing was changed. Use another backup."
        )
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(applied - _known_migrations())
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"This backup was made by a newer version of the portal: its database has "
            f"migrations this code does not know ({shown}{', …' if len(unknown) > 5 else ''}). "
            "Nothing was changed. Check out the portal version the backup was made with "
            f"(Django {manifest.get('versions', {}).get('django', '?')}), then restore."
        )


def pending_migrations(manifest: dict) -> list[str]:
    """Migrations of this code that the backup's database has not applied."""
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    squashed_by = {
        tuple(old): key for key, m in loader.disk_migrations.items() for old in m.replaces or []
    }
    pending = []
    for key, migration in loader.disk_migrations.items():
        if key in applied or squashed_by.get(key) in applied:
            continue
        if migration.replaces and all(tuple(old) in applied for old in migration.replaces):
            continue
        pending.append(".".join(key))
    return sorted(pending)


# Restore -------------------------------------------------------------------------------------


def extract_media(archive: Path, media_root: Path) -> Path:
    """Unpack the media archive into a new folder beside `media_root` and return it."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the folder and
            # device files, and drops set-uid bits.
            tar.extractall(staging, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"The media archive {archive} cannot be unpacked ({error}). Nothing was changed. "
            "Use another backup."
        ) from None
    return staging


def _swap_media(staging: Path, media_root: Path, stamp: str) -> Path | None:
    previous = None
    mode = 0o755
    if media_root.is_symlink() or media_root.exists():
        mode = media_root.stat().st_mode & 0o7777
        if media_root.is_dir() and not media_root.is_symlink() and not any(media_root.iterdir()):
            media_root.rmdir()
        else:
            previous = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(previous)
    staging.rename(media_root)
    media_root.chmod(mode)
    return previous


def _restore_sqlite(dump: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connections.close_all()
    src = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = src.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(
                f"The database file of the backup fails SQLite's check ({check}). Nothing was "
                "changed. Use another backup."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target, timeout=20)
        try:
            # Page by page into the live file, under SQLite's locks: no stale WAL can survive.
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as error:
        raise BackupError(
            f"SQLite could not restore into {target} ({error}). Stop the portal's processes "
            "that hold the database (a long write blocks the restore) and try again."
        ) from None
    finally:
        src.close()


def _restore_postgresql(dump: Path) -> None:
    args, env = _pg_arguments()
    connections.close_all()
    try:
        _restore_with_pg_restore(dump, args, env)
    except BackupError as error:
        raise BackupError(
            f"{error}\nThe database was left as it was: pg_restore runs in one transaction. "
            "Stop the portal's processes (they hold locks) or restore into an empty database."
        ) from None


def _restore_with_pg_restore(dump: Path, args: list[str], env: dict) -> None:
    _run_pg(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",  # all or nothing
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
    )


def _clear_caches() -> dict[str, str]:
    """Empty every cache, so nothing rendered from the replaced data is served again.

    The database cache tables are made first: a backup from before one was configured (the
    page cache's own table, CACHE_URL=db://<table>) restores without it.
    """
    call_command("createcachetable", verbosity=0)
    outcome = {}
    for alias in settings.CACHES:
        try:
            caches[alias].clear()
        except Exception as error:  # noqa: BLE001 - reported to the person restoring
            outcome[alias] = f"not emptied ({error})"
        else:
            outcome[alias] = "emptied"
    return outcome


def restore_backup(folder: Path) -> dict:
    """Restore database and media from `folder`; return what was restored."""
    folder = Path(folder).resolve()
    manifest = read_manifest(folder)
    engine = current_engine()
    verify_backup(folder, manifest, engine)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    staging = extract_media(folder / manifest["media"]["file"], media_root)
    try:
        dump = folder / manifest["database"]["file"]
        if engine == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        previous = _swap_media(staging, media_root, stamp)
    except OSError as error:
        raise BackupError(
            f"The database was restored, but the media folder {media_root} could not be "
            f"replaced ({error}). The backup's media is unpacked in {staging}: move it to "
            f"{media_root} by hand (keep or remove the old one) before starting the portal."
        ) from None
    connections.close_all()
    with connection.cursor() as cursor:
        counts, _ = _database_state(cursor)
    if counts != manifest["counts"]:
        raise BackupError(
            f"The restore finished but the database holds {counts}, not {manifest['counts']} as "
            "the backup recorded. Do not put the portal back in service; restore again, and if "
            "it repeats use another backup."
        )
    return {
        "manifest": manifest,
        "counts": counts,
        "caches": _clear_caches(),
        "media_root": media_root,
        "previous_media": previous,
        "pending_migrations": pending_migrations(manifest),
    }
