"""Fake endorsements in bulk, for measuring the registry at scale (`dyad seed_registry N`).

Not a way to grant real endorsements: rows go in with `bulk_create`, thousands a statement,
with the events a grant (and a lapse or revocation) would have written, so history pages read
as they would. Realistic on purpose: names with accents from several languages, double
surnames, counties of several states, every category, and a share of endorsements in their
grace period, past it (the lapse not yet recorded), lapsed, revoked, or of people who asked to
be left out of the registry.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.associations.models import Association
from dyad.associations.services import create_association
from dyad.core.models import Event
from dyad.standards.codes import CATEGORIES

from .models import Endorsement, grace_days

GIVEN = [
    "José",
    "María",
    "Sofía",
    "Lucía",
    "Andrés",
    "Martín",
    "Valentina",
    "Camila",
    "Mateo",
    "Inés",
    "Raúl",
    "Ramón",
    "Begoña",
    "Iñaki",
    "Nia",
    "Omar",
    "Aisha",
    "Fatima",
    "Kwame",
    "Amara",
    "Chloé",
    "Zoë",
    "Renée",
    "Hélène",
    "François",
    "Anaïs",
    "Noël",
    "Björn",
    "Søren",
    "Åsa",
    "Łukasz",
    "Małgorzata",
    "Paweł",
    "Zoltán",
    "Dávid",
    "Thảo",
    "Nguyệt",
    "Minh",
    "Linh",
    "Siobhán",
    "Seán",
    "Aoife",
    "Emily",
    "Sarah",
    "Jessica",
    "Ashley",
    "Michael",
    "Christopher",
    "David",
    "James",
    "Robert",
    "Jennifer",
    "Maria",
    "Ana",
    "Luis",
]
SURNAMES = [
    "García",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Gómez",
    "Muñoz",
    "Peña",
    "Ibáñez",
    "Núñez",
    "Ortíz",
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Thompson",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Wójcik",
    "Müller",
    "Schäfer",
    "Öztürk",
    "Çelik",
    "Ó'Brien",
    "MacLeòid",
    "Haddad",
    "Okafor",
    "Mensah",
    "Diallo",
    "Søndergaard",
    "Ångström",
    "Dubois",
    "Lefèvre",
    "Béland",
    "Côté",
    "Gagné",
]
COUNTIES = [
    ("Wayne County", "MI"),
    ("Oakland County", "MI"),
    ("Kent County", "MI"),
    ("Washtenaw County", "MI"),
    ("Marquette County", "MI"),
    ("Cook County", "IL"),
    ("DuPage County", "IL"),
    ("Franklin County", "OH"),
    ("Cuyahoga County", "OH"),
    ("Hennepin County", "MN"),
    ("Ramsey County", "MN"),
    ("Dane County", "WI"),
    ("Milwaukee County", "WI"),
    ("Travis County", "TX"),
    ("El Paso County", "TX"),
    ("Doña Ana County", "NM"),
    ("Bernalillo County", "NM"),
    ("Orleans Parish", "LA"),
    ("Anchorage Municipality", "AK"),
    ("Matanuska-Susitna Borough", "AK"),
    ("King County", "WA"),
    ("Yakima County", "WA"),
    ("Multnomah County", "OR"),
    ("Los Angeles County", "CA"),
    ("San Bernardino County", "CA"),
    ("Maricopa County", "AZ"),
    ("Washington County", "OR"),
    ("Washington County", "PA"),
    ("Allegheny County", "PA"),
    ("Suffolk County", "MA"),
]
ASSOCIATIONS = [
    ("seed-great-lakes", "Great Lakes Infant Mental Health Association (seed)"),
    ("seed-prairie", "Prairie Association for Infant Mental Health (seed)"),
    ("seed-desert", "Desert Southwest Early Childhood Association (seed)"),
    ("seed-cascade", "Cascade Infant and Family Association (seed)"),
    ("seed-bayou", "Bayou Early Relationships Association (seed)"),
    ("seed-northern", "Northern Lights Infant Mental Health (seed)"),
]
#: The share of each case, out of 100: the rest are in force and listed.
SHARES = {"grace": 5, "past_grace": 4, "lapsed": 6, "revoked": 5, "opted_out": 5}
NUMBER_PREFIX = "SEED-"


@dataclass
class Seeded:
    endorsements: int = 0
    events: int = 0
    people: int = 0
    cases: dict[str, int] = field(default_factory=dict)


def _associations() -> list[Association]:
    found = {a.slug: a for a in Association.objects.filter(slug__in=[s for s, _ in ASSOCIATIONS])}
    for slug, name in ASSOCIATIONS:
        if slug not in found:
            found[slug] = create_association(
                actor=None,
                slug=slug,
                name=name,
                contact_email=f"office@{slug}.example.org",
                standards=["IMH-E"],
            )
    return [found[slug] for slug, _ in ASSOCIATIONS]


def _next_number() -> int:
    """The first free seed number, so a second run adds to the first."""
    with scopes_disabled():
        last = (
            Endorsement.objects.filter(number__startswith=NUMBER_PREFIX)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
    return int(last.removeprefix(NUMBER_PREFIX)) + 1 if last else 1


def name(rng: random.Random) -> str:
    given = rng.choice(GIVEN)
    if rng.random() < 0.2:
        given += " " + rng.choice(GIVEN)
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.25:
        surname += " " + rng.choice(SURNAMES)
    return f"{given} {surname}"


def _case(rng: random.Random) -> str:
    roll = rng.randrange(100)
    for case, share in SHARES.items():
        if roll < share:
            return case
        roll -= share
    return "in_force"


def seed_registry(total: int, *, seed: int = 0, batch: int = 5000) -> Seeded:
    """Add `total` fake endorsements (and the accounts of people who opted out), in batches of
    `batch` rows, each batch one transaction."""
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    grace = grace_days()
    password = make_password(None)  # unusable: these people cannot sign in
    result = Seeded(cases=dict.fromkeys([*SHARES, "in_force"], 0))
    with scopes_disabled():
        associations = _associations()
        first = _next_number()
        for start in range(0, total, batch):
            size = min(batch, total - start)
            rows, cases, holders = [], [], []
            for i in range(size):
                n = first + start + i
                case = _case(rng)
                category = rng.choice(CATEGORIES)
                county, state = rng.choice(COUNTIES)
                if case == "grace":
                    expires = today - timedelta(days=rng.randint(1, grace[category]))
                elif case in ("past_grace", "lapsed"):
                    expires = today - timedelta(days=grace[category] + rng.randint(1, 700))
                else:
                    expires = today + timedelta(days=rng.randint(0, 3 * 365))
                status = {"lapsed": "lapsed", "revoked": "revoked"}.get(case, "active")
                rows.append(
                    Endorsement(
                        association=rng.choice(associations),
                        holder_name=name(rng),
                        category=category,
                        number=f"{NUMBER_PREFIX}{n:08d}",
                        granted=expires - timedelta(days=rng.choice([365, 730, 1095])),
                        expires=expires,
                        status=status,
                        county=county,
                        state=state,
                        revoked_on=today if status == "revoked" else None,
                        revocation_reason="seeded" if status == "revoked" else "",
                    )
                )
                cases.append(case)
                if case == "opted_out":
                    holders.append(
                        User(
                            email=f"seed-{n:08d}@example.invalid",
                            display_name=rows[-1].holder_name,
                            password=password,
                            listed_in_registry=False,
                        )
                    )
            with transaction.atomic():
                people = iter(User.objects.bulk_create(holders))
                for row, case in zip(rows, cases, strict=True):
                    if case == "opted_out":
                        row.holder = next(people)
                events = _insert(rows, now)
            result.endorsements += size
            result.events += events
            result.people += len(holders)
            for case in cases:
                result.cases[case] += 1
    return result


COLUMNS = (
    "association_id",
    "holder_id",
    "holder_name",
    "category",
    "number",
    "granted",
    "expires",
    "status",
    "county",
    "state",
    "search_key",
    "county_key",
    "revoked_on",
    "revocation_reason",
    "requirement_set",
)


def _insert(rows: list[Endorsement], now) -> int:
    """Insert the endorsements and their events; the number of events.

    On PostgreSQL through COPY, and the events by one INSERT ... SELECT over the new rows (the
    seed's 100,000 take seconds instead of minutes); elsewhere through `bulk_create`."""
    if connection.vendor != "postgresql":
        Endorsement.objects.bulk_create(rows)
        return len(Event.objects.bulk_create(list(_events(rows, now)), batch_size=2000))
    for row in rows:
        row.fill_keys()
    table = Endorsement._meta.db_table
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([getattr(row, column) for column in COLUMNS])
        numbers = [row.number for row in rows]
        cursor.execute(
            f"""
            INSERT INTO {Event._meta.db_table}
                (created_at, association_id, subject_type, subject_id, verb, from_state,
                 to_state, reason, data)
            SELECT %s, e.association_id, 'credentials.endorsement', e.id::text, step.verb,
                   step.from_state, step.to_state, step.reason,
                   jsonb_build_object('number', e.number, 'category', e.category,
                                      'expires', to_char(e.expires, 'YYYY-MM-DD'))
            FROM {table} e
            JOIN (VALUES ('endorsement.granted', '', 'active', '', 'active'),
                         ('endorsement.granted', '', 'active', '', 'lapsed'),
                         ('endorsement.granted', '', 'active', '', 'revoked'),
                         ('endorsement.lapsed', 'active', 'lapsed', '', 'lapsed'),
                         ('endorsement.revoked', 'active', 'revoked', 'seeded', 'revoked'))
                 AS step (verb, from_state, to_state, reason, status)
              ON step.status = e.status
            WHERE e.number = ANY(%s)
            """,
            [now, numbers],
        )
        return cursor.rowcount


def _events(rows: list[Endorsement], now):
    """What the services would have recorded: the grant, then the lapse or the revocation."""
    for row in rows:
        data = {"number": row.number, "category": row.category, "expires": row.expires.isoformat()}
        common = {
            "association": row.association,
            "subject_type": "credentials.endorsement",
            "subject_id": str(row.pk),
            "data": data,
        }
        yield Event(created_at=now, verb="endorsement.granted", to_state="active", **common)
        if row.status != "active":
            yield Event(
                created_at=now,
                verb=f"endorsement.{row.status}",
                from_state="active",
                to_state=row.status,
                reason="seeded" if row.status == "revoked" else "",
                **common,
            )
