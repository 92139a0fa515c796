"""Pages, in bare pages: "the registry costs K requests of a trivial view on the same server".

Django's test client runs every request in-process, through the whole middleware stack, against a
fresh in-memory SQLite test database that this module fills itself (bulk_create). The reference is
the bench's own bare page (`bare_urls.py`: a view returning "ok", behind the same middleware);
each page is timed interleaved with it.

Memory is measured in megabytes: the growth of the peak resident set of one POST to the public
eligibility page, each case in a fresh process (memory an earlier request freed would hide the
growth of the next). Run alone with `python benchmarks/pages.py`; `make bench` runs it with the
engine.
"""

from __future__ import annotations

import contextlib
import gc
import io
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from documents import AS_OF, REALISTIC, bad_file, build, encode, largest_valid
from measure import (
    Comparison,
    Figure,
    duration,
    ratio_figure,
    seconds_per_call,
    table,
    tail_figure,
    verdict,
)
from targets import PAGES as TARGETS

MEMORY_TIMEOUT = 60  # seconds a memory case may take before it counts as over its target
MAX_FILE_BYTES = 5 * 1024 * 1024  # the public page's promise: files up to 5 MB are read


def setup_django() -> None:
    """A self-contained Django: SQLite in memory, DEBUG off (no query log), no shared cache."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "dyad.settings"
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["DEBUG"] = "0"
    for name in ("DYAD_PRODUCTION", "REDIS_URL"):
        os.environ.pop(name, None)
    import django

    # Static files are served by the web server, not measured here; whitenoise warns otherwise.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ROOT_URLCONF = "bare_urls"  # the site's URLs and the bench's bare page

    with contextlib.redirect_stdout(io.StringIO()):  # createcachetable speaks at any verbosity
        connection.creation.create_test_db(verbosity=0, autoclobber=True)


class Site:
    """The pages under test, each a function that makes one request and checks its answer."""

    def __init__(self) -> None:
        from django.test import Client

        from dyad.associations.models import Association

        self.client = Client()
        self.association = Association.objects.create(
            slug="bench", name="Bench Association", contact_email="bench@example.org"
        )
        self.endorsements = 0
        self.addresses = itertools.count(1)

    def add_endorsements(self, total: int) -> None:
        """Bring the registry to `total` active endorsements (bulk_create: the bench's setup)."""
        from django.utils import timezone
        from django_scopes import scopes_disabled

        from dyad.credentials.models import Endorsement

        today = timezone.localdate()
        categories = [code for code, _ in Endorsement._meta.get_field("category").choices]
        rows = [
            Endorsement(
                association=self.association,
                holder_name=f"Holder {i:05d}",
                category=categories[i % len(categories)],
                number=f"BENCH-{i:06d}",
                granted=today - timedelta(days=365),
                expires=today + timedelta(days=365),
                status="active",
            )
            for i in range(self.endorsements, total)
        ]
        with scopes_disabled():
            Endorsement.objects.bulk_create(rows, batch_size=500)
        self.endorsements = total

    def endorsement_with_history(self, changes: int) -> str:
        """One endorsement granted, then revoked and reinstated `changes // 2` times through the
        services (each change an event), for the verification page; returns its number."""
        from django_scopes import scopes_disabled

        from dyad.credentials.services import (
            grant_endorsement,
            reinstate_endorsement,
            revoke_endorsement,
        )

        today = timezone_today()
        number = f"VERIFY-{changes}"
        with scopes_disabled():
            endorsement = grant_endorsement(
                association=self.association,
                number=number,
                holder_name="Verified Holder",
                category="IMHS",
                granted=today - timedelta(days=365),
                expires=today + timedelta(days=365),
            )
            for n in range(changes // 2):
                revoke_endorsement(endorsement=endorsement, reason=f"Bench reason {n}")
                reinstate_endorsement(endorsement=endorsement, reason="Bench")
        return number

    def portfolio(self, entries: int) -> tuple[object, Callable[[], object]]:
        """A person signed in (their own client), whose portfolio holds `entries` entries, and
        `save`: one change through a service, as a person makes it, after which the portfolio
        page is computed again.

        Education, work, agreements, a membership and an RS/C provider endorsed in Dyad go
        through the services; then trainings and RS/C sessions about the work, half each, in
        bulk (thousands through the services would take minutes; the rows are the same); last,
        the training that `save` changes, through its service."""
        from django.test import Client
        from django.utils import timezone

        from dyad.portfolios import services
        from dyad.portfolios.models import RscSession, Training
        from dyad.testing.factories import make_endorsement, make_user

        today = timezone.localdate()

        def ago(days: int):
            return today - timedelta(days=days)

        mentor = make_user(display_name="Bench Mentor")
        make_endorsement(
            self.association,
            "Bench Mentor",
            "IMHM-C",
            holder=mentor,
            granted=ago(2000),
            expires=ago(-6 * 366),
        )
        person = make_user(display_name="Bench Applicant")
        services.add_education(owner=person, level="bachelor", completed=ago(3000))
        work = services.add_work_experience(
            owner=person,
            role="Home visitor",
            employer="Bench Families",
            start=ago(3 * 365),
            hours_per_week=40,
            paid=True,
            kind="intervention",
            participants="child_and_caregiver",
            min_months=0,
            max_months=36,
            services=["developmental_guidance"],
            relationship_focused=True,
            addresses_attachment_loss=True,
        )
        provider = services.add_rsc_provider(owner=person, user=mentor, degree="master")
        for document in ("code_of_ethics", "endorsement_agreement"):
            services.sign_agreement(owner=person, document=document, signed=ago(10))
        services.record_membership(owner=person, expires=ago(-300), association_name="Bench")
        bulk = entries - 6  # the rows above and the training below
        Training.objects.bulk_create(
            (
                Training(
                    owner=person,
                    title=f"Training {i}",
                    date=ago(i % 1500),
                    minutes=60 + i % 4 * 30,
                    imh_specific=bool(i % 2),
                    areas=[("family_dynamics", "attachment_loss", "disorders")[i % 3]],
                )
                for i in range(bulk // 2)
            ),
            batch_size=500,
        )
        RscSession.objects.bulk_create(
            (
                RscSession(
                    owner=person,
                    date=ago(i % 900),
                    minutes=60,
                    format="individual",
                    provider=provider,
                    work=work,
                )
                for i in range(bulk - bulk // 2)
            ),
            batch_size=500,
        )
        changed = services.add_training(
            owner=person, title="Changed by the bench", date=ago(30), minutes=60, imh_specific=True
        )
        minutes = itertools.cycle((90, 60))

        def save() -> object:
            return services.change_training(training=changed, minutes=next(minutes))

        client = Client()
        client.force_login(person)
        return client, save

    def get(self, path: str, marker: bytes, client=None) -> Callable[[], object]:
        client = client or self.client

        def request() -> object:
            response = client.get(path)
            if response.status_code != 200 or marker not in response.content:
                raise RuntimeError(f"GET {path}: {response.status_code}, without {marker!r}")
            return response

        return request

    def eligibility_body(self, data: bytes) -> bytes:
        """The multipart body of the public page's form, encoded once, outside any timing."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test.client import BOUNDARY, encode_multipart

        upload = SimpleUploadedFile("portfolio.json", data, content_type="application/json")
        return encode_multipart(BOUNDARY, {"portfolio": upload, "as_of": AS_OF.isoformat()})

    def post_eligibility(self, body: bytes) -> bytes:
        """POST the form from a new address each time, so a per-address upload limit never
        turns the page into its cheap refusal; the answer's HTML is returned."""
        from django.test.client import MULTIPART_CONTENT

        n = next(self.addresses)
        address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        response = self.client.generic(
            "POST", "/eligibility/", body, content_type=MULTIPART_CONTENT, REMOTE_ADDR=address
        )
        if response.status_code != 200:
            raise RuntimeError(f"POST /eligibility/: {response.status_code}")
        return response.content

    def assessed(self, body: bytes) -> bool:
        return b'id="plan-heading"' in self.post_eligibility(body)

    def eligibility(self, data: bytes, assessed: bool) -> Callable[[], object]:
        body = self.eligibility_body(data)

        def request() -> object:
            if self.assessed(body) != assessed:
                raise RuntimeError(
                    "POST /eligibility/: the file was "
                    + ("refused, expected a plan" if assessed else "assessed, expected a refusal")
                )
            return None

        return request


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def peak_growth_here(action: Callable[[], object]) -> tuple[float, str]:
    """Megabytes the peak resident set grows by during `action` (Linux: the high-water mark is
    reset through /proc/self/clear_refs), else the peak of Python's own allocations."""
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        before = _status_kb("VmRSS")
    except OSError:
        tracemalloc.start()
        action()
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        return peak, "Python allocations (tracemalloc)"
    action()
    return (_status_kb("VmHWM") - before) / 1024, f"resident set of {before / 1024:.0f} MB"


def peak_memory_main(path: str, assessed: bool) -> None:
    """In a fresh process (one case each, so no earlier request's freed memory hides the
    growth): set up, answer one realistic POST to warm templates and imports, then measure."""
    setup_django()
    site = Site()
    site.eligibility(encode(build(**REALISTIC)), assessed=True)()
    request = site.eligibility(Path(path).read_bytes(), assessed)
    mb, base = peak_growth_here(request)
    print(json.dumps({"mb": mb, "base": base}))


def peak_growth(data: bytes, assessed: bool) -> tuple[float, str]:
    """The peak memory growth of one POST of `data`, measured in a fresh process; infinity when
    it fails or outlasts MEMORY_TIMEOUT."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portfolio.json"
        path.write_bytes(data)
        command = [sys.executable, __file__, "--peak-memory", str(path)]
        if not assessed:
            command.append("--refused")
        started = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, timeout=MEMORY_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            return float("inf"), f"killed after {MEMORY_TIMEOUT} s"
    if done.returncode != 0:
        last = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
        return float("inf"), f"failed: {' '.join(last)}"
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    took = duration(time.perf_counter() - started)
    return report["mb"], f"{report['mb']:.1f} MB over a {report['base']} ({took})"


def reader_accepts(data: bytes) -> bool:
    from dyad.standards import PortfolioError, load_portfolio_bytes

    try:
        load_portfolio_bytes(data)
    except PortfolioError:
        return False
    return True


def figures(repeats: int = 21) -> list[Figure]:
    setup_django()
    site = Site()
    bare = site.get("/bench/bare", b"ok")
    results: list[Figure] = []

    def timed(name: str, subject: Callable[[], object], target: str) -> Comparison:
        figure, comparison = ratio_figure(
            name,
            bare,
            subject,
            "bare pages",
            TARGETS[target],
            repeats=repeats,
            batch_seconds=0.03,
            budget=5,
        )
        results.append(figure)
        return comparison

    site.add_endorsements(100)
    home = site.get("/", b"</html>")
    registry = site.get("/registry/", b"Holder 00000")
    realistic = site.eligibility(encode(build(**REALISTIC)), assessed=True)
    verify = site.get(f"/verify/{site.endorsement_with_history(20)}", b"Active until")
    for page in (
        bare,
        home,
        registry,
        realistic,
        verify,
    ):  # first requests load templates, catalogues
        for _ in range(20):
            page()
    timed("GET / (home)", home, "home")
    small = timed("GET /registry/, 100 endorsements", registry, "registry")
    timed("POST /eligibility/, realistic file", realistic, "eligibility_realistic")
    timed("GET /verify/<number>, 21 events in its history", verify, "verify")
    site.add_endorsements(2000)
    big = timed("GET /registry/, 2,000 endorsements", registry, "registry")
    results.append(
        Figure(
            "registry growth, 2,000/100 endorsements",
            f"{big.subject / small.subject:.1f}x the time",
            big.ratio / small.ratio,
            "x",
            TARGETS["registry_growth"],
        )
    )

    # The portfolio page at 2,000 entries, as the p95 of single requests over the median of a
    # bare page requested by the same signed-in person: unchanged since the last request
    # (warm: served from the cache), and the first request after each save (cold: computed).
    person, save = site.portfolio(2000)
    signed_in = site.get("/bench/bare", b"ok", person)
    portfolio = site.get("/portfolio/", b"Infant Family Specialist", person)
    for page in (signed_in, portfolio):
        for _ in range(5):
            page()
    # the reference is the bare page of a person signed in (their session, their account and
    # whether they need MFA: three queries every signed-in page makes); shown beside it, for
    # information, the bare page of a visitor
    signed_out = (
        f"; signed out {duration(statistics.median(seconds_per_call(bare, 1) for _ in range(101)))}"
    )
    for name, target, options in (
        ("unchanged (warm)", "portfolio_warm", {"repeats": 200}),
        ("first after a save (cold)", "portfolio_cold", {"repeats": 40, "prepare": save}),
    ):
        figure, _ = tail_figure(
            f"GET /portfolio/, 2,000 entries, {name}, p95",
            signed_in,
            portfolio,
            "bare pages",
            TARGETS[target],
            note=signed_out,
            budget=20,
            **options,
        )
        results.append(figure)

    sizes, largest = largest_valid(reader_accepts, MAX_FILE_BYTES)
    largest_name = (
        f"largest valid file ({sizes['trainings']:,} training, {sizes['sessions']:,} RS/C, "
        f"{len(largest) / 1e6:.1f} MB)"
    )
    bad = bad_file()
    bad_name = f"bad file ({len(bad) / 1e6:.1f} MB, unknown fields)"
    largest_page = site.eligibility(largest, assessed=True)
    timed(f"POST /eligibility/, {largest_name}", largest_page, "eligibility_largest")
    timed(f"POST /eligibility/, {bad_name}", site.eligibility(bad, False), "eligibility_bad")

    for name, data, assessed, target in (
        (largest_name, largest, True, "memory_largest"),
        (bad_name, bad, False, "memory_bad"),
    ):
        mb, absolute = peak_growth(data, assessed)
        results.append(
            Figure(f"peak memory growth, POST {name}", absolute, mb, "MB", TARGETS[target])
        )
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peak-memory"]:
        peak_memory_main(sys.argv[2], assessed="--refused" not in sys.argv)
        sys.exit(0)
    results = figures()
    print(table(results))
    sys.exit(verdict(results))
