"""The `dyad assess` and `dyad plan` commands, to the letter of docs/portfolio-format.md."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.cli import main

from .builders import complete_imhs, doc, job

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "example-portfolio.json"
DYAD = Path(sys.executable).parent / "dyad"


def write(tmp_path, document, name="portfolio.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_follows_the_contract(tmp_path, capsys):
    path = write(tmp_path, complete_imhs())
    code, out, err = run(
        capsys, "assess", path, "--category", "IMHS", "--as-of", "2026-06-30", "--format", "json"
    )
    assert code == 0
    assert err == ""
    result = json.loads(out)
    assert result["format"] == "dyad-assessment/1"
    assert result["standard"] == "IMH-E"
    assert result["requirement_set"] == "imh-e-baseline"
    assert result["mode"] == "application"
    assert result["status"] == "eligible"
    rsc = next(f for f in result["findings"] if f["rule"] == "rsc_received")
    assert rsc["need"] == 50.0 and rsc["have"] == 50.0 and rsc["unit"] == "hours"
    assert rsc["evidence"][0] == "/rsc/0"


def test_text_output_puts_the_result_first_then_a_line_per_requirement(tmp_path, capsys):
    path = write(tmp_path, complete_imhs(exams=[]))
    code, out, _ = run(capsys, "assess", path, "--category", "IMHS", "--as-of", "2026-06-30")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Result: NOT ELIGIBLE — 1 of 8 requirements unmet"
    assert any(line.strip().startswith("✗ exam") for line in lines)
    assert any(
        line.strip().startswith("✓ rsc_received") and "50 RS/C hours" in line for line in lines
    )


def test_contract_example_assesses(capsys):
    code, out, _ = run(
        capsys,
        "assess",
        str(EXAMPLE),
        "--category",
        "IMHS",
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    )
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "not_eligible"
    assert [f["rule"] for f in result["findings"] if f["status"] == "unmet"] == [
        "training",
        "rsc_received",
        "references",
        "agreements",
    ]


def test_renewal_mode(tmp_path, capsys):
    document = doc(
        endorsements=[{"category": "IFA", "granted": "2020-01-01", "expires": "2026-12-31"}]
    )
    code, out, _ = run(
        capsys,
        "assess",
        write(tmp_path, document),
        "--category",
        "IFA",
        "--renewal",
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    )
    assert code == 0
    result = json.loads(out)
    assert result["mode"] == "renewal"
    first = result["findings"][0]
    assert {k: first[k] for k in ("rule", "status", "evidence", "message")} == {
        "rule": "endorsement",
        "status": "met",
        "evidence": ["/endorsements/0"],
        "message": "IFA endorsement valid until 2026-12-31",
    }
    # The optional fields the JSON form gained: the message as a code with parameters.
    assert (first["code"], first["params"]) == (
        "endorsement.valid",
        {"category": "IFA", "date": "2026-12-31"},
    )


def test_ecmh_category_uses_its_own_baseline(tmp_path, capsys):
    _, out, _ = run(
        capsys, "assess", write(tmp_path, doc()), "--category", "ECMHS", "--format", "json"
    )
    assert json.loads(out)["requirement_set"] == "ecmh-e-baseline"


def test_a_requirement_set_file_with_overrides(tmp_path, capsys):
    variant = {
        "format": "dyad-requirement-set/1",
        "id": "lakes-2027",
        "version": 3,
        "title": "Lakes 2027",
        "extends": "imh-e-baseline",
        "overrides": {"IMHS": {"application": {"rsc_received": {"hours": 40}}}},
    }
    set_path = tmp_path / "lakes.json"
    set_path.write_text(json.dumps(variant))
    document = complete_imhs()
    document["rsc"] = document["rsc"][:40]
    path = write(tmp_path, document)
    code, out, _ = run(
        capsys,
        "assess",
        path,
        "--category",
        "IMHS",
        "--as-of",
        "2026-06-30",
        "--requirement-set",
        str(set_path),
        "--format",
        "json",
    )
    assert code == 0
    result = json.loads(out)
    assert result["requirement_set"] == "lakes-2027"
    assert result["status"] == "eligible"
    code, out, _ = run(
        capsys, "assess", path, "--category", "IMHS", "--as-of", "2026-06-30", "--format", "json"
    )
    assert json.loads(out)["status"] == "not_eligible"


def test_plan_lists_every_category_of_both_standards(tmp_path, capsys):
    code, out, _ = run(
        capsys,
        "plan",
        write(tmp_path, complete_imhs()),
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    )
    assert code == 0
    result = json.loads(out)
    assert result["format"] == "dyad-plan/1"
    assert len(result["categories"]) == 13
    assert "IMHS" in result["eligible"]
    gap = next(c for c in result["categories"] if c["category"] == "IMHM-C")["missing"][0]
    assert (gap["rule"], gap["code"], gap["params"]["level"]) == (
        "leadership",
        "months.unmet_after",
        {"code": "level.master", "params": {}},
    )


# -- bad input: exit 2, a pointer per problem on stderr, nothing on stdout --------------------


def bad_job(**change):
    entry = job()
    entry.update(change)
    return doc(work=[entry])


BAD_DOCUMENTS = [
    (
        "missing required field",
        doc(training=[{"title": "x", "date": "2024-01-01", "minutes": 60}]),
        "/training/0/imh_specific: is required",
    ),
    ("missing person", {"format": "dyad-portfolio/1"}, "/person: is required"),
    (
        "wrong type",
        doc(training=[{"title": "x", "date": "2024-01-01", "minutes": "60", "imh_specific": True}]),
        "/training/0/minutes: must be a positive whole number",
    ),
    ("wrong type of a list", doc(work={"id": "w1"}), "/work: must be an array"),
    ("unknown code", bad_job(kind="therapy"), "/work/0/kind: must be one of"),
    (
        "unknown area",
        doc(
            training=[
                {
                    "title": "x",
                    "date": "2024-01-01",
                    "minutes": 60,
                    "imh_specific": True,
                    "areas": ["astrology"],
                }
            ]
        ),
        "/training/0/areas/0: must be one of",
    ),
    (
        "impossible date",
        doc(
            rsc_providers=[{"id": "p", "name": "P"}],
            rsc=[{"date": "2024-02-30", "minutes": 60, "format": "group", "provider": "p"}],
        ),
        "/rsc/0/date: must be a real date written YYYY-MM-DD",
    ),
    (
        "end before start",
        bad_job(start="2024-05-01", end="2024-04-30"),
        "/work/0/end: is before start (2024-05-01)",
    ),
    (
        "zero minutes",
        doc(
            rsc_providers=[{"id": "p", "name": "P"}],
            rsc=[{"date": "2024-02-01", "minutes": 0, "format": "group", "provider": "p"}],
        ),
        "/rsc/0/minutes: must be a positive whole number",
    ),
    (
        "negative minutes",
        doc(training=[{"title": "x", "date": "2024-01-01", "minutes": -5, "imh_specific": True}]),
        "/training/0/minutes: must be a positive whole number",
    ),
    (
        "hours per week over 80",
        bad_job(hours_per_week=81),
        "/work/0/hours_per_week: must be a number from 0 to 80",
    ),
    (
        "hours per week negative",
        bad_job(hours_per_week=-1),
        "/work/0/hours_per_week: must be a number from 0 to 80",
    ),
    (
        "unknown provider",
        doc(rsc=[{"date": "2024-02-01", "minutes": 60, "format": "group", "provider": "ghost"}]),
        "/rsc/0/provider: names no entry of rsc_providers ('ghost')",
    ),
    (
        "unknown work",
        doc(
            rsc_providers=[{"id": "p", "name": "P"}],
            rsc=[
                {
                    "date": "2024-02-01",
                    "minutes": 60,
                    "format": "group",
                    "provider": "p",
                    "work": "w9",
                }
            ],
        ),
        "/rsc/0/work: names no entry of work ('w9')",
    ),
    ("duplicate work ids", doc(work=[job("w1"), job("w1")]), "/work/1/id: repeats the id 'w1'"),
    (
        "duplicate provider ids",
        doc(rsc_providers=[{"id": "p", "name": "A"}, {"id": "p", "name": "B"}]),
        "/rsc_providers/1/id: repeats the id 'p'",
    ),
    ("unknown top-level field", {**doc(), "trainings": []}, "/trainings: is not a known field"),
    ("unknown nested field", bad_job(hours=40), "/work/0/hours: is not a known field"),
    (
        "wrong format",
        {**doc(), "format": "dyad-portfolio/2"},
        '/format: must be "dyad-portfolio/1"',
    ),
    (
        "boolean as number",
        bad_job(hours_per_week=True),
        "/work/0/hours_per_week: must be a number from 0 to 80",
    ),
]


@pytest.mark.parametrize(
    ("document", "expected"), [c[1:] for c in BAD_DOCUMENTS], ids=[c[0] for c in BAD_DOCUMENTS]
)
def test_bad_portfolio_exits_2_with_the_pointer(tmp_path, capsys, document, expected):
    code, out, err = run(capsys, "assess", write(tmp_path, document), "--category", "IMHS")
    assert code == 2
    assert out == ""
    assert any(line.startswith(expected) for line in err.splitlines()), err
    assert "Traceback" not in err


def test_whole_numbers_may_be_written_with_a_decimal_point(tmp_path, capsys):
    document = doc(
        training=[{"title": "x", "date": "2024-01-01", "minutes": 1800.0, "imh_specific": True}]
    )
    code, out, _ = run(
        capsys,
        "assess",
        write(tmp_path, document),
        "--category",
        "IFA",
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["findings"][1]["have"] == 30.0
    document["training"][0]["minutes"] = 1800.5
    code, out, err = run(capsys, "assess", write(tmp_path, document), "--category", "IFA")
    assert (code, out) == (2, "")
    assert err.startswith("/training/0/minutes: must be a positive whole number")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "/: is not valid JSON"),
        (b'{"format": "dyad-portfolio/1", "person": {"name": "\xff"}}', "/: is not UTF-8"),
        (b"[1, 2]", "/: must be an object"),
        (b"", "/: is not valid JSON"),
    ],
)
def test_unreadable_files_exit_2(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "assess", str(path), "--category", "IMHS")
    assert (code, out) == (2, "")
    assert err.startswith(expected)


def test_a_file_over_5_mb_is_refused(tmp_path, capsys):
    path = tmp_path / "big.json"
    padding = " " * (5 * 1024 * 1024)
    path.write_text('{"format": "dyad-portfolio/1", "person": {"name": "A"}}' + padding)
    code, out, err = run(capsys, "assess", str(path), "--category", "IMHS")
    assert (code, out) == (2, "")
    assert "5 MB" in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    code, out, err = run(capsys, "assess", str(tmp_path / "nope.json"), "--category", "IMHS")
    assert (code, out) == (2, "")
    assert "cannot read" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--category", "XYZ"], "unknown category 'XYZ'"),
        (["--category", "IMHS", "--as-of", "2026-02-30"], "--as-of: must be a real date"),
        (["--category", "IMHS", "--as-of", "0001-01-01"], "--as-of: must be a date from 1900"),
        (["--category", "IMHS", "--as-of", "9999-12-31"], "--as-of: must be a date from 1900"),
        (["--category", "IMHS", "--as-of", "2200-01-01"], "--as-of: must be a date from 1900"),
        (["--category", "IMHS", "--requirement-set", "nope"], "no requirement set 'nope'"),
        (["--category", "IMHS", "--requirement-set", "ecmh-e-baseline"], "is for ECMH-E"),
        (["--category", "IMHS", "--format", "xml"], "--format: invalid choice"),
    ],
)
def test_bad_arguments_exit_2(tmp_path, capsys, argv, expected):
    path = write(tmp_path, doc())
    try:
        code = main(["assess", path, *argv])
    except SystemExit as exc:  # argparse's own exit for malformed options
        code = exc.code
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert expected in err
    assert len(err.strip().splitlines()) == 1


def test_the_installed_command_needs_no_database_and_never_prints_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dyad-portfolio/1", "person": {"name": "A"}, "rsc": 5}')
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    result = subprocess.run(
        [str(DYAD), "assess", str(bad), "--category", "IFA"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "/rsc: must be an array\n"
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "dyad",
            "assess",
            str(EXAMPLE),
            "--category",
            "IMHS",
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["category"] == "IMHS"


def test_the_engine_imports_no_django():
    code = (
        "import sys, dyad.standards, dyad.cli; "
        "from dyad.standards import plan, evaluate; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_text_report_of_the_example_is_exactly_as_it_always_was(capsys):
    """The command line keeps its English sentences to the letter (captured before findings
    became message codes)."""
    here = Path(__file__).parent
    code, out, _ = run(
        capsys, "assess", str(EXAMPLE), "--category", "IMHS", "--as-of", "2026-06-30"
    )
    assert code == 0
    assert out == (here / "example-imhs-2026-06-30.txt").read_text()
    code, out, _ = run(capsys, "plan", str(EXAMPLE), "--as-of", "2026-06-30")
    assert out == (here / "example-plan-2026-06-30.txt").read_text()
