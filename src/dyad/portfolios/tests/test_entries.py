"""The forms that fill a portfolio: each person adds, changes and removes only their own entries,
errors show next to the field in plain words, and a double click adds once."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dyad.portfolios import services
from dyad.portfolios.models import (
    Agreement,
    Education,
    Membership,
    RscProvider,
    RscSession,
    StatedEndorsement,
    Training,
    WorkExperience,
)
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db

TRAINING_POST = {
    "title": "Foundations of infant mental health",
    "date": "2025-03-01",
    "hours": "2",
    "minutes": "30",
    "provider": "State IMH association",
    "imh_specific": "on",
    "areas": ["attachment_loss", "disorders"],
}
WORK_POST = {
    "role": "Home visitor",
    "employer": "Family Start",
    "start": "2022-01-10",
    "end": "",
    "hours_per_week": "40",
    "paid": "on",
    "kind": "prevention",
    "participants": "child_and_caregiver",
    "min_months": "0",
    "max_months": "36",
    "services": ["developmental_guidance", "emotional_support"],
    "relationship_focused": "on",
}


@pytest.fixture
def ana(client):
    person = make_user(display_name="Ana Ruiz")
    client.force_login(person)
    return person


def page_text(response) -> str:
    return response.content.decode()


def field_error(response, field: str) -> str:
    """The error shown next to a field (the form's bound field errors)."""
    return " ".join(response.context["form"][field].errors)


# -- training ---------------------------------------------------------------------------------


def test_the_training_form_has_the_documented_address():
    assert reverse("portfolios:new_training") == "/portfolio/training/new/"
    assert reverse("portfolios:training_list") == "/portfolio/training/"
    assert reverse("portfolios:edit_training", args=[3]) == "/portfolio/training/3/"
    assert reverse("portfolios:delete_training", args=[3]) == "/portfolio/training/3/delete/"


def test_training_in_hours_and_minutes_is_stored_as_minutes_and_listed(client, ana):
    form = client.get(reverse("portfolios:new_training"))
    key = form.context["form"].initial["key"]
    response = client.post(reverse("portfolios:new_training"), {**TRAINING_POST, "key": key})
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:training_list")
    row = Training.objects.get(owner=ana)
    assert (row.minutes, row.imh_specific) == (150, True)
    assert row.areas == ["attachment_loss", "disorders"]
    listing = client.get(response["Location"])
    text = page_text(listing)
    assert "Training added." in text
    assert "Foundations of infant mental health" in text
    assert "2 h 30 min" in text


def test_a_double_click_or_a_retried_post_adds_the_training_once(client, ana):
    key = str(uuid.uuid4())
    for _ in range(3):
        response = client.post(reverse("portfolios:new_training"), {**TRAINING_POST, "key": key})
        assert response.status_code == 302
    assert Training.objects.filter(owner=ana).count() == 1
    # A new form is a new key: the same training again, on purpose, is a second row.
    client.post(reverse("portfolios:new_training"), {**TRAINING_POST, "key": str(uuid.uuid4())})
    assert Training.objects.filter(owner=ana).count() == 2


def test_each_new_form_carries_a_fresh_hidden_key(client, ana):
    first = page_text(client.get(reverse("portfolios:new_training")))
    second = page_text(client.get(reverse("portfolios:new_training")))
    assert 'type="hidden" name="key"' in first
    key = first.split('name="key" value="')[1].split('"')[0]
    assert uuid.UUID(key)
    assert key not in second


def test_zero_minutes_is_refused_next_to_the_minutes_and_nothing_typed_is_lost(client, ana):
    post = {**TRAINING_POST, "hours": "0", "minutes": "0", "key": str(uuid.uuid4())}
    response = client.post(reverse("portfolios:new_training"), post)
    assert response.status_code == 200
    assert "at least one minute" in field_error(response, "minutes")
    text = page_text(response)
    assert 'value="Foundations of infant mental health"' in text
    assert 'value="State IMH association"' in text
    assert 'value="attachment_loss" id="id_areas_5" checked' in text
    assert not Training.objects.exists()


def test_training_without_a_duration_asks_for_one_next_to_the_minutes(client, ana):
    post = {**TRAINING_POST, "hours": "", "minutes": "", "key": str(uuid.uuid4())}
    response = client.post(reverse("portfolios:new_training"), post)
    assert "at least one minute" in field_error(response, "minutes")
    assert not Training.objects.exists()


def test_a_training_date_in_the_future_is_refused_next_to_the_date(client, ana):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    post = {**TRAINING_POST, "date": tomorrow, "key": str(uuid.uuid4())}
    response = client.post(reverse("portfolios:new_training"), post)
    assert "in the future" in field_error(response, "date")
    assert f'value="{tomorrow}"' in page_text(response)
    assert not Training.objects.exists()


def test_a_date_outside_what_the_engine_reads_is_refused_by_the_models_rule(client, ana):
    post = {**TRAINING_POST, "date": "1899-12-31", "key": str(uuid.uuid4())}
    response = client.post(reverse("portfolios:new_training"), post)
    assert "1900-01-01 to 2199-12-31" in field_error(response, "date")


def test_changing_training_keeps_hours_and_minutes_and_records_the_change(client, ana):
    row = services.add_training(
        owner=ana, actor=ana, title="Old", date=date(2024, 1, 1), minutes=95
    )
    form = client.get(reverse("portfolios:edit_training", args=[row.pk])).context["form"]
    assert (form.initial["hours"], form.initial["minutes"]) == (1, 35)
    post = {**TRAINING_POST, "title": "New title", "hours": "3", "minutes": "0"}
    response = client.post(reverse("portfolios:edit_training", args=[row.pk]), post)
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.title, row.minutes) == ("New title", 180)
    assert "Training saved." in page_text(client.get(response["Location"]))


