"""Backups: `manage.py backup` / `restore` (make backup, make restore) on SQLite and PostgreSQL.

A backup of a database with content is restored into a fresh database and a fresh media folder,
and every page, revision and document (rows and file bytes) must come back. Commands run in
subprocesses, as an operator runs them, so the backup reads committed data only:

- the source is a copy of the test database (a file on SQLite; on PostgreSQL a new database,
  portal_backup_<random>, dropped afterwards) in which a subprocess builds a published page of
  every type, a page with a newer draft and documents with the factories, their files in a
  media folder of the source's own (the test database and the shared test media folder are
  left alone);
- restores go into a new VAR_DIR (so a new media folder and, on SQLite, a new database file) and,
  on PostgreSQL, a new database (portal_restore_<random>) dropped afterwards.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from portal.core.backups import (
    MANIFEST,
    BackupError,
    extract_media,
    read_manifest,
    verify_backup,
)

ROOT = Path(__file__).resolve().parents[2]
ENGINE = connection.vendor
# The marker makes pytest-django create the test database (without any test using it, the
# connection would still point at the development database).
pytestmark = pytest.mark.django_db

# Prints the whole content as JSON: pages, revisions, documents with the SHA-256 of their files.
SNAPSHOT = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

def digest(name):
    path = Path(settings.MEDIA_ROOT) / name
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

pages = list(Page.objects.order_by("path").values_list(
    "id", "path", "url_path", "title", "slug", "live", "has_unpublished_changes",
    "locale__language_code", "content_type__model"))
revisions = [
    [r.id, r.content_type.model, r.object_id, r.created_at.isoformat(),
     hashlib.sha256(json.dumps(r.content, sort_keys=True, default=str).encode()).hexdigest()]
    for r in Revision.objects.order_by("id").select_related("content_type")]
documents = [
    [d.id, d.title, d.file.name, d.file_hash, d.collection.name, digest(d.file.name)]
    for d in get_document_model().objects.order_by("id").select_related("collection")]
print(json.dumps({"pages": pages, "revisions": revisions, "documents": documents}, default=str))
"""


# Builds the source's content (committed: the shell runs in autocommit).
BUILD = """
from tests.factories.core import PortalDocumentFactory
from tests.factories.every import one_of_every_page_type
from tests.factories.pages import InstitutionPageFactory, PracticePageFactory, publish

one_of_every_page_type()
institution = publish(InstitutionPageFactory())
changed = publish(PracticePageFactory(parent=institution))
changed.title = "Un borrador más nuevo que lo publicado"
changed.save_revision()
for n in range(3):
    PortalDocumentFactory()
PortalDocumentFactory(collection=institution.access.collection)
"""


def manage(*args, env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def base_env(var_dir: Path, **overrides) -> dict:
    drop = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "MEDIA_ROOT", "VAR_DIR", "PAGE_CACHE_DIR"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(
        {
            # The test database holds the test-only content type's tables and migrations.
            "DJANGO_SETTINGS_MODULE": "tests.registry_app.base_settings",
            "DEBUG": "1",
            "VAR_DIR": str(var_dir),
        }
    )
    env.update(overrides)
    return env


def snapshot(env: dict) -> dict:
    result = manage("shell", "-v", "0", "-c", SNAPSHOT, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_url(name: str) -> str:
    db = connection.settings_dict
    netloc = f"{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return urlunsplit(("postgres", netloc, f"/{name}", "", ""))


def postgres_admin(sql: str) -> None:
    import psycopg

    db = connection.settings_dict
    admin = psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        autocommit=True,
    )
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql)
    finally:
        admin.close()


def postgres_table_count(name: str) -> int:
    import psycopg

    parts = urlsplit(postgres_url(name))
    db = psycopg.connect(
        dbname=name,
        user=parts.username,
        password=parts.password,
        host=parts.hostname,
        port=parts.port,
    )
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return cursor.fetchone()[0]
    finally:
        db.close()


