"""Reads of a person's portfolio: the engine's facts and the person's own history.

`portfolio_facts(user)` turns the rows into `dyad.standards.facts.Portfolio` in a fixed number of
queries (nine) whatever the portfolio's size, each entry named by its ref (`training:12`,
`work_experience:7`, `rsc_provider:3`, `rsc_session:812`), so findings cite rows, never positions.
"""

from __future__ import annotations

from django_scopes import scopes_disabled

from dyad.core.events import with_people
from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.standards import facts

from .models import (
    Agreement,
    Education,
    ExamEntry,
    Membership,
    RscProvider,
    RscSession,
    StatedEndorsement,
    Training,
    WorkExperience,
)

#: the number of queries `portfolio_facts` makes, whatever the size of the portfolio
FACTS_QUERIES = 10


def ref(prefix: str, pk: int) -> str:
    return f"{prefix}:{pk}"


def portfolio_facts(user) -> facts.Portfolio:
    """The person's portfolio as the engine reads it (FACTS_QUERIES queries).

    A provider with a Dyad account holds, for the engine, exactly the endorsements Dyad granted
    them: each from `granted` to `expires` (no grace period: the file's periods have none either),
    revoked ones left out since the row does not say from when they stopped counting. An outside
    provider holds the endorsements the applicant stated. Agreements: the latest signature of
    each document; membership: the latest expiry.
    """
    return portfolio_facts_many([user])[user.pk]


def portfolio_facts_many(users) -> dict[int, facts.Portfolio]:
    """`portfolio_facts` of several people at once, by user id, in the same FACTS_QUERIES
    queries whatever their number (the impact preview of a requirement set reads thousands)."""
    people = {u.pk: u for u in users}
    ids = list(people)
    education: dict[int, list] = {pk: [] for pk in ids}
    for e in Education.objects.filter(owner__in=ids).order_by("id").values():
        education[e["owner_id"]].append(
            facts.Education(
                ref(Education.ref_prefix, e["id"]),
                e["level"],
                e["completed"],
                e["field"],
                e["related_field"],
                e["imh_certificate"],
                e["institution"],
            )
        )
    training: dict[int, list] = {pk: [] for pk in ids}
    for t in (
        Training.objects.filter(owner__in=ids)
        .order_by("id")
        .values("id", "owner_id", "title", "date", "minutes", "imh_specific", "areas", "provider")
    ):
        training[t["owner_id"]].append(
            facts.Training(
                ref(Training.ref_prefix, t["id"]),
                t["title"],
                t["date"],
                t["minutes"],
                t["imh_specific"],
                tuple(t["areas"] or ()),
                t["provider"],
            )
        )
    work: dict[int, list] = {pk: [] for pk in ids}
    for w in WorkExperience.objects.filter(owner__in=ids).order_by("id").values():
        work[w["owner_id"]].append(
            facts.Work(
                ref=ref(WorkExperience.ref_prefix, w["id"]),
                id=ref(WorkExperience.ref_prefix, w["id"]),
                start=w["start"],
                end=w["end"],
                hours_per_week=float(w["hours_per_week"]),
                paid=w["paid"],
                kind=w["kind"],
                participants=w["participants"],
                min_months=w["min_months"],
                max_months=w["max_months"],
                prenatal=w["prenatal"],
                services=tuple(w["services"] or ()),
                relationship_focused=w["relationship_focused"],
                addresses_attachment_loss=w["addresses_attachment_loss"],
                role=w["role"],
                employer=w["employer"],
            )
        )
    providers = _providers(ids)
    rsc: dict[int, list] = {pk: [] for pk in ids}
    # A session its provider said did not happen stays on the person's pages but no
    # longer counts (nor goes into the exported file, which must agree with the pages).
    for s in (
        RscSession.objects.filter(owner__in=ids)
        .exclude(confirmation="not_held")
        .order_by("id")
        .values("id", "owner_id", "date", "minutes", "format", "provider_id", "work_id")
    ):
        rsc[s["owner_id"]].append(
            facts.RscSession(
                ref(RscSession.ref_prefix, s["id"]),
                s["date"],
                s["minutes"],
                s["format"],
                ref(RscProvider.ref_prefix, s["provider_id"]),
                ref(WorkExperience.ref_prefix, s["work_id"]) if s["work_id"] else None,
            )
        )
    latest: dict[int, dict[str, facts.Agreement]] = {pk: {} for pk in ids}
    for a in Agreement.objects.filter(owner__in=ids).order_by("signed", "id").values():
        latest[a["owner_id"]][a["document"]] = facts.Agreement(
            ref(Agreement.ref_prefix, a["id"]), a["document"], a["signed"]
        )
    held: dict[int, facts.Membership] = {}
    for row in Membership.objects.filter(owner__in=ids).order_by("-expires", "-id").values():
        if row["owner_id"] not in held:
            held[row["owner_id"]] = facts.Membership(
                ref(Membership.ref_prefix, row["id"]), row["expires"], row["association_name"]
            )
    exams: dict[int, list] = {pk: [] for pk in ids}
    for e in (
        ExamEntry.objects.filter(owner__in=ids)
        .order_by("date", "id")
        .values("id", "owner_id", "category", "date", "result")
    ):
        exams[e["owner_id"]].append(
            facts.ExamResult(
                ref(ExamEntry.ref_prefix, e["id"]), e["category"], e["date"], e["result"]
            )
        )
    return {
        pk: facts.Portfolio.build(
            name=user.name,
            email=user.email,
            exams=tuple(exams[pk]),
            education=tuple(education[pk]),
            training=tuple(training[pk]),
            work=tuple(work[pk]),
            providers=providers[pk],
            rsc=tuple(rsc[pk]),
            agreements=tuple(
                latest[pk][d]
                for d in ("code_of_ethics", "endorsement_agreement")
                if d in latest[pk]
            ),
            membership=held.get(pk),
        )
        for pk, user in people.items()
    }


