"""The exam's autosave, in bare pages: "one save costs K requests of a trivial view on the same
server", and how many saves a second one server process sustains, against what 200 candidates
saving every 2 seconds ask (100 a second).

200 candidates, each signed in with their own session, each in a started sitting of the same
published form (three multiple-choice items, a vignette with two written items), take turns:
every request is the next candidate's save (`exams:save`, through the whole middleware stack,
in-process, against the same fresh in-memory SQLite as the pages bench) of their written
answer, grown by a word, or of a choice, with a rising `seq`. The reference is the same
candidates' bare page (a view returning "ok": the same session, user and staff check). Run alone
with `python benchmarks/exam_autosave.py`; `make bench` runs it after the uploads.
"""

from __future__ import annotations

import itertools
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pages
from measure import Figure, ratio_figure, table, verdict
from targets import EXAMS as TARGETS

CANDIDATES = 200
EVERY_SECONDS = 2


def setup(candidates: int = CANDIDATES):
    """The form, an open window and `candidates` started sittings, each with a signed-in client.
    Built through the services (the sittings' rows in bulk: they are the bench's cast)."""
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scope

    from dyad.accounts.models import User
    from dyad.associations.models import Association
    from dyad.exams import builder_services, sitting_services
    from dyad.exams.models import Item, Sitting

    association = Association.objects.create(
        slug="bench-exams", name="Bench Exams", contact_email="exams@example.org"
    )
    staff = User.objects.create_user("bench-coordinator@example.org", "bench-password-1")
    now = timezone.now()
    with scope(association=association):
        form = builder_services.create_form(
            association=association, actor=staff, category="IMHS", title="Bench exam"
        )
        for n in range(3):
            builder_services.save_item(
                form=form,
                actor=staff,
                key=f"mc-{n}",
                kind=Item.Kind.MC,
                stem=f"Question {n}",
                options=["one", "two", "three", "four"],
                correct=n,
            )
        vignette = builder_services.save_vignette(
            form=form, actor=staff, title="A case", case="A mother and her baby."
        )
        for n in range(2):
            builder_services.save_item(
                form=form,
                actor=staff,
                key=f"w-{n}",
                kind=Item.Kind.WRITTEN,
                stem=f"Written {n}",
                vignette=vignette,
                rubric="A rubric.",
                max_score=4,
            )
        form = builder_services.publish_form(form=form, actor=staff)
        window = builder_services.open_window(
            form=form,
            actor=staff,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        people = [
            User.objects.create_user(f"bench-candidate-{n}@example.org", "bench-password-1")
            for n in range(candidates)
        ]
        Sitting.objects.bulk_create(
            Sitting(association=association, window=window, candidate=p) for p in people
        )
        sittings = []
        for sitting in Sitting.objects.filter(window=window).order_by("pk"):
            sittings.append(sitting_services.start_sitting(sitting=sitting, actor=None))
        items = list(Item.objects.filter(form=form).order_by("position"))
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
    return sittings, clients, items


def figures(repeats: int = 9) -> list[Figure]:
    from django.apps import apps

    if not apps.ready:  # `make bench` has set Django up for the pages already
        pages.setup_django()
    sittings, clients, items = setup()
    written = [i for i in items if i.kind == "written"]
    mc = [i for i in items if i.kind == "mc"]
    turn = itertools.count()
    seq = itertools.count(1)
    words = ["the", "baby", "turns", "to", "her", "mother", "and", "smiles"]
    texts: dict[tuple[int, int], str] = {}

    def bare() -> object:
        client = clients[next(turn) % len(clients)]
        response = client.get("/bench/bare")
        if response.status_code != 200:
            raise RuntimeError(f"GET /bench/bare: {response.status_code}")
        return response

    def save() -> object:
        n = next(turn)
        sitting, client = sittings[n % len(sittings)], clients[n % len(clients)]
        if n % 3:  # two saves in three are typing, one is a choice
            item = written[n % len(written)]
            key = (sitting.pk, item.pk)
            texts[key] = (texts.get(key, "") + " " + words[n % len(words)])[-4000:]
            data = {"item": item.pk, "seq": next(seq), "text": texts[key]}
        else:
            item = mc[n % len(mc)]
            data = {"item": item.pk, "seq": next(seq), "choice": n % 4}
        response = client.post(f"/exams/sittings/{sitting.pk}/save/", data)
        if response.status_code != 200 or not response.json()["saved"]:
            raise RuntimeError(f"save: {response.status_code} {response.content[:200]!r}")
        return response

    for page in (bare, save):  # the first requests load templates and modules
        for _ in range(CANDIDATES):
            page()
    figure, comparison = ratio_figure(
        f"autosave POST, {CANDIDATES} candidates in turn",
        bare,
        save,
        "bare pages",
        TARGETS["autosave"],
        repeats=repeats,
    )
    per_second = 1 / comparison.subject
    asked = CANDIDATES / EVERY_SECONDS
    figure.absolute = f"{per_second:,.0f} saves/s sustained; {figure.absolute}"
    load = Figure(
        f"{CANDIDATES} candidates saving every {EVERY_SECONDS} s ({asked:.0f} saves/s)",
        f"{per_second:,.0f} saves/s sustained by one process",
        asked / per_second,
        "of one core",
        TARGETS["autosave_load"],
    )
    return [figure, load]


if __name__ == "__main__":
    results = figures()
    print(table(results))
    sys.exit(verdict(results))
