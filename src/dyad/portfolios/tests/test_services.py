"""A person's portfolio changes only through its services: one row, one event, errors by field."""

import uuid
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from dyad.core.events import describe, history
from dyad.portfolios import services
from dyad.portfolios.models import RscProvider, RscSession, Training, WorkExperience
from dyad.portfolios.selectors import portfolio_history
from dyad.portfolios.services import PortfolioError
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db

TRAINING = {
    "title": "Foundations of infant mental health",
    "date": date(2025, 3, 1),
    "minutes": 900,
    "imh_specific": True,
    "areas": ["attachment_loss"],
}
WORK = {
    "role": "Home visitor",
    "start": date(2023, 1, 1),
    "hours_per_week": 40,
    "paid": True,
    "kind": "prevention",
    "participants": "child_and_caregiver",
    "min_months": 0,
    "max_months": 36,
}


@pytest.fixture
def ana():
    return make_user(display_name="Ana Ruiz")


def test_adding_training_saves_it_with_an_event_of_no_association(ana):
    row = services.add_training(owner=ana, actor=ana, **TRAINING)
    assert Training.objects.get().title == TRAINING["title"]
    with scopes_disabled():  # a person's own events belong to no association
        events = history(row)
    assert [(e.verb, e.association, e.actor) for e in events] == [
        ("portfolio.training.added", None, ana)
    ]
    assert events[0].data == {"owner": ana.pk}
    assert describe(events[0]) == "Added to the portfolio: training"


def test_a_retried_add_with_the_same_key_makes_one_row_and_one_event(ana):
    key = uuid.uuid4()
    first = services.add_training(owner=ana, actor=ana, key=key, **TRAINING)
    again = services.add_training(owner=ana, actor=ana, key=key, **TRAINING)
    assert again.pk == first.pk
    assert Training.objects.count() == 1
    assert len(portfolio_history(ana)) == 1


def test_the_same_key_is_unique_per_owner_in_the_database(ana):
    key = uuid.uuid4()
    services.add_training(owner=ana, key=key, **TRAINING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Training.objects.create(owner=ana, idempotency_key=key, **TRAINING)
    ben = make_user()
    services.add_training(owner=ben, key=key, **TRAINING)  # another person's request
    assert Training.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 525_601}, "minutes"),
        ({"date": date(1899, 12, 31)}, "date"),
        ({"title": "   "}, "title"),
        ({"areas": ["astrology"]}, "areas"),
        ({"areas": ["attachment_loss", "attachment_loss"]}, "areas"),
    ],
)
def test_training_the_engine_would_not_read_is_refused_naming_the_field(ana, change, field):
    with pytest.raises(PortfolioError) as caught:
        services.add_training(owner=ana, actor=ana, **{**TRAINING, **change})
    assert caught.value.field == field
    assert Training.objects.count() == 0
    assert portfolio_history(ana) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end": date(2022, 12, 31)}, "end"),
        ({"hours_per_week": 80.5}, "hours_per_week"),
        ({"hours_per_week": -1}, "hours_per_week"),
        ({"min_months": 24, "max_months": 12}, "max_months"),
        ({"max_months": 217}, "max_months"),
        ({"kind": "gardening"}, "kind"),
        ({"services": ["case_management", "tarot"]}, "services"),
    ],
)
def test_work_outside_the_files_limits_is_refused_naming_the_field(ana, change, field):
    with pytest.raises(PortfolioError) as caught:
        services.add_work_experience(owner=ana, actor=ana, **{**WORK, **change})
    assert caught.value.field == field
    assert WorkExperience.objects.count() == 0


def test_the_database_refuses_an_end_before_the_start_too(ana):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkExperience.objects.create(owner=ana, **{**WORK, "end": date(2020, 1, 1)})


def test_changing_an_entry_records_which_fields_changed(ana):
    row = services.add_training(owner=ana, actor=ana, **TRAINING)
    services.change_training(training=row, actor=ana, minutes=120, title=TRAINING["title"])
    row.refresh_from_db()
    assert row.minutes == 120
    events = portfolio_history(ana)
    assert [e.verb for e in events] == ["portfolio.training.added", "portfolio.training.changed"]
    assert events[1].data == {"owner": ana.pk, "fields": ["minutes"]}


def test_a_change_that_changes_nothing_records_nothing(ana):
    row = services.add_training(owner=ana, actor=ana, **TRAINING)
    services.change_training(training=row, actor=ana, minutes=TRAINING["minutes"])
    assert len(portfolio_history(ana)) == 1


def test_a_bad_change_leaves_the_entry_as_it_was(ana):
    row = services.add_training(owner=ana, actor=ana, **TRAINING)
    with pytest.raises(PortfolioError) as caught:
        services.change_training(training=row, actor=ana, minutes=0)
    assert caught.value.field == "minutes"
    row.refresh_from_db()
    assert row.minutes == TRAINING["minutes"]


def test_nobody_else_changes_or_removes_a_persons_entries(ana):
    row = services.add_training(owner=ana, actor=ana, **TRAINING)
    ben = make_user()
    with pytest.raises(PortfolioError):
        services.change_training(training=row, actor=ben, minutes=60)
    with pytest.raises(PortfolioError):
        services.remove_training(training=row, actor=ben)
    with pytest.raises(PortfolioError):
        services.add_training(owner=ana, actor=ben, **TRAINING)
    assert Training.objects.get().minutes == TRAINING["minutes"]


def test_removing_an_entry_keeps_its_history(ana):
    row = services.add_training(owner=ana, actor=ana, **TRAINING)
    services.remove_training(training=row, actor=ana)
    services.remove_training(training=row, actor=ana)  # a retried request: nothing more
    assert Training.objects.count() == 0
    assert [e.verb for e in portfolio_history(ana)] == [
        "portfolio.training.added",
        "portfolio.training.removed",
    ]


