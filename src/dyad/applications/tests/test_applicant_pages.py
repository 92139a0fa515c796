"""The applicant's pages: their applications, starting one with a suggested category, and one
application's page (what is asked now, references, the fee, submit, withdraw, the timeline,
the snapshot after submission)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.applications import services
from dyad.applications.models import Application, Reference
from dyad.portfolios import services as portfolio
from dyad.portfolios.models import RscSession
from dyad.testing.factories import make_association, make_staff, make_user
from dyad.testing.portfolios import nearly_ifs

from .conftest import three_raters_rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return make_association(
        "lakes", name="Lakes Association", standards=["IMH-E"], application_fee=Decimal("75.00")
    )


@pytest.fixture
def coordinator(association):
    return make_staff(association, "coordinator")


@pytest.fixture
def applicant():
    person = make_user(display_name="Ana Applicant")
    nearly_ifs(person, rsc_hours=30)  # everything IFS asks of a portfolio
    return person


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def started(association, applicant, category="IFS"):
    return services.start_application(
        applicant=applicant, association=association, category=category
    )


def ready(association, applicant, coordinator):
    application = started(association, applicant)
    three_raters_rated(application, applicant)
    services.record_fee(application=application, actor=coordinator, status="paid")
    return application


def text(response) -> str:
    """The page's visible words, tags removed and spaces folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def page(client, application):
    return client.get(f"/applications/{application.pk}/")


# -- the list ---------------------------------------------------------------------------------


def test_no_applications_says_what_to_do(signed_in):
    response = signed_in.get("/applications/")
    assert response.status_code == 200
    words = text(response)
    assert "You have no applications yet" in words
    assert "start an application with an association" in words
    assert 'href="/applications/start/"' in response.content.decode()


def test_the_list_shows_state_association_and_who_acts_next(
    signed_in, association, applicant, coordinator
):
    application = ready(association, applicant, coordinator)
    services.submit_application(application=application, actor=applicant)
    other = make_association("hills", name="Hills Association", standards=["IMH-E", "ECMH-E"])
    started(other, applicant, "ECFS")
    words = text(signed_in.get("/applications/"))
    assert "IFS · Lakes Association submitted" in words
    assert "Who acts next: The association" in words
    assert "Nothing for now. The association checks your application." in words
    assert "ECFS · Hills Association started" in words
    assert "Who acts next: You" in words
    assert "3 raters named, 3 references received" in words


def test_the_list_costs_the_same_queries_for_one_or_many_applications(
    client, django_assert_max_num_queries
):
    person = make_user()
    client.force_login(person)

    def apply(n):
        for _ in range(n):
            services.start_application(
                applicant=person, association=make_association(), category="IFS"
            )

    apply(1)
    with django_assert_max_num_queries(4) as one:
        client.get("/applications/")
    apply(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/applications/")
    assert text(response).count("Who acts next: You") == 10


# -- starting ---------------------------------------------------------------------------------


def test_start_suggests_the_highest_category_met_and_says_why(signed_in, association):
    response = signed_in.get("/applications/start/")
    words = text(response)
    assert (
        "You meet every requirement of IFS · Infant Family Specialist that a portfolio holds. "
        "References come next, with the application." in words
    )
    assert re.search(r'<option value="IFS" selected>', response.content.decode())
    assert "Lakes Association (IMH-E): application fee 75.00 USD" in words


def test_start_names_the_nearest_category_when_none_is_met(client, association):
    person = make_user()
    portfolio.add_training(
        owner=person,
        title="Understanding infant development",
        date=timezone.localdate() - timedelta(days=30),
        minutes=6 * 60,
        imh_specific=True,
        areas=["development_behavior"],
    )
    client.force_login(person)
    words = text(client.get("/applications/start/"))
    assert "No IMH-E category is met yet. The nearest is" in words
    assert "Still to add: Education, Specialized training, Agreements, Membership." in words


def test_an_empty_portfolio_is_sent_to_fill_it_first(client, association):
    client.force_login(make_user())
    response = client.get("/applications/start/")
    assert "Your portfolio is empty, so Dyad cannot suggest a category yet." in text(response)
    assert 'href="/portfolio/"' in response.content.decode()


def test_starting_opens_the_application_page(signed_in, association, applicant):
    key = uuid.uuid4()
    response = signed_in.post(
        "/applications/start/",
        {"association": association.pk, "category": "IFS", "key": key},
    )
    with scopes_disabled():
        application = Application.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{application.pk}/"
    assert (application.category, application.fee_amount) == ("IFS", Decimal("75.00"))


def test_a_double_submit_starts_one_application(signed_in, association, applicant):
    data = {"association": association.pk, "category": "IFS", "key": uuid.uuid4()}
    first = signed_in.post("/applications/start/", data)
    second = signed_in.post("/applications/start/", data)
    assert first["Location"] == second["Location"]
    with scopes_disabled():
        assert Application.objects.filter(applicant=applicant).count() == 1


def test_a_category_the_association_does_not_license_is_refused_next_to_the_category(
    signed_in, association
):
    data = {"association": association.pk, "category": "ECFS", "key": uuid.uuid4()}
    response = signed_in.post("/applications/start/", data)
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'id="id_category-errors"[^>]*>(.*?)</div>', html, flags=re.S)
    assert error and "does not endorse in the ECMH-E standard" in error.group(1)
    assert re.search(r'<option value="ECFS" selected>', html)  # what was chosen is kept