def test_removing_asks_first_then_removes_on_post(client, ana):
    row = services.add_training(owner=ana, actor=ana, title="T", date=date(2024, 1, 1), minutes=60)
    url = reverse("portfolios:delete_training", args=[row.pk])
    confirm = client.get(url)
    assert "Remove this entry?" in page_text(confirm)
    assert Training.objects.filter(pk=row.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("portfolios:training_list")
    assert not Training.objects.filter(pk=row.pk).exists()
    # A retried removal is not an error for the person: the row is gone, so the page is a 404.
    assert client.post(url).status_code == 404


# -- work experience ----------------------------------------------------------------------------


def test_work_experience_asks_in_plain_words_with_the_definition_beside(client, ana):
    text = page_text(client.get(reverse("portfolios:new_work")))
    assert "Who took part in your work?" in text
    assert "The child and a parent or caregiver, together" in text
    assert "Which services did you offer?" in text
    assert "Early relationship assessment" in text
    assert "Relationship-focused: you worked on behalf of the relationship" in text
    assert "attachment, separation, trauma, grief and loss" in text
    assert "<legend" in text  # each group of choices is a fieldset with its question


def test_work_experience_is_added_with_its_services(client, ana):
    response = client.post(reverse("portfolios:new_work"), {**WORK_POST, "key": uuid.uuid4()})
    assert response.status_code == 302
    row = WorkExperience.objects.get(owner=ana)
    assert row.services == ["developmental_guidance", "emotional_support"]
    assert (row.end, row.relationship_focused, row.addresses_attachment_loss) == (
        None,
        True,
        False,
    )
    assert "Family Start" in page_text(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"end": "2021-01-01"}, "end", "The end cannot be before the start."),
        ({"hours_per_week": "81"}, "hours_per_week", "from 0 to 80"),
        ({"min_months": "40", "max_months": "12"}, "max_months", "oldest age cannot be below"),
        ({"start": "2999-01-01"}, "start", "in the future"),
        ({"kind": ""}, "kind", "required"),
    ],
)
def test_bad_work_input_is_shown_next_to_the_field(client, ana, change, field, words):
    post = {**WORK_POST, **change, "key": uuid.uuid4()}
    response = client.post(reverse("portfolios:new_work"), post)
    assert response.status_code == 200
    assert words in field_error(response, field)
    assert 'value="Family Start"' in page_text(response)
    assert not WorkExperience.objects.exists()


