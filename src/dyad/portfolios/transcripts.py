"""What a transcript file is, decided by its content: never by its name or the type the browser
declares (issue 13: "checked by content").

`check_document(data)` accepts a PDF, PNG or JPEG of at most 10 MB and returns what it found (the
content type, the size, the SHA-256); anything else raises `DocumentRejected` with a sentence for
the person. Each format is recognised by its first bytes and then parsed for real:

- PNG and JPEG with Pillow. The pixel size is read from the header before any decoding and held to
  `MAX_PIXELS` (a page scanned at 600 dpi is about 35 million), so a small file that declares a
  huge image (a decompression bomb) is refused without being decoded; Pillow's own bomb guard is
  turned into an error too. A PNG's chunks are checked (CRCs); a JPEG is decoded at 1/8 scale.
- PDF with pypdf: `%PDF-` first, `%%EOF` near the end, a document that parses with at least one
  page, and no active content anywhere (JavaScript, launch actions, embedded files, rich media,
  forms that run scripts): every object is read, those packed in object streams too, with names
  as the PDF spells them decoded (`/J#61vaScript` is `/JavaScript`). A password-protected PDF
  that cannot be opened without the password is refused: its content cannot be checked.

`safe_name(name)` is the name shown and offered on download: the last part of any path, printable
characters only, at most 120 characters, never empty.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_NAME = 120

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}

#: PDF names that make a document do something when opened (scripts, programs, attachments)
ACTIVE = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
)
_RAW_ACTIVE = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?=[\s()<>\[\]{}/%]|$)"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
#: a stream's bytes (compressed pages, pictures): left out of the raw scan, where random bytes
#: could spell a name by chance
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
#: how many PDF objects are read at most (a transcript has a few hundred)
MAX_PDF_OBJECTS = 50_000


class DocumentRejected(Exception):
    """The file is not one Dyad keeps; `message` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Checked:
    content_type: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def too_large() -> DocumentRejected:
    return DocumentRejected(_("The file is larger than 10 MB. Send a smaller file."))


def check_document(data: bytes) -> Checked:
    """Accept a PDF, PNG or JPEG by its content, or raise `DocumentRejected`."""
    if not data:
        raise DocumentRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise too_large()
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        kind = PDF
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_image(data, "PNG")
        kind = PNG
    elif data.startswith(b"\xff\xd8\xff"):
        _check_image(data, "JPEG")
        kind = JPEG
    else:
        raise DocumentRejected(
            _(
                "This file is not a PDF, PNG or JPEG, whatever its name says. "
                "Send the transcript as a PDF or a picture."
            )
        )
    return Checked(kind, len(data), hashlib.sha256(data).hexdigest())


def _damaged(what: str) -> DocumentRejected:
    return DocumentRejected(
        _("The %(format)s file is damaged and cannot be read. Save it again and send it.")
        % {"format": what}
    )