def test_nothing_chosen_is_asked_for_next_to_each_field(signed_in, association):
    response = signed_in.post("/applications/start/", {"key": uuid.uuid4()})
    html = response.content.decode()
    assert 'id="id_association-errors"' in html and 'id="id_category-errors"' in html


# -- the application page -----------------------------------------------------------------------


def test_a_new_application_lists_what_is_asked_with_links(signed_in, association, applicant):
    application = started(association, applicant)
    response = page(signed_in, application)
    words = text(response)
    html = response.content.decode()
    assert "IFS with Lakes Association started" in words
    assert "Asked of you now References: name your raters below. Pay the fee below." in words
    assert "✗ unmet · References" in words
    assert '<a href="#name-a-rater"' in html
    assert "✓ met · Education" in words
    assert "75.00 USD: due." in words
    assert "You can submit when every requirement above is met" in words
    assert "Still missing: References." in words
    assert "The fee is still due." in words
    assert f'action="/applications/{application.pk}/submit/"' not in html


def test_an_unmet_portfolio_rule_links_to_its_form(client, association):
    person = make_user()
    nearly_ifs(person, rsc_hours=10)
    client.force_login(person)
    application = started(association, person)
    response = page(client, application)
    assert "✗ unmet · RS/C received" in text(response)
    assert "RS/C received: add it to your portfolio." in text(response)
    assert 'href="/portfolio/rsc-sessions/new/"' in response.content.decode()


def test_naming_a_rater_shows_them_with_their_status_never_their_answer(
    signed_in, association, applicant
):
    application = started(association, applicant)
    response = signed_in.post(
        f"/applications/{application.pk}/references/",
        {"name": "Rita Rater", "email": "rita@example.org", "role": "supervisor"},
    )
    assert response.status_code == 302
    words = text(page(signed_in, application))
    assert "Rita Rater · a supervisor requested" in words
    assert "Reference requested from a supervisor" in words  # the timeline
    with scopes_disabled():
        reference = Reference.objects.get(application=application)
    services.record_reference_answer(reference=reference, status="declined")
    assert "Rita Rater · a supervisor declined" in text(page(signed_in, application))


def test_a_rater_form_with_errors_keeps_what_was_typed(signed_in, association, applicant):
    application = started(association, applicant)
    response = signed_in.post(
        f"/applications/{application.pk}/references/",
        {"name": "Rita Rater", "email": "not an email", "role": ""},
    )
    html = response.content.decode()
    assert 'id="id_email-errors"' in html and 'id="id_role-errors"' in html
    assert 'value="Rita Rater"' in html and 'value="not an email"' in html