def test_a_job_that_goes_on_may_end_in_the_future(client, ana):
    end = (timezone.localdate() + timedelta(days=200)).isoformat()
    response = client.post(
        reverse("portfolios:new_work"), {**WORK_POST, "end": end, "key": uuid.uuid4()}
    )
    assert response.status_code == 302
    assert WorkExperience.objects.get(owner=ana).end.isoformat() == end


# -- providers and RS/C sessions ----------------------------------------------------------------


def test_a_provider_endorsed_in_dyad_is_found_by_email(client, ana):
    mia = make_user(display_name="Mia Okafor")
    make_endorsement(make_association(), "Mia Okafor", "IMHM-C", holder=mia)
    response = client.post(
        reverse("portfolios:new_provider"),
        {"email": mia.email.upper(), "degree": "master", "key": uuid.uuid4()},
    )
    assert response.status_code == 302
    provider = RscProvider.objects.get(owner=ana)
    assert provider.user == mia
    text = page_text(client.get(response["Location"]))
    assert "Mia Okafor" in text
    assert "endorsed in Dyad" in text


def test_someone_in_dyad_without_an_endorsement_is_refused_next_to_the_email(client, ana):
    leo = make_user(display_name="Leo Park")
    response = client.post(
        reverse("portfolios:new_provider"), {"email": leo.email, "key": uuid.uuid4()}
    )
    assert "holds no endorsement in Dyad" in field_error(response, "email")
    assert f'value="{leo.email}"' in page_text(response)
    assert not RscProvider.objects.exists()


def test_an_outside_provider_keeps_the_endorsement_stated_by_the_applicant(client, ana):
    response = client.post(
        reverse("portfolios:new_provider"),
        {
            "name": "Rosa Díaz",
            "category": "IMHM-C",
            "held_from": "2015-05-01",
            "key": uuid.uuid4(),
        },
    )
    assert response.status_code == 302
    stated = StatedEndorsement.objects.get(provider__owner=ana)
    assert (stated.category, stated.start, stated.end) == ("IMHM-C", date(2015, 5, 1), None)
    text = page_text(client.get(response["Location"]))
    assert "Rosa Díaz" in text
    assert "stated by you" in text


def test_a_double_click_on_a_new_outside_provider_states_its_endorsement_once(client, ana):
    post = {"name": "Rosa Díaz", "category": "IMHM-C", "held_from": "2015-05-01"}
    post["key"] = str(uuid.uuid4())
    for _ in range(2):
        assert client.post(reverse("portfolios:new_provider"), post).status_code == 302
    assert RscProvider.objects.filter(owner=ana).count() == 1
    assert StatedEndorsement.objects.filter(provider__owner=ana).count() == 1


def test_a_provider_needs_an_email_or_a_name(client, ana):
    response = client.post(reverse("portfolios:new_provider"), {"key": uuid.uuid4()})
    assert "email in Dyad, or their name" in field_error(response, "name")


def test_a_stated_endorsement_ending_before_it_starts_is_refused_and_nothing_is_saved(client, ana):
    response = client.post(
        reverse("portfolios:new_provider"),
        {
            "name": "Rosa Díaz",
            "category": "IMHM-C",
            "held_from": "2015-05-01",
            "held_until": "2014-01-01",
            "key": uuid.uuid4(),
        },
    )
    assert "end cannot be before the start" in field_error(response, "held_until")
    assert not RscProvider.objects.exists()


def outside_provider(owner, name="Rosa Díaz"):
    return services.add_rsc_provider(owner=owner, actor=owner, name=name)


