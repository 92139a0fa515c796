"""Public reads of endorsements: the registry spans every association by design."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, Subquery
from django_scopes import scopes_disabled

from dyad.standards.codes import CATEGORIES

from .models import Endorsement, county_key, search_key

PAGE_SIZE = 50
#: What the registry shows: only what a certificate shows.
FIELDS = (
    "holder_name",
    "search_key",
    "category",
    "number",
    "granted",
    "expires",
    "county",
    "state",
    "association__name",
    "association__slug",
)


@dataclass(frozen=True)
class RegistrySearch:
    """What a visitor asked the registry for; every part is optional."""

    query: str = ""
    category: str = ""
    association: str = ""  # the association's slug
    county: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.query or self.category or self.association or self.county)

    @property
    def querystring(self) -> str:
        """The search as it reads in an address, so page links keep the filters."""
        return urlencode(
            {
                "q": self.query,
                "category": self.category,
                "association": self.association,
                "county": self.county,
            }
        )


@dataclass
class RegistryPage:
    """One page of the registry, found by walking the index from a key: no count, no offset.

    `after` and `before` are the keys of the next and previous pages ("" when there is none).
    """

    rows: list[Endorsement]
    after: str = ""
    before: str = ""
    first: bool = True
    size: int = PAGE_SIZE
    search: RegistrySearch = field(default_factory=RegistrySearch)

    @property
    def is_whole(self) -> bool:
        """Everything that matches is on this page, so `len(rows)` is the number that match."""
        return self.first and not self.after


def cursor(endorsement: Endorsement) -> str:
    return f"{endorsement.pk}:{endorsement.search_key}"


def parse_cursor(value: str) -> tuple[int, str] | None:
    """The (id, key) of a cursor from the address, or None if it is not one."""
    pk, sep, key = value.partition(":")
    if not sep or not pk.isdigit() or len(key) > 200:
        return None
    return int(pk), key


def registry_rows(search: RegistrySearch):
    """Endorsements in force today (active, and not past `expires` plus the grace period) whose
    holder has not asked to be left out, matching `search`. Public by design, so it crosses
    tenants: only what a certificate shows (name, category, number, dates, county)."""
    with scopes_disabled():
        rows = (
            Endorsement.objects.current()
            .filter(Q(holder__isnull=True) | Q(holder__listed_in_registry=True))
            .select_related("association")
        )
        words = search_key(search.query).split()
        if search.query:
            if search.query.strip().upper() in CATEGORIES:
                rows = rows.filter(category=search.query.strip().upper())
            elif len(words) == 1 and any(c.isdigit() for c in words[0]):
                # Looks like an endorsement number: the unique index answers.
                number = search.query.strip()
                rows = rows.filter(number__in={number, number.upper()})
            else:
                # Every word somewhere in the name: "jose gar" finds "José María García". On
                # PostgreSQL each LIKE '%word%' is a lookup in the trigram index.
                for word in words:
                    rows = rows.filter(search_key__contains=word)
        if search.category:
            rows = rows.filter(category=search.category)
        if search.association:
            rows = rows.filter(association__slug=search.association)
        if search.county:
            rows = rows.filter(county_key=county_key(search.county))
        return rows.only(*FIELDS)


def registry(search: RegistrySearch, after: str = "", before: str = "", size: int = PAGE_SIZE):
    """One page of `registry_rows`, ordered by name then id, in one query.

    `after` (or `before`) is a cursor: the page starts after (ends before) that row. The query asks
    for one row more than a page to learn whether another page follows, so nothing is counted.
    The page's ids are chosen first (on PostgreSQL an index-only walk of the registry's order),
    then only those rows are read: both in one statement.
    """
    rows = registry_rows(search)
    start = parse_cursor(after) if after else None
    end = parse_cursor(before) if before and not start else None
    backwards = end is not None
    if start:
        pk, key = start
        # `search_key >= key` lets the database start the walk at the key; the rest breaks ties.
        rows = rows.filter(Q(search_key__gt=key) | Q(pk__gt=pk), search_key__gte=key)
    elif end:
        pk, key = end
        rows = rows.filter(Q(search_key__lt=key) | Q(pk__lt=pk), search_key__lte=key)
    order = ("-search_key", "-pk") if backwards else ("search_key", "pk")
    ids = rows.order_by(*order).values("pk")[: size + 1]
    with scopes_disabled():  # public by design, as in registry_rows
        found = list(
            Endorsement.objects.filter(pk__in=Subquery(ids))
            .select_related("association")
            .only(*FIELDS)
            .order_by(*order)
        )
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
        return RegistryPage(
            rows=found,
            after=cursor(found[-1]) if found else "",
            before=cursor(found[0]) if more else "",
            first=not more,
            size=size,
            search=search,
        )
    return RegistryPage(
        rows=found,
        after=cursor(found[-1]) if more else "",
        before=cursor(found[0]) if start and found else "",
        first=not start,
        size=size,
        search=search,
    )
