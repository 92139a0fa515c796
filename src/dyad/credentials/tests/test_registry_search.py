"""Searching the public registry: names with or without accents, parts of names, each filter,
people who asked to be left out, and pages that never skip or repeat anyone."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.accounts.services import set_registry_listing
from dyad.credentials.models import Endorsement, county_key, search_key
from dyad.credentials.selectors import RegistrySearch, registry, registry_rows
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db

URL = "/registry/"


def names(html: str) -> list[str]:
    """The names in the results table, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [unescape(n) for n in re.findall(r"<tr><td>([^<]*)</td>", body)]


def search(client, **params) -> list[str]:
    return names(client.get(URL, params).content.decode())


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


@pytest.fixture
def people(db):
    alpha, beta = make_association("alpha"), make_association("beta")
    make_endorsement(alpha, "José María García", "IMHS", county="Wayne County", state="MI")
    make_endorsement(alpha, "Jose Garcia", "IFS", county="Kent", state="MI")
    make_endorsement(beta, "Nia Thompson", "IMHM-C", county="Wayne", state="MI")
    make_endorsement(beta, "Zoë Ångström", "IMHS", county="Doña Ana County", state="NM")
    return alpha, beta


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("jose", ["Jose Garcia", "José María García"]),
        ("josé", ["Jose Garcia", "José María García"]),
        ("JOSÉ MARIA", ["José María García"]),
        ("garcía", ["Jose Garcia", "José María García"]),
        ("zoe angstrom", ["Zoë Ångström"]),
        ("nia thom", ["Nia Thompson"]),
        ("omps", ["Nia Thompson"]),
        ("thompson nia", ["Nia Thompson"]),
        ("  nia   thompson ", ["Nia Thompson"]),
        ("nobody", []),
    ],
)
def test_names_are_found_with_or_without_accents_and_in_part(client, people, query, found):
    assert search(client, q=query) == found


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"category": "IMHS"}, ["José María García", "Zoë Ångström"]),
        ({"category": "imhs"}, ["José María García", "Zoë Ångström"]),
        ({"association": "beta"}, ["Nia Thompson", "Zoë Ångström"]),
        ({"county": "Wayne"}, ["José María García", "Nia Thompson"]),
        ({"county": "wayne county"}, ["José María García", "Nia Thompson"]),
        ({"county": "dona ana"}, ["Zoë Ångström"]),
        ({"county": "Way"}, []),
        ({"county": "Wayne", "association": "alpha"}, ["José María García"]),
        ({"county": "Wayne", "category": "IMHM-C"}, ["Nia Thompson"]),
        ({"q": "garcia", "category": "IFS", "association": "alpha"}, ["Jose Garcia"]),
        ({"q": "garcia", "county": "kent", "association": "beta"}, []),
    ],
)
def test_each_filter_alone_and_together(client, people, params, found):
    assert search(client, **params) == found


def test_an_unknown_category_is_ignored_not_an_error(client, people):
    response = client.get(URL, {"category": "NOPE"})
    assert response.status_code == 200
    assert len(names(response.content.decode())) == 4


def test_the_county_shows_with_its_state(client, people):
    html = client.get(URL, {"q": "zoe"}).content.decode()
    assert "Doña Ana County, NM" in html


def test_the_search_keys_follow_the_name_when_it_is_corrected(people):
    with scopes_disabled():
        endorsement = Endorsement.objects.get(holder_name="Nia Thompson")
        endorsement.holder_name = "Nía Thompson-Ruiz"
        endorsement.county = "Oakland County"
        endorsement.save(update_fields=["holder_name", "county"])
        endorsement.refresh_from_db()
    assert endorsement.search_key == "nia thompson-ruiz"
    assert endorsement.county_key == "oakland"


def test_keys_drop_accents_case_and_extra_spaces():
    assert search_key("  José\tMARÍA  ") == "jose maria"
    assert search_key("Straße") == "strasse"
    assert county_key("St. Mary Parish") == "st. mary"
    assert county_key("Doña Ana County") == "dona ana"


def test_people_who_opted_out_are_not_listed_until_they_opt_back_in(client, people):
    alpha = people[0]
    person = make_user()
    make_endorsement(alpha, "Ada Private", holder=person, number="PRIV-1")
    assert "Ada Private" in search(client, q="ada")
    set_registry_listing(user=person, listed=False)
    assert search(client, q="ada") == []
    assert search(client, q="PRIV-1") == []
    assert "Ada Private" not in search(client)
    set_registry_listing(user=person, listed=True)
    assert search(client, q="ada") == ["Ada Private"]


def test_an_opted_out_person_still_has_their_endorsement_in_force(people):
    """The registry leaves them out; what verification reads (the endorsement) is unchanged."""
    person = make_user()
    endorsement = make_endorsement(people[0], "Ada Private", holder=person)
    set_registry_listing(user=person, listed=False)
    endorsement.refresh_from_db()
    assert endorsement.is_in_force()


def test_lapsed_and_revoked_are_gone_and_grace_is_listed(client, people):
    from datetime import timedelta

    from django.utils import timezone

    alpha = people[0]
    make_endorsement(alpha, "Lena Lapsed", status=Endorsement.Status.LAPSED)
    make_endorsement(alpha, "Rita Revoked", status=Endorsement.Status.REVOKED)
    expired = timezone.localdate() - timedelta(days=10)
    make_endorsement(alpha, "Gus Grace", granted=expired - timedelta(days=365), expires=expired)
    found = search(client)
    assert "Gus Grace" in found
    assert "Lena Lapsed" not in found and "Rita Revoked" not in found