def _providers(owner_ids: list[int]) -> dict[int, tuple[facts.Provider, ...]]:
    """Each owner's providers with the endorsements they held (three queries)."""
    rows = list(
        RscProvider.objects.filter(owner__in=owner_ids).select_related("user").order_by("id")
    )
    stated: dict[int, list[facts.HeldPeriod]] = {}
    for s in (
        StatedEndorsement.objects.filter(provider__owner__in=owner_ids).order_by("id").values()
    ):
        stated.setdefault(s["provider_id"], []).append(
            facts.HeldPeriod(s["category"], s["start"], s["end"])
        )
    granted: dict[int, list[facts.HeldPeriod]] = {}
    # Endorsements are tenant data; a provider's may come from any association, and whether
    # they were qualified on a session's day is a public fact (the registry shows it), so this
    # one read crosses associations on purpose. It reads only the holders these people named.
    with scopes_disabled():
        endorsements = (
            Endorsement.objects.filter(
                holder__in=RscProvider.objects.filter(
                    owner__in=owner_ids, user__isnull=False
                ).values("user")
            )
            .exclude(status=Endorsement.Status.REVOKED)
            .order_by("granted", "id")
            .values_list("holder_id", "category", "granted", "expires")
        )
        for holder, category, start, end in endorsements:
            granted.setdefault(holder, []).append(facts.HeldPeriod(category, start, end))
    out: dict[int, list[facts.Provider]] = {pk: [] for pk in owner_ids}
    for p in rows:
        out[p.owner_id].append(
            facts.Provider(
                ref(RscProvider.ref_prefix, p.pk),
                ref(RscProvider.ref_prefix, p.pk),
                p.shown_name,
                p.degree or None,
                tuple(granted.get(p.user_id, ()) if p.user_id else stated.get(p.pk, ())),
            )
        )
    return {pk: tuple(found) for pk, found in out.items()}


def _own_events(user):
    return Event.objects.filter(
        association__isnull=True, verb__startswith="portfolio.", data__owner=user.pk
    ).select_related("actor")


def portfolio_history(user) -> list[Event]:
    """The person's own portfolio events, oldest first, with the people they name loaded."""
    # A person's own events belong to no association, so no association's scope shows them;
    # this reads across scopes on purpose, only events of this person's portfolio.
    with scopes_disabled():
        return with_people(_own_events(user))


class PortfolioHistoryPages:
    """The person's own events, newest first, for a Paginator: it counts and slices in the
    database, so a page costs the same whether the person has 5 events or 5,000."""

    def __init__(self, user) -> None:
        self.user = user

    def count(self) -> int:
        with scopes_disabled():  # across scopes on purpose, as portfolio_history
            return _own_events(self.user).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Event]:
        with scopes_disabled():
            return with_people(_own_events(self.user).order_by("-created_at", "-id")[index])