def test_a_session_cannot_name_another_persons_provider_or_work(ana):
    ben = make_user()
    theirs = services.add_rsc_provider(owner=ben, name="Dr. Ben's supervisor")
    their_work = services.add_work_experience(owner=ben, **WORK)
    mine = services.add_rsc_provider(owner=ana, name="Dr. Mine")
    session = {"date": date(2025, 1, 7), "minutes": 60, "format": "individual"}
    with pytest.raises(PortfolioError) as caught:
        services.add_rsc_session(owner=ana, provider=theirs, **session)
    assert caught.value.field == "provider"
    with pytest.raises(PortfolioError) as caught:
        services.add_rsc_session(owner=ana, provider=mine, work=their_work, **session)
    assert caught.value.field == "work"
    assert RscSession.objects.count() == 0


def test_a_provider_named_by_sessions_is_not_removed(ana):
    provider = services.add_rsc_provider(owner=ana, name="Dr. Mine")
    services.add_rsc_session(
        owner=ana, provider=provider, date=date(2025, 1, 7), minutes=60, format="group"
    )
    with pytest.raises(PortfolioError) as caught:
        services.remove_rsc_provider(provider=provider, actor=ana)
    assert caught.value.field == "provider"
    assert RscProvider.objects.filter(pk=provider.pk).exists()


def test_removing_work_keeps_its_sessions_about_no_work(ana):
    provider = services.add_rsc_provider(owner=ana, name="Dr. Mine")
    work = services.add_work_experience(owner=ana, **WORK)
    session = services.add_rsc_session(
        owner=ana, provider=provider, work=work, date=date(2025, 1, 7), minutes=60, format="group"
    )
    services.remove_work_experience(work=work, actor=ana)
    session.refresh_from_db()
    assert session.work is None


def test_a_provider_needs_a_name_or_a_dyad_account(ana):
    with pytest.raises(PortfolioError) as caught:
        services.add_rsc_provider(owner=ana, name=" ")
    assert caught.value.field == "name"
    make_endorsement(make_association(), "Ana Ruiz", "IMHM-C", holder=ana)
    with pytest.raises(PortfolioError) as caught:
        services.add_rsc_provider(owner=ana, user=ana)
    assert caught.value.field == "user"


def test_a_provider_chosen_in_dyad_is_someone_dyad_endorsed(ana):
    mia = make_user(display_name="Mia Okafor")
    with pytest.raises(PortfolioError, match="Mia Okafor holds no endorsement") as caught:
        services.add_rsc_provider(owner=ana, user=mia)
    assert caught.value.field == "user"
    make_endorsement(make_association(), "Mia Okafor", "IMHM-C", holder=mia, status="revoked")
    with pytest.raises(PortfolioError):
        services.add_rsc_provider(owner=ana, user=mia)
    outside = services.add_rsc_provider(owner=ana, name="Mia")
    with pytest.raises(PortfolioError):
        services.change_rsc_provider(provider=outside, actor=ana, user=mia)
    make_endorsement(make_association(), "Mia Okafor", "IFS", holder=mia, status="lapsed")
    assert services.add_rsc_provider(owner=ana, user=mia).user == mia


def test_a_dyad_providers_endorsements_are_never_stated_by_the_applicant(ana):
    mia = make_user(display_name="Mia Okafor")
    make_endorsement(make_association(), "Mia Okafor", "IMHM-C", holder=mia)
    provider = services.add_rsc_provider(owner=ana, user=mia)
    assert provider.shown_name == "Mia Okafor"
    with pytest.raises(PortfolioError) as caught:
        services.add_stated_endorsement(
            provider=provider, actor=ana, category="IMHM-C", start=date(2020, 1, 1)
        )
    assert caught.value.field == "category"
    outside = services.add_rsc_provider(owner=ana, name="Dr. Outside")
    services.add_stated_endorsement(
        provider=outside, actor=ana, category="IMHM-C", start=date(2020, 1, 1)
    )
    with pytest.raises(PortfolioError) as caught:
        services.change_rsc_provider(provider=outside, actor=ana, user=mia)
    assert caught.value.field == "user"


def test_a_stated_endorsement_ends_after_it_starts(ana):
    outside = services.add_rsc_provider(owner=ana, name="Dr. Outside")
    with pytest.raises(PortfolioError) as caught:
        services.add_stated_endorsement(
            provider=outside, category="IMHS", start=date(2020, 1, 1), end=date(2019, 1, 1)
        )
    assert caught.value.field == "end"


def test_the_history_shows_only_the_persons_own_portfolio(ana):
    ben = make_user()
    services.add_training(owner=ana, actor=ana, **TRAINING)
    services.sign_agreement(
        owner=ben, actor=ben, document="code_of_ethics", signed=date(2025, 1, 1)
    )
    services.record_membership(owner=ana, actor=ana, expires=date(2026, 12, 31))
    assert [e.verb for e in portfolio_history(ana)] == [
        "portfolio.training.added",
        "portfolio.membership.added",
    ]
    assert [e.verb for e in portfolio_history(ben)] == ["portfolio.agreement.added"]


def test_a_portfolio_holds_no_more_entries_than_its_file_can(ana, monkeypatch):
    monkeypatch.setitem(services.MAX_ENTRIES, Training, 2)
    services.add_training(owner=ana, **TRAINING)
    services.add_training(owner=ana, **TRAINING)
    with pytest.raises(PortfolioError, match="at most 2 of these"):
        services.add_training(owner=ana, **TRAINING)
    assert Training.objects.count() == 2
