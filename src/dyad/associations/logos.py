"""An association's logo, checked by its content: a PNG or JPEG of at most 2 MB and 16 million
pixels (read from the header before anything is decoded), never by its name or declared type."""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext as _

from dyad.core.errors import DyadError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 16_000_000
FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg")}


class LogoRejected(DyadError):
    """A file that cannot be a logo; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="logo")


def check_logo(data: bytes) -> tuple[str, str]:
    """(content type, extension) of a logo Dyad can print, or LogoRejected."""
    from PIL import Image  # Pillow: only needed when a logo is uploaded

    if not data:
        raise LogoRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise LogoRejected(_("A logo can be at most 2 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind not in FORMATS:
                    raise LogoRejected(_("A logo must be a PNG or JPEG picture."))
                if width * height > MAX_PIXELS:
                    raise LogoRejected(
                        _("This picture is too large: use one under 4000 by 4000 pixels.")
                    )
                image.verify()
    except LogoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoRejected(
            _("This picture is too large: use one under 4000 by 4000 pixels.")
        ) from None
    except (OSError, SyntaxError, ValueError, Warning):
        raise LogoRejected(_("A logo must be a PNG or JPEG picture.")) from None
    return FORMATS[kind]
