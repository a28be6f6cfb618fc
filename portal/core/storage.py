"""File storage that leaves nothing behind when a write fails half-way."""

import contextlib

from django.core.files.storage import FileSystemStorage


class CleanFileSystemStorage(FileSystemStorage):
    """Django's file storage, removing the partial file when the disk fills up mid-write.

    Django creates the file exclusively (``O_EXCL``) and then writes it in chunks; a full disk
    or an I/O error part-way leaves a truncated file that no row points at. The name it was
    writing is the one given here (Django only picks another on ``FileExistsError``, before
    anything is written), so that file is ours to remove.
    """

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            with contextlib.suppress(OSError):
                if self.exists(name):
                    self.delete(name)
            raise
