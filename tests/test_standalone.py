"""The project stands alone: a clone has nothing beside it, so nothing in it reads or points at a
directory outside the repository (the team's notes live elsewhere)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"\.\./shared|\bshared/(contracts|domain|seed)\b|/work/shared")


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_nothing_in_the_repository_reads_or_points_outside_it():
    offenders = []
    for path in tracked_files():
        if path == Path(__file__) or path.suffix in {".mo", ".png", ".lock"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_example_and_schemas_are_in_the_repository():
    for name in ("example-portfolio.json", "portfolio.schema.json", "assessment.schema.json"):
        assert (ROOT / "docs" / name).resolve().is_file(), name
