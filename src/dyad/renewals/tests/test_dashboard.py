"""The coordinator's renewals dashboard and settings: who is where, counts, filters, a constant
number of queries, settings that are checked and recorded, and nobody else sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.associations.tenancy import run_in_scope
from dyad.core.events import describe
from dyad.core.models import Event
from dyad.renewals.audit_models import Renewal
from dyad.renewals.models import settings_for
from dyad.renewals.sweep import sweep
from dyad.testing.factories import make_endorsement, make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAGES = ("renewals:dashboard", "renewals:settings")


def endorse(association, name: str, days_past_expiry: int, **extra):
    person = make_user(display_name=name)
    return make_endorsement(
        association,
        name,
        holder=person,
        expires=TODAY - timedelta(days=days_past_expiry),
        **extra,
    )


def end_of_month_offset() -> int:
    """Days from today to the last day of this month (0 on the last day)."""
    first_next = (TODAY.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (first_next - TODAY).days - 1


@pytest.fixture
def alpha(two_associations):
    association = two_associations["alpha"]["association"]
    due = endorse(association, "Dora Due", -end_of_month_offset())
    endorse(association, "Gina Grace", 40)
    endorse(association, "Lars Lapsed", 120)
    endorse(association, "Nora Notyet", -200)
    drawn = endorse(association, "Audrey Audit", -400)  # not due within the months listed
    with scopes_disabled():
        Renewal.objects.create(
            association=association,
            endorsement=drawn,
            person=drawn.holder,
            period_expires=drawn.expires,
            state=Renewal.State.AUDIT,
            drawn=True,
            submitted_at=timezone.now(),
        )
    beta = two_associations["beta"]["association"]
    endorse(beta, "Bea Beta", 40)
    two_associations["due"] = due
    return two_associations


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("renewals:dashboard", args=["alpha"]), params)


def names(response) -> list[str]:
    return [row.name for row in response.context["lines"]]


def test_the_coordinator_sees_each_group_with_its_count(client, alpha):
    coordinator = alpha["alpha"]["coordinator"]
    response = page(client, coordinator)
    assert response.status_code == 200
    counts = {key: n for key, _label, n in response.context["groups"]}
    assert counts == {"due": 1, "grace": 1, "lapsed": 1, "audit": 1}
    assert names(response) == ["Dora Due"]
    assert names(page(client, coordinator, show="grace")) == ["Gina Grace"]
    assert names(page(client, coordinator, show="lapsed")) == ["Lars Lapsed"]
    assert names(page(client, coordinator, show="audit")) == ["Audrey Audit"]
    text = page(client, coordinator, show="grace").content.decode()
    assert "Gina Grace" in text and "51 days left of grace" in text
    assert "Bea Beta" not in text


def test_an_endorsement_past_its_grace_reads_as_lapsed_before_the_sweep_records_it(client, alpha):
    coordinator = alpha["alpha"]["coordinator"]
    before = page(client, coordinator, show="lapsed")
    sweep()
    after = page(client, coordinator, show="lapsed")
    assert names(before) == names(after) == ["Lars Lapsed"]


def test_the_last_reminder_and_the_renewal_show_on_each_row(client, alpha):
    sweep()
    response = page(client, alpha["alpha"]["coordinator"], show="grace")
    [row] = response.context["lines"]
    # 40 days past expiry: the sweep's first run starts grace, then sends the 30-day reminder
    assert row.reminder.startswith("reminder 30 days into grace, ")
    assert row.renewal == "not started"
    [audit] = page(client, alpha["alpha"]["coordinator"], show="audit").context["lines"]
    assert audit.renewal == "drawn for audit"
    assert audit.reminder == "0 files of evidence"


def test_filters_narrow_the_group(client, alpha):
    coordinator = alpha["alpha"]["coordinator"]
    assert names(page(client, coordinator, show="due", q="dora")) == ["Dora Due"]
    assert names(page(client, coordinator, show="due", q=alpha["due"].number)) == ["Dora Due"]
    response = page(client, coordinator, show="due", q="nobody")
    assert names(response) == []
    assert "Nobody in this group matches" in response.content.decode()
    assert names(page(client, coordinator, show="due", category="IFS")) == []
    nora_month = (TODAY + timedelta(days=200)).strftime("%Y-%m")
    assert names(page(client, coordinator, show="due", month=nora_month)) == ["Nora Notyet"]
    empty_month = (TODAY.replace(day=1) + timedelta(days=31 * 3)).strftime("%Y-%m")
    response = page(client, coordinator, show="due", month=empty_month)
    assert "No endorsement is due that month." in response.content.decode()


@pytest.mark.parametrize("size", [3, 60])
def test_the_dashboard_costs_the_same_queries_at_any_size(
    client, two_associations, django_assert_max_num_queries, size
):
    association = two_associations["alpha"]["association"]
    for n in range(size):
        endorse(association, f"Person {n:03d}", 10)
    sweep()
    client.force_login(two_associations["alpha"]["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("renewals:dashboard", args=["alpha"]), {"show": "grace"})
    assert len(response.context["lines"]) == min(size, 50)


def test_settings_are_saved_checked_and_recorded(client, two_associations):
    coordinator = two_associations["alpha"]["coordinator"]
    client.force_login(coordinator)
    url = reverse("renewals:settings", args=["alpha"])
    form = {
        "mode": "fixed",
        "fixed_month": "6",
        "fixed_day": "30",
        "reminder_days": "60, 14, 0",
        "grace_reminder_days": "45",
        "audit_percent": "25",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    association = two_associations["alpha"]["association"]
    with run_in_scope(association):
        setting = settings_for(association)
        [event] = Event.objects.filter(verb="renewal.settings_changed")
    assert (setting.mode, setting.fixed_month, setting.fixed_day) == ("fixed", 6, 30)
    assert setting.reminder_days == [60, 14, 0]
    assert setting.grace_reminder_days == [45]
    assert str(setting.audit_share) == "0.250"
    assert event.data["changed"]["mode"] == ["anniversary", "fixed"]
    assert describe(event).startswith("Renewal settings changed: share of renewals drawn")
    assert client.post(url, form).status_code == 302  # the same again: nothing recorded
    with run_in_scope(association):
        assert Event.objects.filter(verb="renewal.settings_changed").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reminder_days", "90, soon", "Write whole numbers of days separated by commas"),
        ("grace_reminder_days", "30, 120", "between 1 and 90 (not 120)"),
        ("fixed_day", "30", "That month has no such day every year."),
        ("audit_percent", "150", "less than or equal to 100"),
    ],
)
def test_bad_settings_are_named_next_to_their_field(
    client, two_associations, field, value, message
):
    client.force_login(two_associations["alpha"]["coordinator"])
    form = {
        "mode": "fixed",
        "fixed_month": "2",
        "fixed_day": "28",
        "reminder_days": "90, 30",
        "grace_reminder_days": "30",
        "audit_percent": "10",
        field: value,
    }
    response = client.post(reverse("renewals:settings", args=["alpha"]), form)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'value="{value}"' in response.content.decode()  # what was typed stays


def test_a_fixed_date_needs_its_month_and_day(client, two_associations):
    client.force_login(two_associations["alpha"]["coordinator"])
    response = client.post(
        reverse("renewals:settings", args=["alpha"]),
        {"mode": "fixed", "reminder_days": "", "grace_reminder_days": "", "audit_percent": "10"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"fixed_month", "fixed_day"}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_renewal_pages_matrix(client, alpha, name, who, role):
    user = visitor(alpha, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, args=["alpha"]))
    allowed = who == "alpha" and role == "coordinator"
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "Association alpha" in response.content.decode()
        assert "Bea Beta" not in response.content.decode()


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_alphas_coordinator_changes_alphas_settings(client, alpha, who, role):
    user = visitor(alpha, who, role)
    if user is not None:
        client.force_login(user)
    response = client.post(
        reverse("renewals:settings", args=["alpha"]),
        {
            "mode": "anniversary",
            "reminder_days": "1",
            "grace_reminder_days": "",
            "audit_percent": "50",
        },
    )
    association = alpha["alpha"]["association"]
    with run_in_scope(association):
        share = str(settings_for(association).audit_share)
    if who == "alpha" and role == "coordinator":
        assert response.status_code == 302 and share == "0.500"
    else:
        assert response.status_code == 404 and share == "0.100"
