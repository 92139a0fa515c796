"""Private files (transcripts) live where nothing serves them, and have no address."""

import pytest
from django.core.files.base import ContentFile

from dyad.core.private_files import private_storage
from dyad.core.tests.test_production_settings import manage


def test_private_files_follow_the_setting_and_have_no_address(settings, tmp_path):
    settings.DYAD_PRIVATE_FILES = tmp_path / "here"
    storage = private_storage()
    name = storage.save("transcripts/x.pdf", ContentFile(b"%PDF-"))
    path = tmp_path / "here" / name
    assert path.read_bytes() == b"%PDF-"
    assert path.stat().st_mode & 0o077 == 0  # no one else on the machine reads it
    with pytest.raises(ValueError, match="no address"):
        storage.url(name)


def test_dyad_refuses_to_start_with_private_files_under_media_root(tmp_path):
    result = manage("check", MEDIA_ROOT=str(tmp_path), DYAD_PRIVATE_FILES=str(tmp_path / "private"))
    assert result.returncode != 0
    assert "DYAD_PRIVATE_FILES" in result.stderr
    assert "served to anyone" in result.stderr