def test_the_session_form_remembers_the_last_provider_and_duration(client, ana):
    first = outside_provider(ana)
    second = outside_provider(ana, "Sam Lee")
    services.add_rsc_session(
        owner=ana, actor=ana, date=date(2025, 1, 7), minutes=90, format="group", provider=second
    )
    services.add_rsc_session(
        owner=ana, actor=ana, date=date(2024, 1, 7), minutes=60, format="individual", provider=first
    )
    form = client.get(reverse("portfolios:new_rsc_session")).context["form"]
    assert (form.initial["provider"], form.initial["minutes"], form.initial["format"]) == (
        second.pk,
        90,
        "group",
    )
    text = page_text(client.get(reverse("portfolios:new_rsc_session")))
    assert f'<option value="{second.pk}" selected>Sam Lee</option>' in text


def test_an_rsc_session_is_logged_with_its_provider_and_the_work_it_was_about(client, ana):
    provider = outside_provider(ana)
    work = services.add_work_experience(
        owner=ana,
        actor=ana,
        role="Home visitor",
        start=date(2022, 1, 1),
        kind="intervention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
    )
    key = uuid.uuid4()
    post = {
        "date": "2025-02-04",
        "minutes": "60",
        "format": "individual",
        "provider": provider.pk,
        "work": work.pk,
        "key": key,
    }
    assert client.post(reverse("portfolios:new_rsc_session"), post).status_code == 302
    assert client.post(reverse("portfolios:new_rsc_session"), post).status_code == 302
    session = RscSession.objects.get(owner=ana)
    assert (session.provider, session.work, session.minutes) == (provider, work, 60)
    text = page_text(client.get(reverse("portfolios:rsc_session_list")))
    assert "with Rosa Díaz" in text


def test_another_persons_provider_cannot_be_chosen_for_a_session(client, ana):
    bea = make_user()
    theirs = outside_provider(bea)
    post = {
        "date": "2025-02-04",
        "minutes": "60",
        "format": "individual",
        "provider": theirs.pk,
        "key": uuid.uuid4(),
    }
    response = client.post(reverse("portfolios:new_rsc_session"), post)
    assert field_error(response, "provider")
    assert not RscSession.objects.exists()
    assert "Rosa Díaz" not in page_text(response)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"minutes": "0"}, "minutes", "at least one minute"),
        ({"date": "2999-01-01"}, "date", "in the future"),
    ],
)
def test_bad_session_input_is_shown_next_to_the_field(client, ana, change, field, words):
    provider = outside_provider(ana)
    post = {"date": "2025-02-04", "minutes": "60", "format": "group", "provider": provider.pk}
    response = client.post(reverse("portfolios:new_rsc_session"), {**post, **change})
    assert words in field_error(response, field)
    assert not RscSession.objects.exists()


def test_a_provider_named_by_sessions_cannot_be_removed_and_the_page_says_why(client, ana):
    provider = outside_provider(ana)
    services.add_rsc_session(
        owner=ana, actor=ana, date=date(2025, 1, 7), minutes=60, format="group", provider=provider
    )
    response = client.post(reverse("portfolios:delete_provider", args=[provider.pk]))
    assert response.status_code == 200
    assert "RS/C sessions name this provider" in page_text(response)
    assert RscProvider.objects.filter(pk=provider.pk).exists()


# -- education, agreements, membership ----------------------------------------------------------


def test_education_is_added_and_a_future_completion_refused(client, ana):
    post = {"level": "bachelor", "completed": "2019-06-01", "field": "Psychology"}
    future = {**post, "completed": "2999-06-01", "key": uuid.uuid4()}
    response = client.post(reverse("portfolios:new_education"), future)
    assert "in the future" in field_error(response, "completed")
    response = client.post(reverse("portfolios:new_education"), {**post, "key": uuid.uuid4()})
    assert response.status_code == 302
    assert Education.objects.get(owner=ana).level == "bachelor"
    assert "Bachelor&#x27;s degree" in page_text(client.get(response["Location"]))


