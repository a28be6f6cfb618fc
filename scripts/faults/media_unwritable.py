"""Uploads when the media folder is unwritable or the disk is full: a clear error, no dangling row.

A signed-in administrator uploads documents through the admin (/admin/documents/add/) to a
portal whose MEDIA_ROOT is a small tmpfs mounted for the run (we run as root, so file modes
would not stop a write). Phases, on the same running portal:

1. writable: the upload is saved (the control: the path works);
2. read-only (``mount -o remount,ro``): the upload is refused with a clear message on the form;
3. full (the tmpfs filled to the last byte): the upload is refused with a clear message.

Afterwards every PortalDocument row points at a file that exists, and the failed uploads left
no row. Without permission to mount, the documents folder is replaced by a regular file
instead (phase 2 only; FAULTS_NO_MOUNT=1 forces that).

    .venv/bin/python scripts/faults/media_unwritable.py
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ADMIN_EMAIL, AdminSession, Report, harness  # noqa: E402

CLEAR = ("could not be stored", "no se pudo", "disk may be full", "disco")
BOUND = 30.0
TMPFS_SIZE = "2m"


def mount(*args) -> bool:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=20)
    return done.returncode == 0


def document_text(number: int) -> bytes:
    line = f"Documento de prueba {number}: prevención del delito en el ámbito municipal.\n"
    return (line * 400).encode()  # ~30 KB of plain text


def rows(pg) -> list[tuple[int, str]]:
    out = pg.psql("SELECT id, file FROM core_portaldocument ORDER BY id", database="portal")
    return [(int(i), f) for i, f in (line.split("|", 1) for line in out.splitlines() if line)]


def upload(admin: AdminSession, number: int) -> tuple[int, str, float]:
    data = admin.form_data("/admin/documents/add/", form_id="w-editor-form")
    data["title"] = f"Documento de prueba {number}"
    files = {"file": (f"documento-de-prueba-{number}.txt", document_text(number), "text/plain")}
    start = time.monotonic()
    response = admin.post("/admin/documents/add/", data, files=files, timeout=BOUND + 5)
    return response.status_code, response.text, time.monotonic() - start


def refused(report, label, pg, admin, number, before) -> None:
    status, text, took = upload(admin, number)
    message = next((phrase for phrase in CLEAR if phrase in text.lower()), None)
    after = rows(pg)
    report.check(
        f"{label}: the upload is refused with a clear message on the form (not a 500)",
        status == 200 and message is not None and took <= BOUND,
        f"status {status} in {took:.2f} s, message {'“…' + message + '…”' if message else 'missing'}",
    )
    report.check(
        f"{label}: no document row was saved",
        len(after) == len(before),
        f"{len(before)} rows before, {len(after)} after",
    )


def dangling(report, pg, media: Path) -> None:
    current = rows(pg)
    missing = [(i, f) for i, f in current if not (media / f).is_file()]
    report.check(
        "every PortalDocument row points at a file that exists",
        not missing,
        f"{len(current)} rows checked, {len(missing)} dangling {missing[:3]}",
    )
    stored = {f for _i, f in current}
    documents = media / "documents"
    orphans = (
        [p.name for p in documents.iterdir() if f"documents/{p.name}" not in stored]
        if documents.is_dir()
        else []
    )
    report.info(
        f"{len(orphans)} file(s) in media/documents with no row (harmless leftovers): {orphans[:3]}"
    )


def main() -> int:
    report = Report("media_unwritable: document uploads to an unwritable or full media folder")
    workdir = None
    mounted = None
    try:
        with harness.PostgresCluster() as pg:
            env = harness.portal_env(DATABASE_URL=pg.create_database("portal"))
            workdir = Path(env["VAR_DIR"])
            harness.prepare_database(env)
            media = workdir / "media-run"
            media.mkdir()
            if not os.environ.get("FAULTS_NO_MOUNT") and mount(
                "-t",
                "tmpfs",
                "-o",
                f"size={TMPFS_SIZE},mode=0755",
                "tmpfs",
                str(media),
            ):
                mounted = media
            shutil.copytree(workdir / "media", media, dirs_exist_ok=True)
            env = env | {"MEDIA_ROOT": str(media)}
            with harness.Portal(env, workers=1, threads=4) as portal:
                admin = AdminSession(portal.url, timeout=BOUND)
                admin.login(ADMIN_EMAIL, harness.demo_password(env))
                before = rows(pg)
                report.info(
                    f"portal {portal.url}; MEDIA_ROOT {'a ' + TMPFS_SIZE + ' tmpfs' if mounted else 'a plain folder (mount not permitted)'}; "
                    f"{len(before)} document rows"
                )
                status, text, took = upload(admin, 1)
                saved = rows(pg)
                report.check(
                    "writable: the upload is saved (control)",
                    status == 302 and len(saved) == len(before) + 1,
                    f"status {status} in {took:.2f} s, rows {len(before)} -> {len(saved)}",
                )
                before = saved
                if mounted:
                    if mount("-o", "remount,ro", str(media)):
                        try:
                            refused(report, "read-only", pg, admin, 2, before)
                        finally:
                            mount("-o", "remount,rw", str(media))
                    else:
                        report.fail("read-only: remount the tmpfs read-only")
                    filler = media / "filler.bin"
                    with filler.open("wb") as handle:
                        try:
                            while True:
                                handle.write(b"\0" * 65536)
                                handle.flush()
                        except OSError:
                            pass
                    usage = shutil.disk_usage(media)
                    report.info(f"tmpfs filled: {usage.free} bytes free of {usage.total}")
                    try:
                        refused(report, "disk full", pg, admin, 3, before)
                    finally:
                        filler.unlink(missing_ok=True)
                else:
                    report.info("tmpfs not available: the documents folder becomes a regular file")
                    documents = media / "documents"
                    shutil.move(documents, media / "documents.saved")
                    documents.write_text("not a folder")
                    try:
                        refused(report, "documents folder unusable", pg, admin, 2, before)
                    finally:
                        documents.unlink()
                        shutil.move(media / "documents.saved", documents)
                status, text, took = upload(admin, 4)
                after = rows(pg)
                report.check(
                    "writable again: the next upload is saved (no restart)",
                    status == 302 and len(after) == len(before) + 1,
                    f"status {status} in {took:.2f} s",
                )
                dangling(report, pg, media)
                if not report.ok:
                    report.info("server log (tail):\n" + portal.log(2500))
    except (harness.HarnessError, RuntimeError, OSError) as error:
        report.fail("setup or run", str(error)[-2000:])
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mounted)], capture_output=True, timeout=20)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
