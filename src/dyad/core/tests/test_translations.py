"""The Spanish catalogue is complete: every string of every page is translated, the engine's
findings included."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]


def translations(entry: str) -> list[str]:
    """The msgstr texts of one catalogue entry (one, or one per plural form)."""
    texts: list[str] = []
    for line in entry.splitlines():
        if line.startswith("msgstr"):
            texts.append(line.split(" ", 1)[1].strip('"'))
        elif line.startswith('"') and texts:
            texts[-1] += line.strip('"')
    return texts


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs gettext (apt-get install gettext)"
)
def test_every_string_has_a_spanish_translation(tmp_path):
    copy = tmp_path / "dyad"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es",
            "--no-obsolete",
            "--ignore",
            "static/*",
            "--ignore",
            "*/tests/*",
            "--ignore",
            "testing/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "dyad.settings",
            "PYTHONPATH": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
    )
    po = (copy / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text()
    entries = po.split("\n\n")[1:]  # the first entry is the header
    missing = [e for e in entries if any(not text for text in translations(e))]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not missing, "untranslated:\n" + "\n\n".join(missing[:10])
    assert not fuzzy, "fuzzy:\n" + "\n\n".join(fuzzy[:10])