def test_agreements_are_read_and_signed_today_once_per_click(client, ana):
    page = page_text(client.get(reverse("portfolios:agreements")))
    assert "Code of ethics" in page
    assert "Endorsement agreement" in page
    assert "Not signed yet." in page
    key = str(uuid.uuid4())
    for _ in range(2):
        client.post(reverse("portfolios:agreements"), {"document": "code_of_ethics", "key": key})
    signed = Agreement.objects.get(owner=ana)
    assert (signed.document, signed.signed) == ("code_of_ethics", timezone.localdate())
    page = page_text(client.get(reverse("portfolios:agreements")))
    assert "You signed this on" in page
    response = client.post(reverse("portfolios:agreements"), {"document": "nonsense"})
    assert response.status_code == 404


def test_membership_is_recorded_and_listed(client, ana):
    expires = (timezone.localdate() + timedelta(days=300)).isoformat()
    key = uuid.uuid4()
    post = {"association_name": "Michigan AIMH", "expires": expires, "key": key}
    client.post(reverse("portfolios:membership"), post)
    client.post(reverse("portfolios:membership"), post)
    assert Membership.objects.filter(owner=ana).count() == 1
    assert "Michigan AIMH" in page_text(client.get(reverse("portfolios:membership")))


# -- a regular schedule of RS/C -----------------------------------------------------------------


def schedule_post(provider, **change):
    return {
        "weekday": "1",  # Tuesday
        "date": "2025-01-01",  # a Wednesday
        "end": "2025-01-31",
        "minutes": "60",
        "format": "individual",
        "provider": provider.pk,
        "key": "7b0c1a52-4f0e-4a53-9d38-2b4a6c7f1e10",
        **change,
    }


def test_a_weekly_schedule_is_previewed_then_added_once(client, ana):
    provider = outside_provider(ana)
    url = reverse("portfolios:rsc_schedule")
    preview = client.post(url, schedule_post(provider))
    assert preview.status_code == 200
    assert [d.isoformat() for d in preview.context["preview"]] == [
        "2025-01-07",
        "2025-01-14",
        "2025-01-21",
        "2025-01-28",
    ]
    assert "This adds 4 sessions" in page_text(preview)
    assert not RscSession.objects.exists()  # nothing saved by the preview
    for _ in range(2):  # a double click on "Add these sessions"
        response = client.post(url, {**schedule_post(provider), "confirm": "1"})
        assert response.status_code == 302
    sessions = RscSession.objects.filter(owner=ana).order_by("date")
    assert [s.date.isoformat() for s in sessions] == [
        "2025-01-07",
        "2025-01-14",
        "2025-01-21",
        "2025-01-28",
    ]
    assert {(s.minutes, s.provider_id) for s in sessions} == {(60, provider.pk)}
    assert "4 RS/C sessions added." in page_text(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"end": "2024-12-01"}, "The end cannot be before the start."),
        ({"end": "2999-01-01"}, "in the future"),
        ({"date": "2020-01-01", "end": "2024-12-31"}, "at most 104 sessions"),
        ({"date": "2025-01-01", "end": "2025-01-06"}, "No such day falls between"),
    ],
)
def test_a_schedule_that_makes_no_sense_says_why_next_to_the_end(client, ana, change, words):
    provider = outside_provider(ana)
    post = {**schedule_post(provider, **change), "confirm": "1"}
    response = client.post(reverse("portfolios:rsc_schedule"), post)
    assert words in field_error(response, "end")
    assert not RscSession.objects.exists()


# -- changing providers and sessions ------------------------------------------------------------


