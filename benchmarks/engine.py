"""The engine, in plain passes: "evaluate() costs K passes over the same portfolio's entries".

A plain pass is one loop that touches every entry's date and amount once (`documents.plain_pass`);
it is measured in the same run, interleaved with the engine, so the ratio holds whatever else the
machine is doing. Run alone with `python benchmarks/engine.py`; `make bench` runs it with the pages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from documents import AS_OF, LARGE, REALISTIC, build, encode, plain_pass
from measure import Comparison, Figure, ratio_figure, table, verdict
from targets import ENGINE as TARGETS

from dyad.standards import evaluate, load_portfolio_bytes, plan


def figures(repeats: int = 15) -> list[Figure]:
    realistic_doc, large_doc = build(**REALISTIC), build(**LARGE)
    realistic_bytes, large_bytes = encode(realistic_doc), encode(large_doc)
    realistic = load_portfolio_bytes(realistic_bytes)
    large = load_portfolio_bytes(large_bytes)
    results: list[Figure] = []

    def passes(name: str, document: dict, subject: Callable[[], object], target: str) -> Comparison:
        figure, comparison = ratio_figure(
            name, lambda: plain_pass(document), subject, "passes", TARGETS[target], repeats=repeats
        )
        results.append(figure)
        return comparison

    small = passes(
        "evaluate IMHS, realistic (20 training, 4 jobs, 100 RS/C)",
        realistic_doc,
        lambda: evaluate(realistic, "IMHS", AS_OF),
        "engine_realistic",
    )
    big = passes(
        "evaluate IMHS, large (500 training, 4 jobs, 2,000 RS/C)",
        large_doc,
        lambda: evaluate(large, "IMHS", AS_OF),
        "engine_large",
    )
    entries = sum(len(realistic_doc[k]) for k in ("training", "rsc"))
    large_entries = sum(len(large_doc[k]) for k in ("training", "rsc"))
    results.append(
        Figure(
            f"cost growth, large/realistic ({large_entries / entries:.1f}x the entries)",
            f"{big.subject / small.subject:.1f}x the time",
            big.ratio / small.ratio,
            "x",
            TARGETS["engine_growth"],
        )
    )
    passes(
        "plan, realistic (13 categories, projections)",
        realistic_doc,
        lambda: plan(realistic, AS_OF),
        "plan_realistic",
    )
    passes(
        "load_portfolio_bytes, realistic file",
        realistic_doc,
        lambda: load_portfolio_bytes(realistic_bytes),
        "load_realistic",
    )
    passes(
        "load_portfolio_bytes, large file",
        large_doc,
        lambda: load_portfolio_bytes(large_bytes),
        "load_large",
    )
    return results


if __name__ == "__main__":
    results = figures()
    print(table(results))
    sys.exit(verdict(results))
