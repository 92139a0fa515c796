"""Load the demo: two associations, their staff, applicants, their applications (in
several states, `web/demo_applications.py`) and endorsed people.

Idempotent: running it again changes nothing. The sign-ins are printed only in demo mode.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dyad.accounts.models import User
from dyad.api.demo import demo_key
from dyad.associations.models import Association, StaffMembership
from dyad.associations.services import add_staff_member, create_association
from dyad.associations.tenancy import run_in_scope
from dyad.credentials.models import Endorsement
from dyad.credentials.services import grant_endorsement, lapse_endorsement, revoke_endorsement
from dyad.exams import builder_demo, scoring_demo
from dyad.imports.demo import load_demo as load_demo_imports
from dyad.portfolios import services as portfolio
from dyad.portfolios.transcript_services import add_transcript
from dyad.portfolios.transcripts import sample_pdf
from dyad.renewals import demo_flow as renewal_flow_demo
from dyad.renewals import demo_sweep as renewal_sweep_demo
from dyad.reports.history import add_history
from dyad.web import demo_applications, demo_rulesets

PASSWORD = "dyad-demo-2026"
#: A fixed TOTP secret for demo staff (base32); the demo also accepts the code 000000.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ASSOCIATIONS = [
    {
        "slug": "great-lakes",
        "name": "Great Lakes Association for Infant Mental Health",
        "standards": ["IMH-E", "ECMH-E"],
        "contact_email": "endorsement@great-lakes.example.org",
        "application_fee": Decimal("150.00"),
        "renewal_fee": Decimal("60.00"),
    },
    {
        "slug": "high-plains",
        "name": "High Plains Infant and Early Childhood Association",
        "standards": ["IMH-E"],
        "contact_email": "office@high-plains.example.org",
        "application_fee": Decimal("125.00"),
        "renewal_fee": Decimal("50.00"),
    },
]

STAFF = [
    ("great-lakes", "coordinator", "maria.coordinator@example.org", "Maria Okafor"),
    ("great-lakes", "reviewer", "ben.reviewer@example.org", "Ben Lindqvist"),
    ("great-lakes", "reviewer", "rosa.reviewer@example.org", "Rosa Delgado"),
    ("great-lakes", "exam_scorer", "kim.scorer@example.org", "Kim Tran"),
    ("high-plains", "coordinator", "sam.coordinator@example.org", "Sam Whitehorse"),
    ("high-plains", "reviewer", "lee.reviewer@example.org", "Lee Martin"),
]

APPLICANTS = [
    ("ana.applicant@example.org", "Ana Ruiz"),
    ("jo.applicant@example.org", "Jo Park"),
    ("dee.applicant@example.org", "Dee Abara"),
]

#: the applicant whose degree has a transcript attached (a small PDF made in code)
TRANSCRIPT_OF = "ana.applicant@example.org"

#: Each applicant's portfolio, so the portfolio page shows every status. Ages in days before
#: today. Ana is ready to apply for Infant Family Specialist (only the references an application
#: gathers are missing); Jo is nearly there (RS/C hours short, which her present rate closes
#: within months); Dee is far (a CDA and a first training).
PORTFOLIOS = {
    "ana.applicant@example.org": {
        "education": ("bachelor", 9 * 365, "Child development"),
        "work": ("Home visitor", "Lakeside Family Services", 4 * 365, "prevention", 40),
        "training": [
            ("Foundations of infant mental health", 400, 24 * 60, True),
            ("Attachment and loss in the first years", 120, 10 * 60, True),
        ],
        "rsc": (32, 20),  # sessions of an hour, one every 20 days back from today
        "agreements": True,
        "membership": True,
    },
    "jo.applicant@example.org": {
        "education": ("bachelor", 5 * 365, "Social work"),
        "work": ("Early intervention specialist", "Prairie Early Start", 3 * 365, "prevention", 32),
        "training": [
            ("Foundations of infant mental health", 300, 24 * 60, True),
            ("Attachment and loss in the first years", 90, 7 * 60, True),
        ],
        "rsc": (18, 20),
        "agreements": True,
        "membership": True,
    },
    "dee.applicant@example.org": {
        "education": ("cda", 300, ""),
        "work": None,
        "training": [("Understanding infant development", 60, 6 * 60, True)],
        "rsc": None,
        "agreements": False,
        "membership": False,
    },
}
#: areas of each training title (the area table)
TRAINING_AREAS = {
    "Foundations of infant mental health": [
        "development_behavior",
        "relationship_focused_practice",
    ],
    "Attachment and loss in the first years": ["attachment_loss", "family_dynamics"],
    "Understanding infant development": ["development_behavior"],
}

#: (association, name, category, year granted, state). "in grace" expired a month ago and still
#: shows on the registry (90-day grace); "lapsed" and "revoked" go through their services and
#: do not show.
ENDORSED = [
    ("great-lakes", "Nia Thompson", "IMHM-C", 2019, "active"),
    ("great-lakes", "Omar Haddad", "IMHS", 2021, "active"),
    ("great-lakes", "Grace Kowalski", "IFS", 2022, "in grace"),
    ("great-lakes", "Luis Ortega", "ECMHS", 2023, "active"),
    ("high-plains", "Ruth Eagleheart", "IFA", 2020, "active"),
    ("high-plains", "Pat Nguyen", "IMHS", 2024, "active"),
    ("great-lakes", "Dana Reyes", "IFA", 2021, "lapsed"),
    ("high-plains", "Chris Bell", "IFS", 2020, "revoked"),
]
#: Where each endorsed person works (county, state), for the registry's county search.
COUNTIES = {
    "Nia Thompson": ("Wayne County", "MI"),
    "Omar Haddad": ("Washtenaw County", "MI"),
    "Grace Kowalski": ("Kent County", "MI"),
    "Luis Ortega": ("Wayne County", "MI"),
    "Ruth Eagleheart": ("Lancaster County", "NE"),
    "Pat Nguyen": ("Sedgwick County", "KS"),
    "Dana Reyes": ("Marquette County", "MI"),
    "Chris Bell": ("Douglas County", "NE"),
}

#: Where each association's made-up history works: its state and counties, busiest first.
HISTORY = {
    "great-lakes": (
        "MI",
        [
            f"{name} County"
            for name in (
                "Wayne", "Oakland", "Macomb", "Kent", "Washtenaw", "Genesee", "Ingham",
                "Ottawa", "Kalamazoo", "Saginaw", "Livingston", "Muskegon", "St. Clair",
                "Jackson", "Berrien", "Monroe", "Calhoun", "Marquette", "Grand Traverse",
                "Houghton", "Alpena", "Chippewa",
            )
        ],
    ),
    "high-plains": (
        "NE",
        [
            f"{name} County"
            for name in (
                "Douglas", "Lancaster", "Sarpy", "Hall", "Buffalo", "Scotts Bluff", "Dodge",
                "Lincoln", "Madison", "Platte",
            )
        ],
    ),
}  # fmt: skip


class Command(BaseCommand):
    help = "Load demo associations, staff, applicants and endorsed people (idempotent)."

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("The demo data is not for a production database.")
        with transaction.atomic():
            associations = {a["slug"]: self._association(a) for a in ASSOCIATIONS}
            admin = self._user("alliance.admin@example.org", "Alex Admin", alliance=True)
            if not admin.is_superuser:  # the demo's Alliance administrator may use /admin/
                admin.is_staff = admin.is_superuser = True
                admin.save(update_fields=["is_staff", "is_superuser"])
            self._totp(admin)
            for email, name in APPLICANTS:
                self._portfolio(self._user(email, name), PORTFOLIOS[email])
            # Each association's data is made inside its own scope, as a task or an import would.
            for slug, association in associations.items():
                with run_in_scope(association):
                    self._staff(association, [s for s in STAFF if s[0] == slug])
                    self._endorsements(association, slug)
            demo_applications.load(self, associations, PORTFOLIOS)
            first = associations[ASSOCIATIONS[0]["slug"]]
            with run_in_scope(first):
                coordinator = User.objects.get(email=STAFF[0][2])
                self.api_key = (first.slug, demo_key(first, coordinator))
            # a spreadsheet of endorsees from the old portal, imported by the coordinator
            with run_in_scope(associations["great-lakes"]) as great_lakes:
                load_demo_imports(great_lakes, self._user("maria.coordinator@example.org", ""))
            # A year of history, so the reports and the workforce map show something real.
            for slug, (state, counties) in HISTORY.items():
                add_history(associations[slug], state=state, counties=counties)
            demo_rulesets.load(associations)
            coordinators = {
                slug: User.objects.get(email=email)
                for slug, email in demo_applications.COORDINATORS.items()
            }
            builder_demo.load(associations, coordinators)
            scoring_demo.load(self, associations, coordinators)
            renewal_flow_demo.load(associations, self._user)
            renewal_sweep_demo.load(associations, self._user)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if settings.DEMO:
            self._print_sign_ins()

    def _staff(self, association, staff):
        for _slug, role, email, name in staff:
            user = self._user(email, name)
            self._totp(user)
            if not StaffMembership.objects.filter(
                association=association, user=user, role=role
            ).exists():
                add_staff_member(association=association, user=user, role=role)

    def _endorsements(self, association, slug):
        for i, (where, name, category, year, state) in enumerate(ENDORSED, start=1):
            number = f"{where[:2].upper()}-{category}-{1000 + i}"
            if where == slug and not Endorsement.objects.filter(number=number).exists():
                self._endorsement(association, number, name, category, year, state)

    def _endorsement(self, association, number, name, category, year, state):
        """Granted, and lapsed or revoked, through the credential services (with events)."""
        today = timezone.localdate()
        expires = {
            "in grace": today - timedelta(days=30),
            "lapsed": today - timedelta(days=120),
        }.get(state, date(today.year + 1, 6, 30))
        granted = min(date(year, 6, 1), expires - timedelta(days=365))
        county, county_state = COUNTIES[name]
        endorsement = grant_endorsement(
            county=county,
            state=county_state,
            association=association,
            number=number,
            holder_name=name,
            category=category,
            granted=granted,
            expires=expires,
            reason="demo data",
        )
        if state == "lapsed":
            lapse_endorsement(endorsement=endorsement, reason="not renewed (demo data)")
        elif state == "revoked":
            revoke_endorsement(endorsement=endorsement, reason="ethics review (demo data)")

    def _portfolio(self, user, spec):
        """The applicant's portfolio through the portfolio services. Each entry carries a key
        made from the person and the entry, so a second run returns the rows of the first."""
        today = timezone.localdate()

        def key(*parts) -> uuid.UUID:
            return uuid.uuid5(uuid.NAMESPACE_URL, f"dyad-demo:{user.email}:{parts}")

        level, days, field = spec["education"]
        education = portfolio.add_education(
            owner=user,
            key=key("education"),
            level=level,
            completed=today - timedelta(days=days),
            field=field,
            related_field=bool(field),
        )
        if user.email == TRANSCRIPT_OF:  # a small transcript PDF on the degree
            add_transcript(
                education=education,
                name=f"Transcript - {user.name}.pdf",
                data=sample_pdf("Transcript of records", f"{user.name}, B.A. {field}"),
                key=key("transcript"),
            )
        work = None
        if spec["work"]:
            role, employer, days, kind, hours = spec["work"]
            work = portfolio.add_work_experience(
                owner=user,
                key=key("work"),
                role=role,
                employer=employer,
                start=today - timedelta(days=days),
                hours_per_week=hours,
                paid=True,
                kind=kind,
                participants="child_and_caregiver",
                min_months=0,
                max_months=36,
                services=["developmental_guidance", "emotional_support"],
                relationship_focused=True,
            )
        for title, days, minutes, imh in spec["training"]:
            portfolio.add_training(
                owner=user,
                key=key("training", title),
                title=title,
                date=today - timedelta(days=days),
                minutes=minutes,
                imh_specific=imh,
                areas=TRAINING_AREAS[title],
                provider="Great Lakes Association for Infant Mental Health",
            )
        if spec["rsc"]:
            provider = portfolio.add_rsc_provider(
                owner=user, key=key("provider"), name="Dr. Helen Marsh", degree="master"
            )
            if not provider.stated_endorsements.exists():
                portfolio.add_stated_endorsement(
                    provider=provider, category="IMHM-C", start=date(2012, 6, 1)
                )
            count, every = spec["rsc"]
            for i in range(count):
                portfolio.add_rsc_session(
                    owner=user,
                    key=key("rsc", i),
                    provider=provider,
                    date=today - timedelta(days=10 + i * every),
                    minutes=60,
                    format="individual",
                    work=work,
                )
        if spec["agreements"]:
            for document in ("code_of_ethics", "endorsement_agreement"):
                portfolio.sign_agreement(
                    owner=user,
                    key=key("agreement", document),
                    document=document,
                    signed=today - timedelta(days=30),
                )
        if spec["membership"]:
            portfolio.record_membership(
                owner=user,
                key=key("membership"),
                association_name="Great Lakes Association for Infant Mental Health",
                expires=today + timedelta(days=300),
            )

    def _association(self, data):
        found = Association.objects.filter(slug=data["slug"]).first()
        return found or create_association(actor=None, **data)

    def _user(self, email, name, alliance=False):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, PASSWORD, display_name=name, is_alliance_admin=alliance
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _totp(self, user):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)

    def _print_sign_ins(self):
        w = self.stdout.write
        w("")
        w("Demo sign-ins (demo mode only) at http://127.0.0.1:8000/accounts/login/")
        w(f"  password for everyone: {PASSWORD}")
        w("  staff and the Alliance administrator also enter an authenticator code:")
        w(f"  000000 works in demo mode (or add the TOTP secret {DEMO_TOTP_SECRET})")
        w("  alliance.admin@example.org       Alliance administrator (also /admin/)")
        for slug, role, email, _name in STAFF:
            w(f"  {email:<32} {role} at {slug}")
        shown = dict(
            [
                *demo_applications.sign_ins(),
                *renewal_flow_demo.sign_ins(),
                *renewal_sweep_demo.sign_ins(),
            ]
        )
        for email, _name in APPLICANTS:
            w(f"  {email:<32} {shown.pop(email, 'applicant')}")
        for email, role in shown.items():
            w(f"  {email:<32} {role}")
        slug, secret = self.api_key
        w("")
        w(f"API key of {slug} (read and write; docs at http://127.0.0.1:8000/api/v1/docs):")
        w(f"  {secret}")
        w(f'  curl -H "Authorization: Bearer {secret}" http://127.0.0.1:8000/api/v1/endorsements')
        w("")
