"""The bench's own promises: ratios that track work, a gate that fails, inputs that are what they
say. Run with `.venv/bin/pytest -q benchmarks`."""

from __future__ import annotations

import json

import pytest
from documents import LARGE, REALISTIC, bad_file, build, encode, largest_valid, plain_pass
from measure import Figure, compare, compare_tail, p95, ratio_figure, table, verdict

from dyad.standards import PortfolioError, load_portfolio_bytes
from dyad.standards.portfolio_file import MAX_BYTES


def work(n: int):
    def run() -> int:
        return sum(i * i for i in range(n))

    return run


def test_twice_the_work_measures_about_two_references():
    comparison = compare(work(2_000), work(4_000), repeats=9, batch_seconds=0.01)
    assert 1.6 < comparison.ratio < 2.5
    assert len(comparison.ratios) == 9


def test_a_slow_subject_is_timed_within_its_budget():
    comparison = compare(work(100), work(400_000), repeats=50, batch_seconds=0.001, budget=0.1)
    assert 1 <= len(comparison.ratios) < 50


def test_the_run_fails_when_one_figure_is_over_its_target(capsys):
    within = Figure("engine", "1 ms", 4.0, "passes", 10)
    over = Figure("registry", "9 ms", 31.0, "bare pages", 30)
    assert verdict([within]) == 0
    assert verdict([within, over]) == 1
    assert "OVER TARGET: registry" in capsys.readouterr().out
    printed = table([within, over])
    assert "4.0 passes" in printed and "<= 10.0 passes" in printed
    assert printed.splitlines()[-1].endswith("OVER")


def test_a_ratio_over_its_target_is_measured_twice_and_stays_over():
    figure, comparison = ratio_figure(
        "double", work(2_000), work(4_000), "x", 1.0, repeats=5, batch_seconds=0.005
    )
    assert not figure.ok and figure.value == comparison.ratio
    assert "measured twice" in figure.absolute


def test_the_plain_pass_touches_every_dated_entry():
    document = build(**REALISTIC)
    latest, total = plain_pass(document)
    minutes = sum(e["minutes"] for e in document["training"] + document["rsc"])
    hours = sum(e["hours_per_week"] for e in document["work"])
    assert total == minutes + hours
    assert latest == max(e["date"] for e in document["training"] + document["rsc"])


@pytest.mark.parametrize("sizes", [REALISTIC, LARGE])
def test_the_benchmarked_portfolios_are_assessed_not_refused(sizes):
    portfolio = load_portfolio_bytes(encode(build(**sizes)))
    assert len(portfolio.training) == sizes["trainings"]


def test_the_bad_file_reaches_the_reader_and_is_refused():
    data = bad_file()
    assert 4_900_000 < len(data) <= min(5_000_000, MAX_BYTES)
    with pytest.raises(PortfolioError):
        load_portfolio_bytes(data)


def test_the_largest_valid_file_is_found_under_each_of_the_readers_limits():
    def accepts(data: bytes) -> bool:
        document = json.loads(data)
        return len(document["rsc"]) <= 3_000 and len(document["training"]) <= 1_000

    sizes, data = largest_valid(accepts, 5_000_000)
    assert 3_000 * 31 / 32 <= sizes["sessions"] <= 3_000
    assert 1_000 * 31 / 32 <= sizes["trainings"] <= 1_000
    document = json.loads(data)
    assert (len(document["rsc"]), len(document["training"])) == (
        sizes["sessions"],
        sizes["trainings"],
    )


def test_the_largest_valid_file_stays_under_the_size_limit():
    _, data = largest_valid(lambda data: True, 300_000)
    assert 250_000 < len(data) <= 300_000


def test_the_upload_bench_sends_a_file_kept_and_one_refused_of_the_same_size():
    from uploads import SCAN_BYTES, scanned_pdf

    from dyad.portfolios.transcripts import DocumentRejected, check_document

    good, bad = scanned_pdf(), scanned_pdf(javascript=True)
    assert SCAN_BYTES < len(good) < len(bad) < SCAN_BYTES + 10_000
    assert check_document(good).content_type == "application/pdf"
    with pytest.raises(DocumentRejected, match="scripts"):
        check_document(bad)


def test_the_tail_sees_a_slow_call_in_ten_that_the_median_hides():
    calls = iter(range(10_000))

    def sometimes_slow() -> int:
        return work(100_000 if next(calls) % 10 == 0 else 1_000)()

    tail = compare_tail(work(1_000), sometimes_slow, repeats=60)
    assert tail.subject_median < 3 * tail.reference
    assert tail.ratio > 20  # the slow tenth is in the 95th percentile
    assert tail.subject == p95(tail.subjects) and len(tail.subjects) == 60


def test_the_tail_prepares_each_subject_call_untimed():
    prepared: list[int] = []
    tail = compare_tail(work(100), work(100), prepare=lambda: prepared.append(1), repeats=25)
    assert len(prepared) == 25 == len(tail.subjects)


def test_the_registry_bench_reads_percentiles_from_the_ends_of_the_sorted_times():
    from registry import percentile

    times = [float(n) for n in range(100, 0, -1)]
    assert percentile(times, 0.5) in (50.0, 51.0)
    assert percentile(times, 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0


@pytest.mark.django_db
def test_the_import_bench_file_passes_its_dry_run_with_every_status():
    from django.utils import timezone
    from imports import endorsees_csv

    from dyad.imports import services
    from dyad.testing.factories import make_association

    data = endorsees_csv(300, timezone.localdate())
    imp = services.start_import(
        association=make_association("bench"),
        actor=None,
        kind="endorsees",
        file_name="bench.csv",
        data=data,
        worker=False,
    )
    assert imp.state == "previewed", imp.report["errors"][:3]
    assert imp.counts["created"] == 300
    assert {"active", "lapsed", "revoked"} <= set(data.decode().replace("\r\n", ",").split(","))


@pytest.mark.django_db
def test_the_autosave_bench_starts_every_candidate_and_each_client_saves_only_its_own(
    settings,
):
    from exam_autosave import setup

    from dyad.exams.models import Item

    settings.ROOT_URLCONF = "bare_urls"
    sittings, clients, items = setup(candidates=3)
    assert [s.state for s in sittings] == ["started"] * 3
    written = next(i for i in items if i.kind == Item.Kind.WRITTEN)
    url = f"/exams/sittings/{sittings[0].pk}/save/"
    mine = clients[0].post(url, {"item": written.pk, "seq": 1, "text": "the baby"})
    theirs = clients[1].post(url, {"item": written.pk, "seq": 2, "text": "not mine"})
    assert mine.json()["saved"] and theirs.status_code == 404
    assert clients[2].get("/bench/bare").content == b"ok"
