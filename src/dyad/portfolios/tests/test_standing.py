"""Where a person stands is computed once per version of what it depends on, then served from the
cache: the page shows the new state after every change (a save, a removal, an import, a
provider's endorsement granted or revoked, a new day, another language), never another
person's, and an unchanged portfolio of 2,000 entries costs a handful of queries."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.accounts.services import erase_person
from dyad.associations.tenancy import run_in_scope
from dyad.credentials.models import Endorsement
from dyad.credentials.services import revoke_endorsement
from dyad.portfolios import services
from dyad.portfolios.documents import export_document, import_document
from dyad.portfolios.models import RscSession, StandingVersion, Training, WorkExperience
from dyad.portfolios.selectors import FACTS_QUERIES
from dyad.portfolios.standing import PRACTICE_SHOWN, code_fingerprint, current_standing
from dyad.testing.factories import make_association, make_endorsement, make_user

from .test_home import HOME, area_row, nearly_ifs

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("web:dashboard")
FAMILY = "Family relationships and dynamics"


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def page(client, user, path=HOME, **headers):
    client.force_login(user)
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response.content.decode()


def add_family_training(owner, minutes=120, day=None):
    return services.add_training(
        owner=owner,
        title="Family systems",
        date=day or ago(5),
        minutes=minutes,
        areas=["family_dynamics"],
    )


def bulk_entries(owner, entries: int) -> None:
    """Rows in bulk, as in the query-count test of the page (the services would take minutes):
    half trainings, half RS/C sessions about the person's work with their provider."""
    session = RscSession.objects.filter(owner=owner).first()
    work = WorkExperience.objects.filter(owner=owner).first()
    Training.objects.bulk_create(
        Training(
            owner=owner,
            title=f"T{i}",
            date=ago(i % 700),
            minutes=60,
            imh_specific=bool(i % 2),
            areas=["family_dynamics"],
        )
        for i in range(entries // 2)
    )
    RscSession.objects.bulk_create(
        RscSession(
            owner=owner,
            date=ago(i % 700),
            minutes=60,
            format="individual",
            provider=session.provider,
            work=work,
        )
        for i in range(entries - entries // 2)
    )


# -- the page shows the new state after every change ----------------------------------------


def test_a_save_shows_at_once(client):
    ana = make_user()
    nearly_ifs(ana)
    assert area_row(page(client, ana), FAMILY) == ("0", "0")
    add_family_training(ana)
    assert area_row(page(client, ana), FAMILY) == ("2", "0")


def test_a_change_shows_at_once(client):
    ana = make_user()
    nearly_ifs(ana)
    training = add_family_training(ana)
    assert area_row(page(client, ana), FAMILY) == ("2", "0")
    services.change_training(training=training, minutes=90)
    assert area_row(page(client, ana), FAMILY) == ("1.5", "0")


def test_a_removal_shows_at_once(client):
    ana = make_user()
    nearly_ifs(ana)
    training = add_family_training(ana)
    assert area_row(page(client, ana), FAMILY) == ("2", "0")
    services.remove_training(training=training)
    assert area_row(page(client, ana), FAMILY) == ("0", "0")


def test_an_import_shows_at_once(client):
    ana = make_user()
    nearly_ifs(ana)
    assert "20 of 24 RS/C hours" in page(client, ana, HOME + "?standard=IMH-E")
    # the same portfolio's file, imported into a new person's portfolio, and into ana's again
    ben = make_user()
    services.add_education(owner=ben, level="bachelor", completed=ago(400))
    assert "0 of 24 RS/C hours" in page(client, ben, HOME + "?standard=IMH-E")
    import_document(ben, export_document(ana))
    assert "20 of 24 RS/C hours" in page(client, ben, HOME + "?standard=IMH-E")


def test_the_providers_endorsement_revoked_in_dyad_shows_at_once(client):
    ana = make_user()
    nearly_ifs(ana)
    assert "20 of 24 RS/C hours" in page(client, ana, HOME + "?standard=IMH-E")
    provider = RscSession.objects.filter(owner=ana).first().provider
    with scopes_disabled():
        held = list(Endorsement.objects.filter(holder=provider.user_id))
    for endorsement in held:
        with run_in_scope(endorsement.association_id):
            revoke_endorsement(endorsement=endorsement, reason="Granted in error")
    html = page(client, ana, HOME + "?standard=IMH-E")
    assert "20 of 24 RS/C hours" not in html and "0 of 24 RS/C hours" in html


def test_an_endorsement_granted_to_the_provider_shows_at_once(client):
    ana = make_user()
    mentor = make_user(display_name="Old Mentor")
    # endorsed long ago: the sessions of the last year were not given by a qualified provider
    make_endorsement(
        make_association(), "Old Mentor", "IMHM-C", holder=mentor, status="lapsed", expires=ago(900)
    )
    services.add_education(owner=ana, level="bachelor", completed=ago(2000))
    provider = services.add_rsc_provider(owner=ana, user=mentor, degree="master")
    for i in range(6):
        services.add_rsc_session(
            owner=ana, provider=provider, date=ago(10 + 30 * i), minutes=60, format="individual"
        )
    before = page(client, ana, HOME + "?standard=IMH-E")
    assert "0 of 24 RS/C hours" in before and "6 of 24 RS/C hours" not in before
    make_endorsement(
        make_association(),
        "Old Mentor",
        "IMHM-C",
        holder=mentor,
        granted=ago(400),
        expires=ago(-400),
    )
    assert "6 of 24 RS/C hours" in page(client, ana, HOME + "?standard=IMH-E")


def test_a_new_day_counts_what_was_dated_in_the_future(client, monkeypatch):
    ana = make_user()
    nearly_ifs(ana)
    tomorrow = timezone.localdate() + timedelta(days=1)
    add_family_training(ana, day=tomorrow)
    assert area_row(page(client, ana), FAMILY) == ("0", "0")
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    html = page(client, ana)
    assert f"({tomorrow:%Y-%m-%d})" in html
    assert area_row(html, FAMILY) == ("2", "0")


def test_the_language_of_the_page_is_the_readers(client):
    ana = make_user()
    nearly_ifs(ana)
    assert "Infant Family Specialist" in page(client, ana)
    spanish = page(client, ana, HTTP_ACCEPT_LANGUAGE="es")
    assert "Especialista" in spanish and "Add training" not in spanish
    assert "Infant Family Specialist" in page(client, ana, HTTP_ACCEPT_LANGUAGE="en")


def test_an_erased_persons_standing_is_empty():
    ana = make_user()
    nearly_ifs(ana)
    assert not current_standing(ana).empty
    erase_person(user=ana, actor=None, reason="Asked to be forgotten")
    assert current_standing(ana).empty


def test_the_dashboard_shows_the_new_state_after_a_save(client):
    ana = make_user()
    nearly_ifs(ana, rsc_hours=20)
    assert "Nearest to reach: IFS" in page(client, ana, DASHBOARD)
    provider = RscSession.objects.filter(owner=ana).first().provider
    for i in range(4):
        services.add_rsc_session(
            owner=ana, provider=provider, date=ago(3 + i), minutes=60, format="individual"
        )
    html = page(client, ana, DASHBOARD)
    assert "Highest category met: IFS · Infant Family Specialist." in html


# -- one person's standing is never another's ------------------------------------------------


def test_a_cached_standing_is_never_shown_to_another_person(client):
    ana, ben = make_user(), make_user()
    nearly_ifs(ana)
    services.add_work_experience(
        owner=ben,
        role="Policy adviser",
        employer="State Office",
        start=ago(500),
        hours_per_week=20,
        paid=True,
        kind="policy",
        participants="none",
        min_months=0,
        max_months=60,
    )
    for path in (HOME, HOME + "?standard=IMH-E", DASHBOARD):
        assert "Lakeside Families" in page(client, ana, path) or path == DASHBOARD
        html = page(client, ben, path)  # ana's page is in the cache now: ben's is his own
        assert "Lakeside Families" not in html and "Highest category met: IFA" not in html
    assert "Policy adviser, State Office" in page(client, ben, HOME)
    assert current_standing(ana).key != current_standing(ben).key
    assert current_standing(ben).work_total == 1


# -- what a warm page costs ------------------------------------------------------------------


@pytest.mark.parametrize("entries", [5, 2000])
def test_an_unchanged_portfolio_costs_four_queries_at_5_and_2000_entries(
    client, django_assert_max_num_queries, entries
):
    ana = make_user()
    nearly_ifs(ana, rsc_hours=1)
    bulk_entries(ana, entries)
    add_family_training(ana)  # a save through a service after the rows: the page's version
    client.force_login(ana)
    # the first request after a save: session, person, staff roles, the versions, the facts
    with django_assert_max_num_queries(4 + FACTS_QUERIES):
        cold = client.get(HOME).content.decode()
    # session, person, staff roles, the versions: nothing of the portfolio itself
    with django_assert_max_num_queries(4):
        warm = client.get(HOME).content.decode()
    assert warm[warm.index("<h1") :] == cold[cold.index("<h1") :]  # the same page, bar the token
    assert "Infant Family Specialist" in warm


def test_current_standing_reads_the_cache_in_one_query(django_assert_num_queries):
    ana = make_user()
    nearly_ifs(ana)
    first = current_standing(ana)
    with django_assert_num_queries(1):
        again = current_standing(ana)
    assert again.key == first.key is not None
    assert [s["standard"] for s in again.sections] == ["IMH-E", "ECMH-E"]
    assert again == first and not again.empty  # read back from the cache, equal in every part


def test_rows_written_around_the_services_are_never_served_from_the_cache(client):
    """A portfolio no service ever wrote has no version: it is computed on each request."""
    ana = make_user()
    Training.objects.create(owner=ana, title="Bulk", date=ago(3), minutes=60, areas=[])
    assert not StandingVersion.objects.filter(scope=f"person:{ana.pk}").exists()
    assert current_standing(ana).key is None
    assert "Training hours per knowledge area" in page(client, ana)
    Training.objects.create(
        owner=ana, title="Bulk", date=ago(3), minutes=60, areas=["family_dynamics"]
    )
    assert area_row(page(client, ana), FAMILY) == ("1", "0")


# -- the practice section at many work entries ------------------------------------------------


def test_the_practice_section_shows_the_most_recent_work_with_a_link_to_all(client):
    ana = make_user()
    total = PRACTICE_SHOWN + 5
    WorkExperience.objects.bulk_create(
        WorkExperience(
            owner=ana,
            role=f"Visitor {i:02d}",
            start=ago(3000 - 100 * i),
            end=ago(2990 - 100 * i),
            hours_per_week=10,
            paid=True,
            kind="prevention",
            participants="child_and_caregiver",
            min_months=0,
            max_months=36,
        )
        for i in range(total)
    )
    add_family_training(ana)
    html = page(client, ana)
    assert f"Your {PRACTICE_SHOWN} most recent work entries of {total}." in html
    assert f'href="{reverse("portfolios:work_list")}"' in html
    assert f"Visitor {total - 1:02d}" in html and f"Visitor {total - PRACTICE_SHOWN:02d}" in html
    assert f"Visitor {total - PRACTICE_SHOWN - 1:02d}" not in html
    assert html.index(f"Visitor {total - 1:02d}") < html.index(f"Visitor {total - 2:02d}")


def test_the_version_changes_with_the_write_and_only_if_it_commits():
    ana = make_user()
    services.add_education(owner=ana, level="bachelor", completed=ago(400))

    def token() -> str:
        return StandingVersion.objects.get(scope=f"person:{ana.pk}").token

    before = token()
    with pytest.raises(RuntimeError), transaction.atomic():
        add_family_training(ana)
        raise RuntimeError("the request failed after the save")
    assert token() == before
    add_family_training(ana)
    assert token() != before


def test_a_change_of_code_templates_or_translations_changes_the_key(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>{% translate 'Met' %}</p>")
    (tmp_path / "notes.txt").write_text("not code")
    before = code_fingerprint(tmp_path)
    code_fingerprint.cache_clear()
    (tmp_path / "notes.txt").write_text("still not code")
    assert code_fingerprint(tmp_path) == before
    code_fingerprint.cache_clear()
    page.write_text("<p>{% translate 'Met in full' %}</p>")
    assert code_fingerprint(tmp_path) != before
    code_fingerprint.cache_clear()
    (tmp_path / "django.mo").write_bytes(b"catalogue")
    assert code_fingerprint(tmp_path) != before
