"""The demo's applications, in several states across the two demo associations, made through
the application services (the coordinator's moves by the association's demo coordinator).

Idempotent: each application is started with a key made from the person, the association and
the category, so a second run finds it; an application already past "started" is left as it is.
"""

from __future__ import annotations

import uuid

from dyad.accounts.models import User
from dyad.applications import services, states

#: (email, name, association, category, the state it is brought to). Ana (already in the demo,
#: ready for IFS) has just started, with her raters named and one reference in; the others have
#: the same ready portfolio as Ana and are further along.
APPLICATIONS = [
    ("ana.applicant@example.org", "Ana Ruiz", "great-lakes", "IFS", states.STARTED),
    ("lena.applicant@example.org", "Lena Moss", "great-lakes", "IFS", states.SUBMITTED),
    ("tom.applicant@example.org", "Tom Becker", "high-plains", "IFS", states.IN_REVIEW),
    ("priya.applicant@example.org", "Priya Shah", "great-lakes", "IFS", states.RETURNED),
    ("kofi.applicant@example.org", "Kofi Mensah", "high-plains", "IFS", states.ENDORSED),
]
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
        if email not in portfolios:
            command._portfolio(person, portfolios[PORTFOLIO_OF])
        association = associations[slug]
        coordinator = User.objects.get(email=COORDINATORS[slug])
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"dyad-demo:application:{email}:{slug}:{category}")
        application = services.start_application(
            applicant=person, association=association, category=category, key=key
        )
        if application.state != states.STARTED:
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
        services.submit_application(application=application, actor=person)
        if target == states.SUBMITTED:
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
        services.begin_review(application=application, actor=coordinator)
        if target == states.ENDORSED:
            services.endorse_application(
                application=application, actor=coordinator, reason="demo data"
            )


def sign_ins() -> list[tuple[str, str]]:
    """(email, what they show) of each demo applicant with an application."""
    return [
        (email, f"applicant, {category} {target}")
        for email, _n, _s, category, target in APPLICATIONS
    ]
