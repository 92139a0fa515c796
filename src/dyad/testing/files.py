"""Pictures for upload tests, made in code: real small ones, and crafted ones whose header
declares a huge size (a few dozen bytes on disk, billions of pixels were they decoded)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png(width: int = 4, height: int = 3) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "JPEG")
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels, with one tiny compressed row: a
    few dozen bytes on disk, billions of pixels were it decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF0) claims `width` x `height` pixels."""
    data = bytearray(jpeg())
    at = data.index(b"\xff\xc0") + 5  # marker, length (2), precision (1): then height, width
    data[at : at + 4] = struct.pack(">HH", height, width)
    return bytes(data)