def test_an_outside_providers_endorsements_are_added_and_removed_from_its_page(client, ana):
    provider = outside_provider(ana)
    url = reverse("portfolios:edit_provider", args=[provider.pk])
    post = {"name": "Rosa Díaz", "category": "IFS", "held_from": "2010-01-01"}
    assert client.post(url, post).status_code == 302
    post = {"name": "Rosa Díaz", "category": "IMHM-C", "held_from": "2016-01-01"}
    assert client.post(url, post).status_code == 302
    assert sorted(provider.stated_endorsements.values_list("category", flat=True)) == [
        "IFS",
        "IMHM-C",
    ]
    page = page_text(client.get(url))
    assert "Remove the stated IFS endorsement" in page
    ifs = provider.stated_endorsements.get(category="IFS")
    remove = reverse("portfolios:delete_stated_endorsement", args=[provider.pk, ifs.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove)["Location"] == url
    assert list(provider.stated_endorsements.values_list("category", flat=True)) == ["IMHM-C"]


def test_a_provider_in_dyad_cannot_be_given_stated_endorsements(client, ana):
    mia = make_user(display_name="Mia Okafor")
    make_endorsement(make_association(), "Mia Okafor", "IMHM-C", holder=mia)
    post = {"email": mia.email, "category": "IMHM-C", "held_from": "2016-01-01"}
    response = client.post(reverse("portfolios:new_provider"), {**post, "key": uuid.uuid4()})
    assert "Dyad records" in field_error(response, "category")
    assert not RscProvider.objects.exists()


def test_changing_a_session_keeps_its_provider_and_can_move_it(client, ana):
    rosa, sam = outside_provider(ana), outside_provider(ana, "Sam Lee")
    session = services.add_rsc_session(
        owner=ana, actor=ana, date=date(2025, 1, 7), minutes=60, format="group", provider=rosa
    )
    url = reverse("portfolios:edit_rsc_session", args=[session.pk])
    form = client.get(url).context["form"]
    assert (form.initial["provider"], form.initial["minutes"]) == (rosa.pk, 60)
    post = {"date": "2025-01-07", "minutes": "45", "format": "individual", "provider": sam.pk}
    assert client.post(url, post).status_code == 302
    session.refresh_from_db()
    assert (session.provider, session.minutes, session.format) == (sam, 45, "individual")


def test_a_membership_is_removed_by_its_owner(client, ana):
    row = services.record_membership(
        owner=ana, actor=ana, association_name="Michigan AIMH", expires=date(2030, 1, 1)
    )
    url = reverse("portfolios:delete_membership", args=[row.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("portfolios:membership")
    assert not Membership.objects.exists()
    assert "Membership removed." in page_text(client.get(response["Location"]))


# -- drafts: what is typed survives a reload ----------------------------------------------------


def test_a_draft_kept_as_the_person_types_is_restored_then_cleared_on_save(client, ana):
    key = str(uuid.uuid4())
    typed = {"title": "Half-typed title", "hours": "2", "areas": ["disorders"], "key": key}
    response = client.post(reverse("portfolios:draft_training"), typed)
    assert response.status_code == 204
    assert not Training.objects.exists()
    page = client.get(reverse("portfolios:new_training"))
    text = page_text(page)
    assert "We kept what you were typing last time." in text
    assert 'value="Half-typed title"' in text
    assert 'value="disorders" id="id_areas_6" checked' in text
    assert page.context["form"].initial["key"] == key  # a retried save still adds once
    post = {**TRAINING_POST, "title": "Half-typed title", "key": key}
    assert client.post(reverse("portfolios:new_training"), post).status_code == 302
    text = page_text(client.get(reverse("portfolios:new_training")))
    assert "Half-typed title" not in text
    assert "We kept what you were typing" not in text


def test_a_draft_can_be_set_aside_for_an_empty_form(client, ana):
    client.post(reverse("portfolios:draft_work"), {"role": "Home visitor"})
    text = page_text(client.get(reverse("portfolios:new_work") + "?fresh=1"))
    assert "Home visitor" not in text
    assert "Home visitor" not in page_text(client.get(reverse("portfolios:new_work")))


def test_a_draft_keeps_only_the_forms_fields_and_bounded_lengths(client, ana):
    client.post(reverse("portfolios:draft_training"), {"title": "x" * 5000, "is_admin": "1"})
    draft = client.session["portfolio-draft:training"]
    assert set(draft) == {"title", "areas"}
    assert len(draft["title"]) == 1000
