"""Adding and removing the transcripts of an education entry: the only way their rows and files
are written (style.md, rule 3), each verb one transaction with its event
(`portfolio.transcript.added` / `.removed`, data: the owner's and the education entry's ids, never
the file's name or content).

The file is checked by content first (`transcripts.check_document`), then stored in the private
storage under a random name, and the row written; if anything fails after the file is stored, the
file is deleted again, so a refused or failed upload leaves nothing behind. A retried request
(the same idempotency `key`) returns the row made the first time.

Files never outlive their rows: `delete_file_after_commit` (a `post_delete` receiver, connected in
`PortfoliosConfig.ready`) deletes the stored file once the deletion commits, whatever deleted the
row: `remove_transcript`, removing the education entry, or erasing the person (both cascade).
"""

from __future__ import annotations

import logging
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dyad.core.events import record_event

from .models import Education, Transcript
from .services import PortfolioError, _must_own
from .transcripts import DocumentRejected, check_document, has_path, safe_name

logger = logging.getLogger(__name__)

#: the most files one education entry holds
MAX_PER_EDUCATION = 20


def add_transcript(
    *,
    education: Education,
    name: str,
    data: bytes,
    actor=None,
    key: uuid.UUID | None = None,
) -> Transcript:
    """Attach a transcript (PDF, PNG or JPEG, at most 10 MB, checked by content) to an education
    entry (requirements.md: education, shown by a transcript). Errors name the field `file`."""
    _must_own(education.owner_id, actor)
    existing = _earlier(education.owner_id, key)
    if existing is not None:
        return existing
    if has_path(name):
        raise PortfolioError(
            _("The file name contains folders. Send the file with its own name only."),
            field="file",
        )
    try:
        checked = check_document(data)
    except DocumentRejected as exc:
        raise PortfolioError(exc.message, field="file") from None
    row = None
    try:
        with transaction.atomic():
            # The entry's lock orders two uploads to it (the count below) and proves it is still
            # there: a file is never kept for an entry being removed.
            locked = Education.objects.select_for_update().filter(pk=education.pk).first()
            if locked is None:
                raise PortfolioError(_("This education entry was removed."), field="file")
            if locked.transcripts.count() >= MAX_PER_EDUCATION:
                raise PortfolioError(
                    _("An education entry holds at most %(limit)s files: remove one first.")
                    % {"limit": MAX_PER_EDUCATION},
                    field="file",
                )
            row = Transcript(
                owner_id=locked.owner_id,
                education=locked,
                original_name=safe_name(name),
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                idempotency_key=key,
            )
            row.file.save(f"upload{checked.extension}", ContentFile(data), save=False)
            row.save(force_insert=True)
            record_event(
                subject=row,
                verb="portfolio.transcript.added",
                actor=actor,
                data={"owner": locked.owner_id, "education": locked.pk},
            )
    except BaseException as exc:
        if row is not None and row.file.name:
            row.file.storage.delete(row.file.name)
        if isinstance(exc, IntegrityError):
            # Two copies of one request raced past the check above: the first one won.
            existing = _earlier(education.owner_id, key)
            if existing is not None:
                return existing
        raise
    return row


def remove_transcript(*, transcript: Transcript, actor=None) -> None:
    """Remove a transcript and, once that commits, its file. A second removal does nothing."""
    with transaction.atomic():
        locked = Transcript.objects.select_for_update().filter(pk=transcript.pk).first()
        if locked is None:
            return  # already removed: a retried request
        _must_own(locked.owner_id, actor)
        record_event(
            subject=locked,
            verb="portfolio.transcript.removed",
            actor=actor,
            data={"owner": locked.owner_id, "education": locked.education_id},
        )
        locked.delete()


def delete_file_after_commit(sender, instance: Transcript, **kwargs) -> None:
    """`post_delete` of a Transcript: its file goes when the deletion commits (not before: a
    rolled-back removal keeps both)."""
    name, storage = instance.file.name, instance.file.storage
    if not name:
        return

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:  # the row is gone either way; say so loudly, for an operator to clean
            logger.exception("Could not delete the transcript file %s", name)

    transaction.on_commit(delete)


def _earlier(owner_id: int, key: uuid.UUID | None) -> Transcript | None:
    if key is None:
        return None
    return Transcript.objects.filter(owner_id=owner_id, idempotency_key=key).first()
