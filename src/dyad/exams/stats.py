"""The exam statistics (docs/exam-stats.md): one computation for `dyad exam stats SCORES.csv`
and for the staff's psychometrics pages, which build the same rows from the database.

No Django here: the command needs no database. NumPy for the arithmetic, SciPy for Pearson's r,
scikit-learn for the quadratic-weighted kappa.

A row is (candidate, item, kind, scorer, score, max_score). `mc`: one row per candidate and item,
no scorer, score 0 or 1. `written`: two rows per candidate and item, one per scorer, a whole score
from 0 to max_score; the first of the two (in the order given) is the first score.
"""

from __future__ import annotations

import csv
import io
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

FORMAT = "dyad-exam-stats/1"
HEADER = ("candidate", "item", "kind", "scorer", "score", "max_score")
KINDS = ("mc", "written")
#: at most this many problems are listed, then how many more (like the portfolio reader)
MAX_PROBLEMS = 20
DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Row:
    candidate: str
    item: str
    kind: str
    scorer: str
    score: int
    max_score: int


class StatsInputError(ValueError):
    """Bad input: `problems` is one plain line per problem, each naming its line of the file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems

    def lines(self) -> list[str]:
        shown = self.problems[:MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        if more:
            shown = [*shown, f"... and {more} more problem{'s' if more != 1 else ''}"]
        return shown


# ---------------------------------------------------------------------------------- reading


def _whole(text: str) -> int | None:
    text = text.strip()
    if not text or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def read_scores(text: str) -> list[Row]:
    """The rows of a SCORES.csv text, or StatsInputError listing every problem by its line."""
    problems: list[str] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise StatsInputError([f"line 1: not readable as CSV ({exc})"]) from None
    if header is None:
        raise StatsInputError(["line 1: the file is empty; the header must be " + ",".join(HEADER)])
    if tuple(h.strip() for h in header) != HEADER:
        raise StatsInputError(
            [f"line 1: the header must be {','.join(HEADER)}, not {','.join(header)}"]
        )

    rows: list[Row] = []
    lines: list[int] = []
    kind_of: dict[str, tuple[str, int]] = {}
    max_of: dict[str, tuple[int, int]] = {}
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {reader.line_num}: not readable as CSV ({exc})")
            break
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # a blank line
        if len(fields) != len(HEADER):
            problems.append(f"line {line}: {len(fields)} fields, expected {len(HEADER)}")
            continue
        candidate, item, kind, scorer, score_text, max_text = (f.strip() for f in fields)
        bad = []
        if not candidate:
            bad.append("candidate is empty")
        if not item:
            bad.append("item is empty")
        if kind not in KINDS:
            bad.append(f"kind must be mc or written, not {kind!r}")
        score = _whole(score_text)
        maximum = _whole(max_text)
        if kind == "mc":
            if scorer:
                bad.append(f"an mc row has no scorer, not {scorer!r}")
            if score not in (0, 1):
                bad.append(f"an mc score is 0 or 1, not {score_text!r}")
            if max_text not in ("", "1"):
                bad.append(f"an mc max_score is 1 (or empty), not {max_text!r}")
            maximum = 1
        elif kind == "written":
            if not scorer:
                bad.append("a written row names its scorer")
            if maximum is None or maximum < 1:
                bad.append(f"max_score must be a whole number of at least 1, not {max_text!r}")
            elif score is None or score > maximum:
                bad.append(f"score must be a whole number from 0 to {maximum}, not {score_text!r}")
        if item and kind in KINDS:
            seen = kind_of.setdefault(item, (kind, line))
            if seen[0] != kind:
                bad.append(f"item {item} is {seen[0]} on line {seen[1]}, not {kind}")
            if kind == "written" and maximum is not None and maximum >= 1:
                first = max_of.setdefault(item, (maximum, line))
                if first[0] != maximum:
                    bad.append(f"item {item} has max_score {first[0]} on line {first[1]}")
        if bad:
            problems.append(f"line {line}: " + "; ".join(bad))
            continue
        assert score is not None and maximum is not None
        rows.append(Row(candidate, item, kind, scorer, score, maximum))
        lines.append(line)

    problems.extend(_check_counts(rows, lines))
    if problems:
        raise StatsInputError(problems)
    return rows


def _check_counts(rows: list[Row], lines: list[int]) -> list[str]:
    """One mc row per candidate and item; two written rows, by two different scorers."""
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], list[tuple[int, Row]]] = {}
    for line, row in zip(lines, rows, strict=True):
        seen.setdefault((row.candidate, row.item), []).append((line, row))
    for (candidate, item), group in seen.items():
        kind = group[0][1].kind
        if kind == "mc" and len(group) > 1:
            for line, _row in group[1:]:
                problems.append(
                    (
                        line,
                        f"line {line}: candidate {candidate} already has a score for mc item "
                        f"{item} on line {group[0][0]}",
                    )
                )
        elif kind == "written":
            first_line = group[0][0]
            if len(group) == 1:
                problems.append(
                    (
                        first_line,
                        f"line {first_line}: written item {item} for candidate {candidate} has "
                        "one score; it needs two, one per scorer",
                    )
                )
                continue
            if group[1][1].scorer == group[0][1].scorer:
                line = group[1][0]
                problems.append(
                    (
                        line,
                        f"line {line}: scorer {group[0][1].scorer} already scored written item "
                        f"{item} for candidate {candidate} on line {first_line}",
                    )
                )
            for line, _row in group[2:]:
                problems.append(
                    (
                        line,
                        f"line {line}: written item {item} for candidate {candidate} already "
                        "has two scores",
                    )
                )
    return [text for _line, text in sorted(problems)]


# ---------------------------------------------------------------------------------- computing


def _num(value: float | None) -> float | None:
    """Rounded to 4 decimals; NaN and infinities (undefined) become None; never -0.0."""
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        return None
    return round(value, DECIMALS) + 0.0


def pearson(x: Iterable[float], y: Iterable[float]) -> float | None:
    """Pearson's r, None when either side has no variance (or fewer than two pairs)."""
    from scipy.stats import pearsonr

    a = np.asarray(list(x), dtype=float)
    b = np.asarray(list(y), dtype=float)
    if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(pearsonr(a, b).statistic)


