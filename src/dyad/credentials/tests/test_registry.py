"""The public registry of endorsed professionals."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement, grace_days
from dyad.standards.codes import CATEGORIES
from dyad.testing.factories import make_association, make_endorsement
from dyad.web.selectors import alliance_overview

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    alpha, beta = make_association("alpha"), make_association("beta")
    make_endorsement(alpha, "Nia Thompson", "IMHM-C", number="AL-1")
    make_endorsement(beta, "Omar Haddad", "IMHS", number="BE-2")
    make_endorsement(alpha, "Lapsed Person", "IFS", status=Endorsement.Status.LAPSED)
    return alpha, beta


def test_lists_active_endorsements_of_every_association_only(client, registry):
    html = client.get(reverse("credentials:registry")).content.decode()
    assert "Nia Thompson" in html and "Omar Haddad" in html
    assert "Lapsed Person" not in html
    assert "2 active endorsements" in html
    assert "grace period" not in html


@pytest.mark.parametrize(
    ("people", "caption"), [(1, "1 acreditación vigente"), (2, "2 acreditaciones vigentes")]
)
def test_the_count_reads_in_spanish_in_the_singular_and_the_plural(client, db, people, caption):
    alpha = make_association("alpha")
    for n in range(people):
        make_endorsement(alpha, f"Person {n}")
    client.cookies["django_language"] = "es"
    html = client.get(reverse("credentials:registry")).content.decode()
    assert caption in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"q": "nia"}, "Nia Thompson", "Omar Haddad"),
        ({"q": "BE-2"}, "Omar Haddad", "Nia Thompson"),
        ({"q": "imhs"}, "Omar Haddad", "Nia Thompson"),
        ({"association": "alpha"}, "Nia Thompson", "Omar Haddad"),
    ],
)
def test_search(client, registry, params, shown, hidden):
    html = client.get(reverse("credentials:registry"), params).content.decode()
    assert shown in html and hidden not in html


def test_htmx_search_returns_only_the_results(client, registry):
    response = client.get(reverse("credentials:registry"), {"q": "nia"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Nia Thompson" in html


def test_empty_states_say_what_to_do(client, db):
    html = client.get(reverse("credentials:registry")).content.decode()
    assert "No endorsements are registered yet" in html
    make_association("alpha")
    html = client.get(reverse("credentials:registry"), {"q": "nobody"}).content.decode()
    assert "No active endorsement matches your search" in html


def test_registry_costs_the_same_queries_for_5_or_120_people(
    client, registry, django_assert_max_num_queries
):
    alpha = registry[0]
    with django_assert_max_num_queries(2):
        client.get(reverse("credentials:registry"))
    for i in range(120):
        make_endorsement(alpha, f"Person {i:03d}")
    with django_assert_max_num_queries(2):
        html = client.get(reverse("credentials:registry")).content.decode()
    assert "50 active endorsements on this page" in html
    assert "Next" in html


def _expired(association, name, days_ago, category="IMHS"):
    """Stored as active, expired `days_ago` days ago (the lapse not yet recorded)."""
    expires = timezone.localdate() - timedelta(days=days_ago)
    return make_endorsement(
        association, name, category, granted=expires - timedelta(days=365), expires=expires
    )


def test_an_endorsement_past_its_grace_period_is_hidden_whatever_its_status(client, db):
    alpha = make_association("alpha")
    _expired(alpha, "Last Day Of Grace", 90)
    _expired(alpha, "One Day Too Late", 91, category="ECMHS")
    html = client.get(reverse("credentials:registry")).content.decode()
    assert "Last Day Of Grace" in html
    assert "One Day Too Late" not in html
    assert "1 active endorsement" in html
    assert html.count("in the renewal grace period") == 1
    with scopes_disabled():  # the stored status still says active: the registry decides by date
        assert set(Endorsement.objects.values_list("status", flat=True)) == {"active"}


def test_the_grace_period_comes_from_the_baseline_requirement_sets():
    assert set(grace_days().values()) == {90}
    assert set(grace_days()) == set(CATEGORIES)


def test_current_answers_for_any_day(db):
    alpha = make_association("alpha")
    endorsement = make_endorsement(alpha, "Nia Thompson", expires=date(2027, 6, 30))
    with scopes_disabled():
        in_force = Endorsement.objects.current
        assert in_force(on=date(2027, 9, 28)).filter(pk=endorsement.pk).exists()
        assert not in_force(on=date(2027, 9, 29)).exists()
    assert endorsement.is_in_force(on=date(2027, 9, 28))
    assert not endorsement.is_in_force(on=date(2027, 9, 29))


def test_lapsed_and_revoked_endorsements_are_hidden_even_before_they_expire(client, db):
    alpha = make_association("alpha")
    make_endorsement(alpha, "Lapsed Early", status=Endorsement.Status.LAPSED)
    make_endorsement(alpha, "Revoked Person", status=Endorsement.Status.REVOKED)
    make_endorsement(alpha, "Still Endorsed")
    html = client.get(reverse("credentials:registry")).content.decode()
    assert "Still Endorsed" in html
    assert "Lapsed Early" not in html and "Revoked Person" not in html


def test_the_alliance_counts_only_endorsements_in_force(client, two_associations):
    alpha, beta = two_associations["alpha"]["association"], two_associations["beta"]["association"]
    make_endorsement(alpha, "Active One")
    _expired(alpha, "In Grace", 30)
    _expired(alpha, "Past Grace", 91)
    make_endorsement(alpha, "Revoked", status=Endorsement.Status.REVOKED)
    make_endorsement(beta, "Lapsed", status=Endorsement.Status.LAPSED)
    counts = {a.slug: a.active_endorsements for a in alliance_overview()}
    assert counts == {"alpha": 2, "beta": 0}
    client.force_login(two_associations["alliance_admin"])
    html = client.get(reverse("web:alliance")).content.decode()
    assert '<td class="text-end">2</td></tr>' in html


def test_the_alliance_count_costs_one_query_for_2_or_12_associations(db, django_assert_num_queries):
    for i in range(2):
        _expired(make_association(f"small-{i}"), f"Holder {i}", 30)
    with django_assert_num_queries(1):
        assert len(alliance_overview()) == 2
    for i in range(10):
        association = make_association(f"large-{i}")
        make_endorsement(association, f"Active {i}")
        _expired(association, f"Past Grace {i}", 91)
    with django_assert_num_queries(1):
        rows = alliance_overview()
    assert len(rows) == 12 and sum(a.active_endorsements for a in rows) == 12
