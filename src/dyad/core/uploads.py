"""Uploads held to a size while they arrive: a file past the limit is dropped as it streams in,
never written to disk or kept in memory whole."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in the request; past `limit` the upload stops and the
    request goes on without the file (the form then says the file is too large)."""

    def __init__(self, request=None, limit: int = 0) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_uploads(request, limit: int) -> SizeLimitedUploadHandler:
    """Put the size check first in this request's upload handlers (before any body is read)."""
    handler = SizeLimitedUploadHandler(request, limit)
    request.upload_handlers.insert(0, handler)
    return handler
