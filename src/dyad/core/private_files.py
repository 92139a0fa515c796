"""Files that only Dyad's own views hand out (a person's transcripts): never under the web root,
the static files or MEDIA_ROOT, and with no address of their own.

The directory is `settings.DYAD_PRIVATE_FILES`, read each time it is used (so a test can point
it at a temporary directory with the `settings` fixture). Names are chosen by the caller (random,
never a person's file name); `url()` refuses, so no template can link to a file by mistake: a view
that checks who is asking streams it instead.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="dyad.core.private_files.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    def __init__(self) -> None:
        # readable by Dyad's own user only
        super().__init__(
            location=None,
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.DYAD_PRIVATE_FILES)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("A private file has no address: a view that checks access serves it.")


def private_storage() -> PrivateStorage:
    """The storage of private files (a callable, so migrations name it rather than a path)."""
    return PrivateStorage()