def quadratic_kappa(first: list[int], second: list[int], max_score: int) -> float | None:
    """Cohen's kappa with quadratic weights over the labels 0..max_score; None when undefined
    (both scorers gave one and the same score to every response)."""
    from sklearn.metrics import cohen_kappa_score

    if not first:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(
            first,
            second,
            weights="quadratic",
            labels=list(range(0, max_score + 1)),
            replace_undefined_by=np.nan,
        )
    return float(value)


def cronbach_alpha(matrix: np.ndarray) -> float | None:
    """Alpha of a candidates × items matrix: k/(k-1) × (1 − Σ item variances / total variance),
    population variances (so on 0/1 items it equals KR-20). None with fewer than two items or
    candidates, or no variance in the totals."""
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 2:
        return None
    k = matrix.shape[1]
    total = matrix.sum(axis=1).var()
    if total == 0:
        return None
    return float(k / (k - 1) * (1 - matrix.var(axis=0).sum() / total))


def kr20(matrix: np.ndarray) -> float | None:
    """KR-20 of a candidates × items 0/1 matrix: k/(k-1) × (1 − Σ p·q / total variance)."""
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 2:
        return None
    k = matrix.shape[1]
    total = matrix.sum(axis=1).var()
    if total == 0:
        return None
    p = matrix.mean(axis=0)
    return float(k / (k - 1) * (1 - (p * (1 - p)).sum() / total))