@pytest.fixture
def crowd(db):
    """127 people in force (three pages of 50), with names that share keys once accents go."""
    alpha, beta = make_association("alpha"), make_association("beta")
    for i in range(127):
        # "Ana", "Aña" and "ANA" share a key: the id keeps the order stable among them.
        first = ["Ana", "Aña", "ANA"][i % 3]
        make_endorsement(
            alpha if i % 2 else beta,
            f"{first} Person {i // 3:03d}",
            "IMHS" if i % 4 else "IFS",
            county="Wayne" if i % 5 else "Kent",
        )
    return alpha, beta


def walk(client, params: dict) -> tuple[list[list[str]], list[str]]:
    """Follow "Next" from the first page to the last: each page's names and each page's html."""
    pages, htmls = [], []
    html = client.get(URL, params).content.decode()
    while True:
        pages.append(names(html))
        htmls.append(html)
        following = link(html, "next")
        if following is None:
            return pages, htmls
        html = client.get(URL + following).content.decode()


def test_pages_cover_everyone_once_in_order_forward_and_back(client, crowd):
    pages, htmls = walk(client, {})
    assert [len(p) for p in pages] == [50, 50, 27]
    everyone = [n for p in pages for n in p]
    assert len(everyone) == len(set(everyone)) == 127
    keys = [search_key(n) for n in everyone]
    assert keys == sorted(keys)
    # Back from the last page, by "Previous": the same pages, in reverse.
    html = htmls[-1]
    back = []
    while (previous := link(html, "prev")) is not None:
        html = client.get(URL + previous).content.decode()
        back.append(names(html))
    assert back == pages[-2::-1]
    assert link(html, "prev") is None and link(htmls[0], "prev") is None


def registry_all(search_for: RegistrySearch) -> list[str]:
    """Everyone the search finds, by the selector's query without pages."""
    rows = registry_rows(search_for).order_by("search_key", "pk")
    return [e.holder_name for e in rows]


def test_page_links_keep_the_filters(client, crowd):
    pages, htmls = walk(client, {"category": "IMHS", "q": "ana", "county": "Wayne"})
    everyone = [n for p in pages for n in p]
    assert [len(p) for p in pages] == [50, 26]
    wanted = registry_all(RegistrySearch(query="ana", category="IMHS", county="Wayne"))
    assert everyone == wanted
    assert len(set(everyone)) == len(everyone)
    following = link(htmls[0], "next")
    assert "q=ana" in following and "category=IMHS" in following and "county=Wayne" in following


def test_a_page_link_that_was_tampered_with_shows_a_page_not_an_error(client, crowd):
    for after in ("nonsense", "12:", "x:y", "99999:zzz"):
        response = client.get(URL, {"after": after})
        assert response.status_code == 200
    html = client.get(URL, {"after": "99999:zzz"}).content.decode()
    assert "There are no more endorsements" in html
    assert "First page" in html


def test_a_page_is_one_query_and_never_a_count(client, crowd):
    first = link(client.get(URL).content.decode(), "next")
    for path in (URL, URL + first, URL + "?q=ana&category=IMHS"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        sql = [q["sql"].upper() for q in queries.captured_queries]
        assert not any("COUNT(" in s for s in sql), sql
        assert len(sql) <= 2  # the page of endorsements, the associations for the filter
        htmx = client.get(path, HTTP_HX_REQUEST="true")
        assert "<html" not in htmx.content.decode()


@pytest.mark.parametrize("extra", [5, 150])
def test_the_query_count_does_not_grow_with_the_registry(
    client, db, extra, django_assert_num_queries
):
    alpha = make_association("alpha")
    make_association("beta")
    owners = [make_user() for _ in range(3)]
    for i in range(extra):
        make_endorsement(alpha, f"Person {i:03d}", holder=owners[i % 3], county="Kent")
    with django_assert_num_queries(2):
        client.get(URL, {"county": "kent"})
    with django_assert_num_queries(1):
        client.get(URL, {"county": "kent"}, HTTP_HX_REQUEST="true")


def test_the_form_works_without_javascript(client, people):
    """The form is a plain GET to the registry with named fields: a browser without JavaScript
    submits it as it is and finds the people."""
    html = client.get(URL).content.decode()
    form = re.search(r'<form method="get" action="([^"]+)"', html)
    assert form is not None and form.group(1) == reverse("credentials:registry")
    for field in ('name="q"', 'name="category"', 'name="association"', 'name="county"'):
        assert field in html
    assert 'type="submit"' in html
    found = search(client, q="garcia", category="", association="alpha", county="")
    assert found == ["Jose Garcia", "José María García"]


def test_the_search_is_kept_in_the_form(client, people):
    html = client.get(URL, {"q": "jos", "county": "Wayne", "category": "IMHS"}).content.decode()
    assert 'value="jos"' in html and 'value="Wayne"' in html
    assert '<option value="IMHS" selected>' in html


def test_the_selector_pages_from_a_key(people):
    first = registry(RegistrySearch(), size=2)
    assert [e.holder_name for e in first.rows] == ["Jose Garcia", "José María García"]
    second = registry(RegistrySearch(), after=first.after, size=2)
    assert [e.holder_name for e in second.rows] == ["Nia Thompson", "Zoë Ångström"]
    assert second.after == "" and second.before
    back = registry(RegistrySearch(), before=second.before, size=2)
    assert [e.holder_name for e in back.rows] == ["Jose Garcia", "José María García"]
    assert back.before == "" and back.first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_on_postgresql_a_name_search_uses_the_trigram_index(people):
    """The index answers LIKE '%part%' (whether the planner walks the name order instead, for a
    common name, is its choice: the bench measures both)."""
    with scopes_disabled():
        rows = Endorsement.objects.filter(search_key__contains=search_key("Garc"))
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:  # the table is tiny: rule out reading it whole
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "endorsement_search_trgm" in plan, plan