def _check_image(data: bytes, fmt: str) -> None:
    from PIL import Image, UnidentifiedImageError

    too_big = DocumentRejected(
        _(
            "The picture is too large (more than 40 million pixels). "
            "Scan it at a lower resolution and send it again."
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                width, height = image.size  # from the header: nothing decoded yet
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    raise too_big
                if fmt == "PNG":
                    image.verify()  # every chunk's checksum, without decoding the pixels
                else:
                    image.draft("L", (max(1, width // 8), max(1, height // 8)))
                    image.load()
        except DocumentRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_big from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise _damaged(fmt) from None


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-1024:]:
        raise _damaged("PDF")
    active = DocumentRejected(
        _(
            "This PDF contains scripts, attachments or actions that run when it is opened. "
            "Print it to a new PDF (or scan it) and send that instead."
        )
    )
    # The raw bytes first (cheap, and sees what a damaged cross-reference table would hide),
    # then every object the parser finds, those packed in compressed object streams included.
    outside_streams = _STREAM.sub(b" ", data)
    if _RAW_ACTIVE.search(_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), outside_streams)):
        raise active
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about repairable details
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentRejected(
                    _(
                        "This PDF is protected by a password. "
                        "Save a copy without the password and send that."
                    )
                )
            if len(reader.pages) < 1:
                raise _damaged("PDF")
            if _has_active_content(reader):
                raise active
    except DocumentRejected:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError):
        raise _damaged("PDF") from None
    except RecursionError:  # deeply nested objects: a crafted file, not a transcript
        raise _damaged("PDF") from None


def _has_active_content(reader) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    ids = {(num, gen) for gen, table in reader.xref.items() for num in table}
    ids |= {(num, 0) for num in reader.xref_objStm}
    if len(ids) > MAX_PDF_OBJECTS:
        raise _damaged("PDF")
    stack: list = [reader.trailer]
    stack += [IndirectObject(num, gen, reader) for num, gen in ids]
    seen = 0
    while stack:
        obj = stack.pop()
        seen += 1
        if seen > MAX_PDF_OBJECTS * 20:
            raise _damaged("PDF")
        if isinstance(obj, IndirectObject):
            obj = obj.get_object()  # each object once: references are not followed
        if isinstance(obj, NameObject) and obj in ACTIVE:
            return True
        if isinstance(obj, DictionaryObject):  # stream dictionaries included
            if any(key in ACTIVE for key in obj):
                return True
            stack += [v for v in obj.values() if not isinstance(v, IndirectObject)]
        elif isinstance(obj, ArrayObject):
            stack += [v for v in obj if not isinstance(v, IndirectObject)]
    return False


def safe_name(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".").strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = f"{stem[: MAX_NAME - len(ext) - 1]}.{ext}" if ext and stem else name[:MAX_NAME]
    return name or _("document")


def download_name(name: str, content_type: str) -> str:
    """The name offered on download: the shown name, ending in the extension of what the file
    really is (a PDF sent as `transcript.exe` downloads as `transcript.exe.pdf`)."""
    wanted = EXTENSIONS[content_type]
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    ok = {PDF: {"pdf"}, PNG: {"png"}, JPEG: {"jpg", "jpeg"}}[content_type]
    return name if suffix in ok else f"{name}{wanted}"


def content_disposition(name: str) -> str:
    """`attachment` with a plain ASCII name for old clients and the exact name in UTF-8
    (RFC 6266, RFC 5987): `attachment; filename="Resume.pdf"; filename*=UTF-8''R%C3%A9sum...`."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""

    def ascii_part(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^A-Za-z0-9._ -]+", "_", text).strip(" ._")

    fallback = ascii_part(stem) or "document"
    if ascii_part(ext):
        fallback = f"{fallback}.{ascii_part(ext)}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def has_path(name: str) -> bool:
    """True when a file name carries folders (`../../etc/passwd.pdf`, `C:\\x.pdf`)."""
    return bool(re.search(r"[/\\]", name or "")) or (name or "").strip() in {".", ".."}


def sample_pdf(*lines: str, size: int = 0, pad: int = 0) -> bytes:
    """A small one-page PDF with these lines of text (ASCII): the demo's transcript, and tests'.
    With `size`, a comment after the header makes it exactly that many bytes long."""
    padding = b""
    if size:
        shortfall = size - len(sample_pdf(*lines))
        if shortfall < 3:
            raise ValueError(f"a PDF of these lines is longer than {size} bytes")
        # the offset after `startxref` may take more digits once padded: measure, then trim
        grown = len(sample_pdf(*lines, pad=shortfall)) - size
        padding = b"%" + b"x" * (shortfall - grown - 2) + b"\n"
    elif pad:
        padding = b"%" + b"x" * (pad - 2) + b"\n"
    text = "".join(
        f"({line.replace(chr(92), '').replace('(', '').replace(')', '')}) Tj 0 -18 Td "
        for line in lines
    )
    stream = f"BT /F1 12 Tf 72 720 Td {text}ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n" + padding)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    if size and len(out) != size:
        raise ValueError(f"a PDF of exactly {size} bytes cannot be made of these lines")
    return bytes(out)