def compute(rows: Iterable[Row]) -> dict[str, Any]:
    """The statistics as the JSON contract has them (`dyad-exam-stats/1`), numbers rounded."""
    mc: dict[str, dict[str, int]] = {}  # item -> candidate -> score
    written: dict[str, dict[str, list[tuple[str, int]]]] = {}  # item -> candidate -> scores
    max_of: dict[str, int] = {}
    candidates: dict[str, None] = {}
    for row in rows:
        candidates.setdefault(row.candidate, None)
        if row.kind == "mc":
            mc.setdefault(row.item, {})[row.candidate] = row.score
        else:
            written.setdefault(row.item, {}).setdefault(row.candidate, []).append(
                (row.scorer, row.score)
            )
            max_of[row.item] = row.max_score

    mc_totals: dict[str, int] = {}
    for scores in mc.values():
        for candidate, score in scores.items():
            mc_totals[candidate] = mc_totals.get(candidate, 0) + score

    items = []
    for item, scores in mc.items():
        own = list(scores.values())
        rest = [mc_totals[c] - s for c, s in scores.items()]
        items.append(
            {
                "item": item,
                "difficulty": _num(float(np.mean(own))),
                "discrimination": _num(pearson(own, rest)),
            }
        )

    agreement = []
    differences: dict[str, list[int]] = {}
    for item, by_candidate in written.items():
        pairs = [pair for pair in by_candidate.values() if len(pair) == 2]
        first = [a[1] for a, _b in pairs]
        second = [b[1] for _a, b in pairs]
        gaps = np.abs(np.asarray(first) - np.asarray(second)) if pairs else np.asarray([])
        agreement.append(
            {
                "item": item,
                "exact_agreement": _num(float(np.mean(gaps == 0)) if pairs else None),
                "adjacent_agreement": _num(float(np.mean(gaps <= 1)) if pairs else None),
                "qwk": _num(quadratic_kappa(first, second, max_of[item])),
            }
        )
        for a, b in pairs:
            differences.setdefault(a[0], []).append(a[1] - b[1])
            differences.setdefault(b[0], []).append(b[1] - a[1])
    scorers = [
        {"scorer": scorer, "severity": _num(float(np.mean(gaps)))}
        for scorer, gaps in differences.items()
    ]

    # Reliability: candidates with every item (a written item counts the mean of its two scores).
    all_items = list(mc) + list(written)
    complete = [
        c
        for c in candidates
        if all(c in mc[i] for i in mc) and all(len(written[i].get(c, ())) == 2 for i in written)
    ]
    alpha = None
    if all_items and complete:
        matrix = np.asarray(
            [
                [mc[i][c] for i in mc] + [sum(s for _n, s in written[i][c]) / 2 for i in written]
                for c in complete
            ],
            dtype=float,
        )
        alpha = cronbach_alpha(matrix)
    mc_complete = [c for c in candidates if all(c in mc[i] for i in mc)]
    kr = None
    if mc and mc_complete:
        kr = kr20(np.asarray([[mc[i][c] for i in mc] for c in mc_complete], dtype=float))
    return {
        "format": FORMAT,
        "items": items,
        "written": agreement,
        "scorers": scorers,
        "reliability": {"alpha": _num(alpha), "kr20": _num(kr)},
    }


# ---------------------------------------------------------------------------------- text


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def stats_text(result: dict[str, Any]) -> str:
    """The plain-text report of `compute`'s result (the same numbers)."""
    out = []
    out.append("Multiple-choice items")
    if result["items"]:
        out.append(f"  {'item':<20} {'difficulty':>10} {'discrimination':>15}")
        for i in result["items"]:
            out.append(
                f"  {i['item']:<20} {_show(i['difficulty']):>10} {_show(i['discrimination']):>15}"
            )
    else:
        out.append("  (none)")
    out.append("")
    out.append("Written items")
    if result["written"]:
        out.append(f"  {'item':<20} {'exact':>8} {'adjacent':>9} {'qwk':>8}")
        for w in result["written"]:
            out.append(
                f"  {w['item']:<20} {_show(w['exact_agreement']):>8} "
                f"{_show(w['adjacent_agreement']):>9} {_show(w['qwk']):>8}"
            )
    else:
        out.append("  (none)")
    out.append("")
    out.append("Scorers (severity: mean of own score minus the other scorer's)")
    if result["scorers"]:
        for s in result["scorers"]:
            out.append(f"  {s['scorer']:<20} {_show(s['severity']):>8}")
    else:
        out.append("  (none)")
    out.append("")
    rel = result["reliability"]
    out.append(f"Reliability: alpha {_show(rel['alpha'])}, KR-20 {_show(rel['kr20'])}")
    return "\n".join(out) + "\n"