def test_submit_is_offered_once_everything_is_met_and_the_fee_paid(
    signed_in, association, applicant, coordinator
):
    application = ready(association, applicant, coordinator)
    response = page(signed_in, application)
    assert "75.00 USD: paid." in text(response)
    assert "Asked of you now Everything is ready. Submit your application below." in text(response)
    assert f'action="/applications/{application.pk}/submit/"' in response.content.decode()
    response = signed_in.post(f"/applications/{application.pk}/submit/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "submitted"
    words = text(page(signed_in, application))
    assert "What you submitted" in words
    assert "(snapshot 1)" in words


def test_submit_refused_shows_the_reason_next_to_the_button(signed_in, applicant):
    application = started(make_association(), applicant)  # no fee; no references yet
    response = signed_in.post(f"/applications/{application.pk}/submit/")
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'id="submit-error">(.*?)</div>', html, flags=re.S)
    assert error and "these requirements are not met: References" in error.group(1)
    application.refresh_from_db()
    assert application.state == "started"


def test_submit_refused_for_the_fee_shows_it_next_to_the_fee(signed_in, association, applicant):
    application = started(association, applicant)
    three_raters_rated(application, applicant)
    response = signed_in.post(f"/applications/{application.pk}/submit/")
    assert response.status_code == 400
    error = re.search(r'id="fee-error">(.*?)</div>', response.content.decode(), flags=re.S)
    assert error and "The fee of 75.00 USD is still due." in error.group(1)


def test_the_snapshot_is_shown_after_submission_even_when_the_portfolio_changes(
    signed_in, association, applicant, coordinator
):
    application = ready(association, applicant, coordinator)
    services.submit_application(application=application, actor=applicant)
    before = text(page(signed_in, application))
    assert "✓ met · RS/C received" in before
    for session in RscSession.objects.filter(owner=applicant):
        portfolio.remove_rsc_session(session=session, actor=applicant)
    after = text(page(signed_in, application))
    assert "✓ met · RS/C received" in after
    assert "Submitted on" in after and "Later changes to your portfolio do not change it." in after