@pytest.fixture(scope="module")
def source(tmp_path_factory, django_db_setup, django_db_blocker):
    """Environment of a database holding content, and its content.

    A copy of the test database (the registry and the site's sections), made before any test's
    transaction begins: on SQLite a file, on PostgreSQL a new database made from it as a
    template. A subprocess then builds content in it with the factories (``BUILD``).
    """
    from tests.factories.every import portal_page_models

    name = str(connection.settings_dict["NAME"])
    assert name.startswith("test_") or "memory" in name, f"not a test database: {name}"
    folder = tmp_path_factory.mktemp("backup-source")
    copy = None
    with django_db_blocker.unblock():
        if ENGINE == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(folder / "db.sqlite3")
            connection.connection.backup(target)
            target.close()
            env = base_env(folder)
        else:
            copy = f"portal_backup_{uuid.uuid4().hex[:12]}"
            connection.close()  # a template database must have no other session
            postgres_admin(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
            env = base_env(
                folder, DATABASE_URL=postgres_url(copy), MEDIA_ROOT=str(folder / "media")
            )
    try:
        built = manage("shell", "-v", "0", "-c", BUILD, env=env)
        assert built.returncode == 0, built.stderr
        content = snapshot(env)
        # Every page type, revisions, a newer draft and documents with their files are there,
        # so the comparisons below mean something.
        kinds = {page[-1] for page in content["pages"]}
        assert {model._meta.model_name for model in portal_page_models()} <= kinds
        assert any(page[5] and page[6] for page in content["pages"]), "no page with a draft"
        assert len(content["revisions"]) >= len(portal_page_models())
        assert len(content["documents"]) >= 4
        assert all(document[-1] for document in content["documents"]), "a document has no file"
        yield {"env": env, "content": content}
    finally:
        if copy:
            postgres_admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


@pytest.fixture(scope="module")
def backup(source, tmp_path_factory) -> Path:
    parent = tmp_path_factory.mktemp("backups")
    result = manage("backup", "--dir", str(parent), env=source["env"])
    assert result.returncode == 0, result.stderr
    (folder,) = parent.iterdir()  # one complete folder, no partial one left
    assert str(folder) in result.stdout
    return folder


@pytest.fixture
def fresh_target(tmp_path):
    """Environment of an empty database and an empty VAR_DIR (so a new media folder)."""
    var_dir = tmp_path / "target"
    if ENGINE == "sqlite":
        yield base_env(var_dir)
        return
    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    postgres_admin(f'CREATE DATABASE "{name}"')
    try:
        env = base_env(var_dir, DATABASE_URL=postgres_url(name))
        env["TEST_DATABASE_NAME"] = name
        yield env
    finally:
        postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_folder_holds_dump_media_and_a_manifest_with_checksums(source, backup):
    manifest = json.loads((backup / MANIFEST).read_text())
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[ENGINE]
    assert sorted(path.name for path in backup.iterdir()) == sorted(
        [dump, "media.tar.gz", MANIFEST]
    )
    assert manifest["database"]["engine"] == ENGINE
    assert manifest["created_at"].endswith("Z")
    content = source["content"]
    assert manifest["counts"]["pages"] == len(content["pages"])
    assert manifest["counts"]["revisions"] == len(content["revisions"])
    assert manifest["counts"]["documents"] == len(content["documents"])
    assert "0001_initial" in manifest["migrations"]["wagtailcore"]
    for name in (dump, "media.tar.gz"):
        data = (backup / name).read_bytes()
        assert manifest["files"][name] == {
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        assert (backup / name).stat().st_mode & 0o077 == 0, "backups hold password hashes"
    with tarfile.open(backup / "media.tar.gz") as tar:
        archived = {member.name for member in tar.getmembers() if member.isfile()}
    assert {document[2] for document in content["documents"]} <= archived


def test_restore_into_a_fresh_database_brings_back_every_page_revision_and_document(
    source, backup, fresh_target
):
    result = manage("restore", str(backup), "--noinput", env=fresh_target)
    assert result.returncode == 0, result.stderr
    assert "Restored the backup" in result.stdout
    assert "not emptied" not in result.stdout  # the database cache tables are made if missing
    assert snapshot(fresh_target) == source["content"]

    media = Path(fresh_target["VAR_DIR"]) / "media"
    with tarfile.open(backup / "media.tar.gz") as tar:
        for member in tar.getmembers():
            if member.isfile():
                assert (media / member.name).read_bytes() == tar.extractfile(member).read()

    # Restoring over a portal that changed since (a title, a revision gone, a document's title
    # and file, a stray file) brings the backup's state back; the replaced media folder is kept aside.
    change = (
        "from wagtail.models import Page, Revision; from wagtail.documents import "
        "get_document_model as model; Page.objects.filter(depth=2).update(title='Cambiado');"
        "Revision.objects.order_by('-pk').first().delete(); d = model().objects.first();"
        "d.file.storage.delete(d.file.name); model().objects.filter(pk=d.pk).update(title='x')"
    )
    assert manage("shell", "-v", "0", "-c", change, env=fresh_target).returncode == 0
    (media / "stray.txt").write_text("not in the backup")
    # A page rendered before the restore must not be served after it: caches are emptied (a
    # folder cache here, so that emptying is seen apart from the database being replaced).
    cache_dir = Path(fresh_target["VAR_DIR"]) / "cache"
    with_folder = fresh_target | {"CACHE_URL": f"file://{cache_dir}"}
    keep = "from django.core.cache import caches; caches['pages'].set('stale', 'old', None)"
    assert manage("shell", "-v", "0", "-c", keep, env=with_folder).returncode == 0
    assert list((cache_dir / "pages").glob("*.djcache"))
    result = manage("restore", str(backup), "--noinput", env=with_folder)
    assert result.returncode == 0, result.stderr
    assert "not emptied" not in result.stdout
    assert not list((cache_dir / "pages").glob("*.djcache"))
    assert snapshot(fresh_target) == source["content"]
    assert not (media / "stray.txt").exists()
    (kept,) = Path(fresh_target["VAR_DIR"]).glob("media.before-restore-*")
    assert (kept / "stray.txt").exists()


def damaged_copy(backup: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    return copy


def test_restore_refuses_a_damaged_backup_before_touching_anything(backup, fresh_target, tmp_path):
    copy = damaged_copy(backup, tmp_path)
    dump = next(p for p in copy.iterdir() if p.name.startswith("database."))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    media = Path(fresh_target["VAR_DIR"]) / "media"
    media.mkdir(parents=True)
    (media / "keep.txt").write_text("untouched")

    result = manage("restore", str(copy), "--noinput", env=fresh_target)

    assert result.returncode != 0
    assert f"{dump.name} does not match manifest.json" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert (media / "keep.txt").read_text() == "untouched"
    assert not list(Path(fresh_target["VAR_DIR"]).glob("media.before-restore-*"))
    if ENGINE == "sqlite":
        assert not (Path(fresh_target["VAR_DIR"]) / "db.sqlite3").exists()
    else:
        assert postgres_table_count(fresh_target["TEST_DATABASE_NAME"]) == 0


def refusal(folder: Path, engine: str = ENGINE) -> str:
    with pytest.raises(BackupError) as error:
        verify_backup(folder, read_manifest(folder), engine)
    return str(error.value)


def test_a_missing_file_is_refused(backup, tmp_path):
    copy = damaged_copy(backup, tmp_path)
    (copy / "media.tar.gz").unlink()
    assert "incomplete: media.tar.gz is missing" in refusal(copy)


def test_a_truncated_file_is_refused(backup, tmp_path):
    copy = damaged_copy(backup, tmp_path)
    archive = copy / "media.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10])
    message = refusal(copy)
    assert "damaged: media.tar.gz does not match manifest.json" in message
    assert "use another backup" in message


def test_a_folder_without_manifest_is_refused(backup, tmp_path):
    copy = damaged_copy(backup, tmp_path)
    (copy / MANIFEST).unlink()
    with pytest.raises(BackupError, match="has no manifest.json: it is not a backup folder"):
        read_manifest(copy)
    with pytest.raises(BackupError, match="is not a folder"):
        read_manifest(tmp_path / "nowhere")


def test_a_backup_of_the_other_engine_is_refused(backup):
    other = "postgresql" if ENGINE == "sqlite" else "sqlite"
    message = refusal(backup, engine=other)
    assert "Nothing was changed" in message
    assert "DATABASE_URL" in message


def test_a_backup_from_newer_code_is_refused(backup, tmp_path):
    copy = damaged_copy(backup, tmp_path)
    manifest = json.loads((copy / MANIFEST).read_text())
    manifest["migrations"]["core"].append("9999_from_the_future")
    (copy / MANIFEST).write_text(json.dumps(manifest))
    assert "core.9999_from_the_future" in refusal(copy)


def test_a_manifest_naming_files_outside_the_folder_is_refused(backup, tmp_path):
    copy = damaged_copy(backup, tmp_path)
    manifest = json.loads((copy / MANIFEST).read_text())
    manifest["files"]["../manifest.json"] = {"bytes": 1, "sha256": "0" * 64}
    (copy / MANIFEST).write_text(json.dumps(manifest))
    assert "outside the backup folder" in refusal(copy)


def test_media_archive_cannot_write_outside_the_media_folder(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(BackupError, match="cannot be unpacked"):
        extract_media(archive, tmp_path / "media")
    assert not (tmp_path / "escaped.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["evil.tar.gz"]  # staging folder removed


def test_backup_without_a_database_says_what_to_do(tmp_path):
    result = manage("backup", "--dir", str(tmp_path / "backups"), env=base_env(tmp_path))
    assert result.returncode != 0
    assert "There is no database at" in result.stderr and "make setup" in result.stderr
    assert not list((tmp_path / "backups").iterdir())  # no partial folder left behind


def test_make_restore_without_backup_says_how():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", "restore"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "make restore BACKUP=var/backups/<folder>" in result.stderr
