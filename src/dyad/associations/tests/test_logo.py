"""A coordinator puts the association's logo on its certificates: a real PNG or JPEG, checked by
content (a renamed SVG or a picture declaring billions of pixels is refused with the reason, and
nothing is stored); only the association's coordinator can change it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from pypdf import PdfReader

from dyad.associations.models import Association
from dyad.core.models import Event
from dyad.credentials.certificate import certificate_pdf
from dyad.testing.factories import make_endorsement
from dyad.testing.files import jpeg, png, png_declaring
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path) -> Path:
    settings.DYAD_PRIVATE_FILES = tmp_path / "private"
    return settings.DYAD_PRIVATE_FILES


def stored(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def post_logo(client, data: bytes, name: str = "logo.png", **extra):
    return client.post(
        reverse("associations:logo", args=["alpha"]),
        {"logo": SimpleUploadedFile(name, data), **extra},
    )


def images_on_first_page(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages[0].images)


def test_a_logo_goes_on_the_certificate_and_comes_off_again(
    client, two_associations, storage_dir, django_capture_on_commit_callbacks
):
    alpha = two_associations["alpha"]["association"]
    endorsement = make_endorsement(alpha, "Ana Ruiz", "IFS")
    without = certificate_pdf(endorsement)
    client.force_login(two_associations["alpha"]["coordinator"])
    response = post_logo(client, png(300, 120))
    assert response.status_code == 302
    alpha.refresh_from_db()
    assert alpha.logo and len(alpha.logo_sha256) == 64
    assert len(stored(storage_dir)) == 1
    endorsement.refresh_from_db()
    with_logo = certificate_pdf(endorsement)
    assert images_on_first_page(with_logo) == images_on_first_page(without) + 1
    with scopes_disabled():
        assert Event.objects.filter(verb="association.logo_changed").count() == 1

    # a new logo replaces the old file; taking it off leaves none
    with django_capture_on_commit_callbacks(execute=True):
        post_logo(client, jpeg(), name="logo.jpg")
    assert len(stored(storage_dir)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("associations:logo", args=["alpha"]), {"remove": "on"})
    alpha.refresh_from_db()
    assert not alpha.logo and stored(storage_dir) == []
    endorsement.refresh_from_db()
    assert images_on_first_page(certificate_pdf(endorsement)) == images_on_first_page(without)


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "logo.png", "PNG or JPEG"),
        (b"%PDF-1.4 not a picture", "logo.jpg", "PNG or JPEG"),
        (png_declaring(50_000, 50_000), "logo.png", "too large"),
        (b"", "logo.png", "empty"),
    ],
    ids=["svg-renamed", "pdf-renamed", "pixel-bomb", "empty"],
)
def test_a_file_that_is_not_a_usable_picture_is_refused_and_nothing_is_kept(
    client, two_associations, storage_dir, data, name, reason
):
    client.force_login(two_associations["alpha"]["coordinator"])
    response = post_logo(client, data, name=name)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert stored(storage_dir) == []
    assert not Association.objects.get(slug="alpha").logo


def test_a_logo_over_2_mb_is_dropped_as_it_arrives(client, two_associations, storage_dir):
    client.force_login(two_associations["alpha"]["coordinator"])
    response = post_logo(client, png() + b"\0" * (2 * 1024 * 1024))
    assert "at most 2 MB" in response.content.decode()
    assert stored(storage_dir) == []


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_alphas_coordinator_changes_alphas_logo(
    client, two_associations, storage_dir, who, role
):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = post_logo(client, png())
    changed = bool(Association.objects.get(slug="alpha").logo)
    if (who, role) == ("alpha", "coordinator"):
        assert response.status_code == 302 and changed
    else:
        assert response.status_code == 404 and not changed
        assert stored(storage_dir) == []