def test_a_returned_application_says_what_to_address_and_can_be_submitted_again(
    signed_in, association, applicant, coordinator
):
    application = ready(association, applicant, coordinator)
    services.submit_application(application=application, actor=applicant)
    services.return_application(
        application=application,
        actor=coordinator,
        rules=["training", "references"],
        reason="One training certificate is unreadable.",
    )
    response = page(signed_in, application)
    words = text(response)
    assert "The association returned your application on" in words
    assert "Please address: Specialized training · Add training References · Name a rater" in words
    assert "Asked of you now Address what the association asked for, then submit again." in words
    assert "Everything is ready" not in words
    assert 'href="/portfolio/training/new/"' in response.content.decode()
    assert "Their words: One training certificate is unreadable." in words
    assert "Submit the application again" in words
    signed_in.post(f"/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.state == "submitted"
    assert "Application submitted again (snapshot 2)" in text(page(signed_in, application))


def test_withdraw_asks_first_then_withdraws(signed_in, association, applicant):
    application = started(association, applicant)
    confirm = signed_in.get(f"/applications/{application.pk}/withdraw/")
    assert "Withdraw your IFS application with Lakes Association?" in text(confirm)
    application.refresh_from_db()
    assert application.state == "started"
    response = signed_in.post(
        f"/applications/{application.pk}/withdraw/", {"reason": "Moving abroad"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "withdrawn"
    words = text(page(signed_in, application))
    assert "Withdrawn" in words
    assert "Withdraw this application" not in words


def test_the_timeline_dates_every_event_in_plain_words(
    signed_in, association, applicant, coordinator
):
    application = ready(association, applicant, coordinator)
    services.submit_application(application=application, actor=applicant)
    services.begin_review(application=application, actor=coordinator)
    html = page(signed_in, application).content.decode()
    timeline = re.search(r'<ol class="list-group" id="timeline">(.*?)</ol>', html, flags=re.S)
    lines = re.findall(r"<li.*?</li>", timeline.group(1), flags=re.S)
    plain = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", line)).strip() for line in lines]
    assert len(plain) == 10  # started, 3 named, 3 rated, fee, submitted, review
    assert all("<time datetime=" in line for line in lines)
    assert plain[0].endswith("Application for IFS started")
    assert plain[-3].endswith("Fee recorded: paid")
    assert plain[-1].endswith("Review started")


# -- payments --------------------------------------------------------------------------------


def test_the_manual_provider_shows_how_to_pay_the_association(
    signed_in, association, applicant, settings
):
    settings.DYAD_PAYMENT_PROVIDER = "manual"
    application = started(association, applicant)
    words = text(page(signed_in, application))
    assert "Pay 75.00 USD to Lakes Association the way they ask." in words
    assert "office@lakes.example.org" in words


def test_the_fake_provider_pays_at_once_and_once(signed_in, association, applicant, settings):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    application = started(association, applicant)
    response = signed_in.post(f"/applications/{application.pk}/pay/")
    assert response.status_code == 302
    back = response["Location"]
    assert back.startswith(f"/applications/{application.pk}/pay/return/?payment=")
    assert signed_in.get(back).status_code == 302
    assert signed_in.get(back).status_code == 302  # reloaded: recorded once
    application.refresh_from_db()
    assert application.fee_status == "paid"
    assert application.fee_reference.startswith("fake:")
    assert text(page(signed_in, application)).count("Fee recorded: paid") == 1


def test_a_tampered_payment_is_not_recorded(signed_in, association, applicant, settings):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    application = started(association, applicant)
    response = signed_in.get(f"/applications/{application.pk}/pay/return/?payment=forged")
    assert response.status_code == 400
    assert "This payment could not be confirmed." in text(response)
    application.refresh_from_db()
    assert application.fee_status == "due"


def test_a_payment_for_another_application_is_not_recorded(
    signed_in, association, applicant, settings
):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    first = started(association, applicant)
    second = started(make_association(application_fee=Decimal("10")), applicant)
    back = signed_in.post(f"/applications/{first.pk}/pay/")["Location"]
    token = back.split("payment=")[1]
    response = signed_in.get(f"/applications/{second.pk}/pay/return/?payment={token}")
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.fee_status == "due"


def test_an_association_without_a_fee_asks_none(signed_in, applicant):
    free = make_association(name="Free Association")
    application = started(free, applicant)
    words = text(page(signed_in, application))
    assert "This association asks no application fee." in words


def test_anonymous_visitors_are_sent_to_sign_in(client, association, applicant):
    application = started(association, applicant)
    for path in ("/applications/", "/applications/start/", f"/applications/{application.pk}/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == redirect_to_login(path)["Location"]


def test_the_application_page_costs_the_same_queries_for_one_or_many_raters(
    signed_in, association, applicant, django_assert_max_num_queries
):
    application = started(association, applicant)
    services.request_reference(
        application=application, actor=applicant, name="R", email="r@example.org", role="other"
    )
    # 21: the portfolio (10, its exam entries among them), the requirement set version it is
    # judged under, the exam result beside the application, and the page itself
    with django_assert_max_num_queries(21) as one:
        page(signed_in, application)
    three_raters_rated(application, applicant)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert text(page(signed_in, application)).count("rated") >= 3


def test_an_endorsed_application_shows_the_endorsement_number(
    signed_in, association, applicant, coordinator
):
    application = ready(association, applicant, coordinator)
    services.submit_application(application=application, actor=applicant)
    services.begin_review(application=application, actor=coordinator)
    services.endorse_application(application=application, actor=coordinator)
    words = text(page(signed_in, application))
    assert f"Endorsement Number LAKES-{application.pk:06d}, renewed every year" in words
    assert "Endorsed: endorsement LAKES-" in words  # the timeline
    assert "Withdraw this application" not in words
    assert "Who acts next" not in words


def test_a_spanish_reader_reads_the_engine_and_role_words_in_spanish(
    signed_in, association, applicant
):
    application = started(association, applicant)
    services.request_reference(
        application=application,
        actor=applicant,
        name="Rita",
        email="r@example.org",
        role="supervisor",
    )
    signed_in.cookies["django_language"] = "es"
    words = text(page(signed_in, application))
    assert "Rita · un supervisor" in words
    assert "Formación especializada" in words
    assert signed_in.get("/applications/start/").status_code == 200
