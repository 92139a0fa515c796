"""The `dyad` command: `dyad assess`, `dyad plan`, `dyad exam stats`, and Django's management
commands.

`assess`, `plan` and `exam stats` need no database and no server (docs/portfolio-format.md,
docs/exam-stats.md). Bad input exits 2 with one line per problem on stderr and nothing on stdout;
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

DOMAIN_COMMANDS = ("assess", "plan", "exam")


def _as_of(value: str) -> date:
    from dyad.standards.dates import check_assessment_date

    try:
        if len(value) != 10:
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        message = f"must be a real date written YYYY-MM-DD, not {value!r}"
        raise argparse.ArgumentTypeError(message) from None
    try:
        check_assessment_date(day)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return day


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one plain line naming the option on stderr, exit 2 (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message.replace('argument ', '')}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dyad",
        description="Dyad: the Infant and Early Childhood Mental Health Endorsement. "
        "Any other command is passed to Django's manage.py (migrate, runserver, demo, ...).",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    assess = commands.add_parser("assess", help="assess a portfolio file for one category")
    assess.add_argument("portfolio", help="a dyad-portfolio/1 JSON file")
    assess.add_argument("--category", required=True, help="IFA, IFS, IFRS, IMHS, IMHM-C, ...")
    assess.add_argument("--as-of", type=_as_of, default=None, help="YYYY-MM-DD (default today)")
    assess.add_argument(
        "--requirement-set",
        default=None,
        help="set id, path to a set file, or ID@VERSION published in Dyad (reads the database)",
    )
    assess.add_argument("--renewal", action="store_true", help="assess a yearly renewal")
    assess.add_argument("--format", choices=("text", "json"), default="text")

    plan = commands.add_parser("plan", help="where a portfolio stands for every category")
    plan.add_argument("portfolio", help="a dyad-portfolio/1 JSON file")
    plan.add_argument("--as-of", type=_as_of, default=None, help="YYYY-MM-DD (default today)")
    plan.add_argument(
        "--standard", choices=("IMH-E", "ECMH-E"), action="append", help="default: both"
    )
    plan.add_argument("--format", choices=("text", "json"), default="text")

    exam = commands.add_parser("exam", help="exam tools")
    exam_commands = exam.add_subparsers(
        dest="exam_command", metavar="stats", required=True, parser_class=_Parser
    )
    stats = exam_commands.add_parser(
        "stats", help="item and scorer statistics from a scores CSV (docs/exam-stats.md)"
    )
    stats.add_argument("scores", help="a CSV: candidate,item,kind,scorer,score,max_score")
    stats.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 2


def _assess(args: argparse.Namespace) -> int:
    from dyad import standards
    from dyad.standards.report import assessment_text

    try:
        portfolio = standards.load_portfolio(args.portfolio)
    except standards.PortfolioError as exc:
        return _fail(exc.lines())
    try:
        rset = None
        if args.requirement_set:
            rset = _requirement_set(args.requirement_set)
        as_of = args.as_of or date.today()
        assessment = standards.evaluate(portfolio, args.category, as_of, rset, args.renewal)
    except standards.RequirementSetError as exc:
        return _fail([f"--category/--requirement-set: {exc}"])
    if args.format == "json":
        print(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(assessment_text(assessment))
    return 0


def _requirement_set(reference: str):
    """A set id or file (no database), or `ID@VERSION`: a version published in Dyad, read from
    its database (DATABASE_URL)."""
    from pathlib import Path

    from dyad import standards

    if "@" not in reference or Path(reference).exists():
        return standards.load_requirement_set(reference)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dyad.settings")
    import django
    from django.db import DatabaseError

    django.setup()
    from dyad.rulesets import selectors

    set_id, version = selectors.parse_reference(reference)
    try:
        return selectors.published_set(set_id, version)
    except DatabaseError as exc:
        raise standards.RequirementSetError(f"cannot read Dyad's database: {exc}") from None


def _plan(args: argparse.Namespace) -> int:
    from dyad import standards
    from dyad.standards.report import plan_text

    try:
        portfolio = standards.load_portfolio(args.portfolio)
    except standards.PortfolioError as exc:
        return _fail(exc.lines())
    chosen = tuple(args.standard) if args.standard else ("IMH-E", "ECMH-E")
    result = standards.plan(portfolio, args.as_of or date.today(), chosen)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(plan_text(result))
    return 0


def _exam_stats(args: argparse.Namespace) -> int:
    from dyad.exams import stats

    try:
        with open(args.scores, encoding="utf-8", newline="") as f:
            text = f.read()
    except UnicodeDecodeError:
        return _fail([f"{args.scores}: not a UTF-8 text file"])
    except OSError as exc:
        return _fail([f"{args.scores}: cannot be read ({exc.strerror or exc})"])
    try:
        rows = stats.read_scores(text)
    except stats.StatsInputError as exc:
        named = (
            f"{args.scores} {line}" if line.startswith("line ") else line for line in exc.lines()
        )
        return _fail(list(named))
    result = stats.compute(rows)
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(stats.stats_text(result))
    return 0


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dyad.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dyad", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in DOMAIN_COMMANDS and not argv[0].startswith("-"):
        return _django(argv)
    args = _parser().parse_args(argv)
    try:
        if args.command == "exam":
            return _exam_stats(args)
        return _assess(args) if args.command == "assess" else _plan(args)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
