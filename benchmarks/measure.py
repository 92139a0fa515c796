"""Timing that means the same on any machine: every figure is a ratio to a reference measured
in the same run, reference and subject interleaved, medians of the paired ratios.

On a shared two-core machine the absolute rate of the same code varies by a factor of four from
one run to the next; load on the other core slows the reference and the subject alike, so their
ratio holds. Targets are ratios too (or megabytes, for memory, which load does not move).

Time is this process's CPU time (`time.process_time`): while another process has the core, the
clock stops, so a batch that was preempted is not counted as slow; what load still changes
(shared caches, a busy sibling thread, the clock rate) slows reference and subject alike.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Comparison:
    """Seconds per call of a reference and a subject, and the median of their paired ratios."""

    reference: float
    subject: float
    ratio: float
    ratios: list[float] = field(default_factory=list)
    references: list[float] = field(default_factory=list)
    subjects: list[float] = field(default_factory=list)

    @property
    def spread(self) -> tuple[float, float]:
        """The middle half of the paired ratios (first and third quartile)."""
        if len(self.ratios) < 4:
            return min(self.ratios), max(self.ratios)
        q1, _, q3 = statistics.quantiles(self.ratios, n=4)
        return q1, q3


def seconds_per_call(fn: Callable[[], object], calls: int) -> float:
    start = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls


def calls_for(fn: Callable[[], object], batch_seconds: float) -> tuple[int, float]:
    """How many calls of `fn` last about `batch_seconds` (at least one), and how long one warm
    call takes. A call slower than a batch is made once only, so a slow subject costs few calls."""
    first = seconds_per_call(fn, 1)
    if first < 1:  # a first call loads caches and modules: time a warm one to decide
        first = seconds_per_call(fn, 1)
    if first >= batch_seconds:
        return 1, first
    calls = 1
    while True:
        elapsed = seconds_per_call(fn, calls) * calls
        if elapsed >= batch_seconds / 4 or calls >= 1_000_000:
            return max(1, round(calls * batch_seconds / max(elapsed, 1e-9))), first
        calls *= 4


def compare(
    reference: Callable[[], object],
    subject: Callable[[], object],
    repeats: int = 15,
    batch_seconds: float = 0.02,
    budget: float = 30.0,
) -> Comparison:
    """Time `reference` and `subject` in alternating short batches; the ratio is subject/reference.

    The order alternates each repeat so a drift in load favours neither; each repeat gives one
    paired ratio, and the median of those is the figure. A slow subject (one call longer than a
    batch) is paired with a reference batch as long as that call, up to a quarter of a second,
    and is repeated only as often as `budget` seconds allow (at least once: a call that slow is
    far over any target, and its precision no longer matters).
    """
    gc.collect()
    gc.freeze()  # what the process holds already is not scanned again by every collection
    sub_calls, first = calls_for(subject, batch_seconds)
    if sub_calls == 1:
        batch_seconds = max(batch_seconds, min(first, 0.25))
        repeats = max(1, min(repeats, round(budget / first)))
    ref_calls, _ = calls_for(reference, batch_seconds)
    refs: list[float] = []
    subs: list[float] = []
    for i in range(repeats):
        for fn in (subject, reference) if i % 2 else (reference, subject):
            gc.collect()  # neither pays for the garbage the other left
            seconds = seconds_per_call(fn, sub_calls if fn is subject else ref_calls)
            (subs if fn is subject else refs).append(seconds)
    ratios = [s / r for s, r in zip(subs, refs, strict=True)]
    return Comparison(
        reference=statistics.median(refs),
        subject=statistics.median(subs),
        ratio=statistics.median(ratios),
        ratios=ratios,
        references=refs,
        subjects=subs,
    )


@dataclass
class Figure:
    """One row of the table: a value, what it is compared with, and the most it may be."""

    name: str
    absolute: str  # the absolute measurement, for information only (it varies with load)
    value: float  # what the target applies to: a ratio, or megabytes
    unit: str  # "passes", "bare pages", "x", "MB"
    target: float
    spread: tuple[float, float] | None = None

    @property
    def ok(self) -> bool:
        return self.value <= self.target


def duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def ratio_figure(
    name: str,
    reference: Callable[[], object],
    subject: Callable[[], object],
    unit: str,
    target: float,
    **options: Any,
) -> tuple[Figure, Comparison]:
    """Compare `subject` with `reference` (options go to `compare`) into a row of the table.

    A ratio over its target is measured once more and the lower of the two stands: a burst of
    load can still tilt one figure, a real regression is over both times."""
    comparison = compare(reference, subject, **options)
    absolute = ""
    if comparison.ratio > target:
        again = compare(reference, subject, **options)
        comparison = min(comparison, again, key=lambda c: c.ratio)
        absolute = ", measured twice"
    figure = Figure(
        name=name,
        absolute=f"{duration(comparison.subject)} (ref {duration(comparison.reference)}){absolute}",
        value=comparison.ratio,
        unit=unit,
        target=target,
        spread=comparison.spread,
    )
    return figure, comparison


@dataclass
class Tail:
    """Single calls of a subject and a reference, interleaved: the subject's 95th percentile
    and median, the reference's median, and the figure, subject p95 / reference median (the
    reference's median, not its own p95: a slow tail of the bare page never flatters the
    subject)."""

    reference: float
    subject: float  # the 95th percentile
    subject_median: float
    ratio: float
    subjects: list[float] = field(default_factory=list)


def p95(values: list[float]) -> float:
    """The 95th percentile (linear interpolation between the closest ranks)."""
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def compare_tail(
    reference: Callable[[], object],
    subject: Callable[[], object],
    prepare: Callable[[], object] | None = None,
    repeats: int = 200,
    budget: float = 30.0,
) -> Tail:
    """Time `repeats` single calls of each, alternating which goes first; `prepare()` runs
    untimed before each pair (a save, so every subject call is the first after one). Stops
    early, after 20 pairs at least, once `budget` seconds have passed."""
    gc.collect()
    gc.freeze()
    refs: list[float] = []
    subs: list[float] = []
    started = time.perf_counter()
    for i in range(repeats):
        if prepare is not None:
            prepare()
        for fn in (subject, reference) if i % 2 else (reference, subject):
            start = time.process_time()
            fn()
            (subs if fn is subject else refs).append(time.process_time() - start)
        if i >= 19 and time.perf_counter() - started > budget:
            break
    reference_median = statistics.median(refs)
    return Tail(
        reference=reference_median,
        subject=p95(subs),
        subject_median=statistics.median(subs),
        ratio=p95(subs) / reference_median,
        subjects=subs,
    )


def tail_figure(
    name: str,
    reference: Callable[[], object],
    subject: Callable[[], object],
    unit: str,
    target: float,
    note: str = "",
    **options: Any,
) -> tuple[Figure, Tail]:
    """`compare_tail` into a row of the table (`note` added to its absolute figures); over its
    target, measured once more and the lower of the two stands (as `ratio_figure`)."""
    tail = compare_tail(reference, subject, **options)
    again = ""
    if tail.ratio > target:
        tail = min(tail, compare_tail(reference, subject, **options), key=lambda t: t.ratio)
        again = ", measured twice"
    figure = Figure(
        name=name,
        absolute=(
            f"p95 {duration(tail.subject)}, median {duration(tail.subject_median)} "
            f"of {len(tail.subjects)} (ref median {duration(tail.reference)}{note}){again}"
        ),
        value=tail.ratio,
        unit=unit,
        target=target,
    )
    return figure, tail


def table(figures: list[Figure]) -> str:
    rows = [("figure", "absolute (varies with load)", "ratio", "middle half", "target", "")]
    for f in figures:
        spread = f"{f.spread[0]:.1f}–{f.spread[1]:.1f}" if f.spread else ""
        rows.append(
            (
                f.name,
                f.absolute,
                f"{f.value:,.1f} {f.unit}",
                spread,
                f"<= {f.target:,.1f} {f.unit}",
                "ok" if f.ok else "OVER",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def verdict(figures: list[Figure]) -> int:
    """The exit status: 0 when every figure is within its target, 1 otherwise."""
    over = [f.name for f in figures if not f.ok]
    if over:
        print(f"\nOVER TARGET: {', '.join(over)}")
        return 1
    print(f"\nall {len(figures)} figures within their targets")
    return 0
