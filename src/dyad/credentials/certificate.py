"""The certificate of an endorsement: a one-page PDF (WeasyPrint) with a QR code (segno) that
opens the credential's verification page.

Made on demand and cached by content: the key is a hash of every field the certificate shows
(and of its template), so an unchanged endorsement is served from the cache and a correction
(`correct_endorsement`), a renewal or a change of the association's name makes a new one.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from dyad.standards.codes import standard_of
from dyad.standards.requirement_sets import baseline_for

from .models import Endorsement

TEMPLATE = "credentials/certificate.html"
#: Not a static file: only WeasyPrint reads it (pages may have no <style>, by the CSP).
STYLESHEET = Path(__file__).with_name("certificate.css")
PAPERS = ("letter", "a4")
#: Regions whose people print on US Letter; everyone else who names a region gets A4.
LETTER_REGIONS = {"US", "CA", "MX", "PH", "PR", "CL", "CO", "VE", "CR", "GT", "SV", "PA", "DO"}
CACHE_SECONDS = 30 * 24 * 3600
# WeasyPrint reports every layout step at INFO: a line per step per certificate in the logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

#: The registered marks of the two standards, as a certificate names them.
MARKS = {
    "IMH-E": "Infant Mental Health Endorsement® (IMH-E®)",
    "ECMH-E": "Early Childhood Mental Health Endorsement® (ECMH-E®)",
}


@dataclass(frozen=True)
class CertificateContent:
    """Everything the certificate shows: the cache key is a hash of it."""

    association: str
    association_mark: str
    holder_name: str
    category: str
    category_name: str
    standard_mark: str
    granted: str
    expires: str
    number: str
    verify_url: str
    paper: str
    language: str


def verify_url(endorsement: Endorsement) -> str:
    """The absolute address of the verification page, from SITE_URL (the address printed on
    paper must not depend on the host a request happened to use)."""
    path = reverse("credentials:verify", kwargs={"number": endorsement.number})
    return settings.SITE_URL.rstrip("/") + path


def paper_for(request) -> str:
    """`?paper=a4|letter`, else by the reader's language: Letter where the browser's first
    language names a region that prints on Letter (or names none), A4 elsewhere."""
    chosen = request.GET.get("paper", "").lower()
    if chosen in PAPERS:
        return chosen
    first = request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(",")[0].split(";")[0].strip()
    parts = first.replace("_", "-").split("-")
    if len(parts) < 2 or not parts[-1].isalpha() or len(parts[-1]) != 2:
        return "letter"
    return "letter" if parts[-1].upper() in LETTER_REGIONS else "a4"


def category_name(code: str) -> str:
    """The category's full name from its baseline requirement set, in the reader's language."""
    return _(baseline_for(code).category(code).name)


def content_of(endorsement: Endorsement, paper: str) -> CertificateContent:
    name = endorsement.association.name
    return CertificateContent(
        association=name,
        association_mark="".join(word[0] for word in name.split() if word[:1].isupper())[:6],
        holder_name=endorsement.holder_name,
        category=endorsement.category,
        category_name=category_name(endorsement.category),
        standard_mark=MARKS[standard_of(endorsement.category)],
        granted=formats.date_format(endorsement.granted, "DATE_FORMAT"),
        expires=formats.date_format(endorsement.expires, "DATE_FORMAT"),
        number=endorsement.number,
        verify_url=verify_url(endorsement),
        paper=paper,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def cache_key(content: CertificateContent) -> str:
    source = get_template(TEMPLATE).template.source + STYLESHEET.read_text()
    digest = hashlib.sha256(
        json.dumps(asdict(content), sort_keys=True).encode() + source.encode()
    ).hexdigest()
    return f"certificate:{digest}"


def certificate_pdf(endorsement: Endorsement, paper: str = "letter") -> bytes:
    """The certificate as PDF bytes, from the cache when nothing it shows has changed."""
    content = content_of(endorsement, paper)
    key = cache_key(content)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(content)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def render_pdf(content: CertificateContent) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only this function needs.
    from weasyprint import CSS, HTML

    qr = segno.make(content.verify_url, error="m")
    html = render_to_string(
        TEMPLATE,
        {"c": content, "qr": qr.svg_data_uri(border=0, dark="#1b1b1b")},
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
