"""The demo's applications, in several states across the two demo associations, made through
the application services (the coordinator's moves by the association's demo coordinator).

Idempotent: each application is started with a key made from the person, the association and
the category, so a second run finds it; an application already past "started" is left as it is.
Portfolio entries carry keys too, so a second run returns the rows of the first.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scope

from dyad.accounts.models import User
from dyad.applications import reviewing, services, states
from dyad.portfolios import services as portfolio

#: (email, name, association, category, the state it is brought to). Ana (already in the demo,
#: ready for IFS) has just started, with her raters named and one reference in; the others have
#: the same ready portfolio as Ana and are further along.
APPLICATIONS = [
    ("ana.applicant@example.org", "Ana Ruiz", "great-lakes", "IFS", states.STARTED),
    ("lena.applicant@example.org", "Lena Moss", "great-lakes", "IFS", states.SUBMITTED),
    ("tom.applicant@example.org", "Tom Becker", "high-plains", "IFS", states.IN_REVIEW),
    ("priya.applicant@example.org", "Priya Shah", "great-lakes", "IFS", states.RETURNED),
    ("kofi.applicant@example.org", "Kofi Mensah", "high-plains", "IFS", states.ENDORSED),
    ("omar.applicant@example.org", "Omar Farouk", "great-lakes", "IMHS", states.EXAM),
    ("eva.applicant@example.org", "Eva Lindqvist", "high-plains", "IFS", states.DENIED),
    ("ines.applicant@example.org", "Ines Moreau", "great-lakes", "IFS", states.WITHDRAWN),
]
#: each association's demo reviewer (see demo.STAFF), who reviews the application in review
REVIEWERS = {
    "great-lakes": "ben.reviewer@example.org",
    "high-plains": "lee.reviewer@example.org",
}
#: applicants whose portfolio is not Ana's: Omar's meets every IMHS requirement but the exam
#: (built here: the demo's portfolio specs have no IMH practice)
OWN_PORTFOLIO = {"omar.applicant@example.org": "imhs"}
#: each association's demo coordinator (see demo.STAFF), who makes the association's moves
COORDINATORS = {
    "great-lakes": "maria.coordinator@example.org",
    "high-plains": "sam.coordinator@example.org",
}
RATERS = [
    ("Dr. Helen Marsh", "rsc_provider"),
    ("Carmen Diaz", "supervisor"),
    ("Sam Osei", "colleague"),
]
#: the portfolio the new demo applicants share (Ana's: ready for IFS)
PORTFOLIO_OF = "ana.applicant@example.org"


def load(command, associations: dict, portfolios: dict) -> None:
    """Make the demo applications (the demo command's `_user` and `_portfolio` make people;
    `portfolios` are its portfolios by email)."""
    for email, name, slug, category, target in APPLICATIONS:
        person = command._user(email, name)
        if email in OWN_PORTFOLIO:
            imhs_portfolio(person)
        elif email not in portfolios:
            command._portfolio(person, portfolios[PORTFOLIO_OF])
        association = associations[slug]
        coordinator = User.objects.get(email=COORDINATORS[slug])
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"dyad-demo:application:{email}:{slug}:{category}")
        application = services.start_application(
            applicant=person, association=association, category=category, key=key
        )
        if application.state != states.STARTED:
            if application.state == target == states.IN_REVIEW:  # a demo of before reviews
                review(application, coordinator, User.objects.get(email=REVIEWERS[slug]))
            continue  # brought to its state by an earlier run
        references = [
            services.request_reference(
                application=application,
                actor=person,
                name=rater,
                email=f"{rater.split()[-1].lower()}.{email.split('.')[0]}@raters.example.org",
                role=role,
            )
            for rater, role in RATERS
        ]
        if target == states.STARTED:
            services.record_reference_answer(reference=references[0], status="rated")
            continue
        for reference in references:
            services.record_reference_answer(reference=reference, status="rated")
        fee = "waived" if target == states.RETURNED else "paid"
        services.record_fee(
            application=application, actor=coordinator, status=fee, reference="demo"
        )
        application = services.submit_application(application=application, actor=person)
        if target == states.SUBMITTED:
            continue
        if target == states.WITHDRAWN:
            services.withdraw_application(
                application=application,
                actor=person,
                reason="I am moving abroad and will apply there (demo data).",
            )
            continue
        if target == states.RETURNED:
            services.return_application(
                application=application,
                actor=coordinator,
                rules=["training"],
                reason="Please upload the certificate of your attachment training: the file "
                "we have cannot be read.",
            )
            continue
        if target == states.IN_REVIEW:
            review(application, coordinator, User.objects.get(email=REVIEWERS[slug]))
            continue
        services.begin_review(application=application, actor=coordinator)
        if target == states.ENDORSED:
            services.endorse_application(
                application=application, actor=coordinator, reason="demo data"
            )
        elif target == states.EXAM:
            services.approve_for_exam(application=application, actor=coordinator)
        elif target == states.DENIED:
            services.deny_application(
                application=application,
                actor=coordinator,
                reason="The work experience named is not with infants, toddlers and their "
                "families (demo data).",
            )


def review(application, coordinator, reviewer) -> None:
    """Assign the association's reviewer (which starts the review), who judges every rule of
    the snapshot and recommends endorsing: the coordinator's decision is what is left. Done
    once: an application with a recommendation in is left as it is."""
    with scope(association=application.association_id):
        if application.assignments.exclude(recommendation="").exists():
            return
    assignment = reviewing.assign_reviewer(
        application=application, reviewer=reviewer, actor=coordinator
    )
    with scope(association=application.association_id):
        snapshot = application.snapshots.order_by("-number").first()
    for finding in snapshot.assessment["findings"]:
        reviewing.record_judgement(
            assignment=assignment, actor=reviewer, rule=finding["rule"], judgement="confirmed"
        )
    reviewing.recommend(
        assignment=assignment,
        actor=reviewer,
        recommendation="endorse",
        comment="Every requirement is documented; the references are strong.",
    )


def imhs_portfolio(person) -> None:
    """A master's degree, four years of IMH practice since, 34 hours of IMH training, 55 hours
    of RS/C with an IMHM-C provider over the past two years, agreements and a membership:
    everything IMHS asks but the exam (and the references an application gathers)."""
    today = timezone.localdate()

    def key(*parts) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"dyad-demo:{person.email}:{parts}")

    portfolio.add_education(
        owner=person,
        key=key("education"),
        level="master",
        completed=today - timedelta(days=6 * 365),
        field="Clinical social work",
        related_field=True,
    )
    work = portfolio.add_work_experience(
        owner=person,
        key=key("work"),
        role="Infant mental health therapist",
        employer="Riverbend Child and Family Clinic",
        start=today - timedelta(days=5 * 365),
        hours_per_week=40,
        paid=True,
        kind="intervention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
        services=["relationship_based_therapy", "early_relationship_assessment"],
        relationship_focused=True,
        addresses_attachment_loss=True,
    )
    for title, days, minutes, areas in (
        ("Foundations of infant mental health", 700, 24 * 60, ["development_behavior"]),
        ("Attachment and loss in the first years", 200, 10 * 60, ["attachment_loss"]),
    ):
        portfolio.add_training(
            owner=person,
            key=key("training", title),
            title=title,
            date=today - timedelta(days=days),
            minutes=minutes,
            imh_specific=True,
            areas=areas,
            provider="Great Lakes Association for Infant Mental Health",
        )
    provider = portfolio.add_rsc_provider(
        owner=person, key=key("provider"), name="Dr. Helen Marsh", degree="master"
    )
    if not provider.stated_endorsements.exists():
        portfolio.add_stated_endorsement(
            provider=provider, category="IMHM-C", start=date(2012, 6, 1)
        )
    for i in range(55):
        portfolio.add_rsc_session(
            owner=person,
            key=key("rsc", i),
            provider=provider,
            date=today - timedelta(days=7 + i * 12),
            minutes=60,
            format="individual",
            work=work,
        )
    for document in ("code_of_ethics", "endorsement_agreement"):
        portfolio.sign_agreement(
            owner=person,
            key=key("agreement", document),
            document=document,
            signed=today - timedelta(days=30),
        )
    portfolio.record_membership(
        owner=person,
        key=key("membership"),
        association_name="Great Lakes Association for Infant Mental Health",
        expires=today + timedelta(days=300),
    )


def sign_ins() -> list[tuple[str, str]]:
    """(email, what they show) of each demo applicant with an application."""
    return [
        (email, f"applicant, {category} {target}")
        for email, _n, _s, category, target in APPLICATIONS
    ]
