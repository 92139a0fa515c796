"""The coordinators' exam pages: forms (empty state, create, settings, vignettes, questions with
field errors, publish, freeze on first use, new version), JSON export and import, windows and
invitations with accommodations."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dyad.exams import builder_io, builder_services
from dyad.exams.models import AREA_CODES, ExamForm, ExamWindow, Item, Sitting, Vignette
from dyad.rulesets import services as ruleset_services
from dyad.testing.factories import make_user

from .sitting_cast import exam_application, items_of, open_window, published_form, started

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[4] / "docs"


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def coordinator(client, alpha):
    client.force_login(alpha["coordinator"])
    return alpha["coordinator"]


def url(name, alpha, *args):
    return reverse(f"exams:{name}", args=[alpha["association"].slug, *args])


def forms_of(alpha):
    with scopes_disabled():
        return list(ExamForm.objects.filter(association=alpha["association"]))


SETTINGS = {
    "category": "IMHS",
    "title": "IMHS exam 2027",
    "instructions": "Read each question.",
    "minutes": "90",
    "tolerance": "1",
    "final_rule": "mean",
    "pass_mc": "70",
    "pass_written": "60",
    "pass_overall": "70",
}


def test_with_no_forms_the_list_explains_what_a_form_is(client, coordinator, alpha):
    page = client.get(url("forms", alpha)).content.decode()
    assert "No exam forms yet" in page
    assert url("form_new", alpha) in page
    assert url("form_import", alpha) in page


def test_a_new_form_is_made_once_whatever_the_clicks(client, coordinator, alpha):
    key = str(uuid.uuid4())
    first = client.post(url("form_new", alpha), {**SETTINGS, "key": key})
    again = client.post(url("form_new", alpha), {**SETTINGS, "key": key})
    (made,) = forms_of(alpha)
    assert first.url == again.url == url("form", alpha, made.pk)
    assert made.pass_rules == {"mc": 0.7, "written": 0.6, "overall": 0.7}
    assert made.requirement_set and made.requirement_set_version >= 1


def test_a_form_without_a_title_is_refused_next_to_the_field(client, coordinator, alpha):
    page = client.post(url("form_new", alpha), {**SETTINGS, "title": ""}).content.decode()
    assert 'id="id_title-errors"' in page
    assert 'value="Read each question."' in page or "Read each question." in page
    assert forms_of(alpha) == []


def test_a_question_with_no_correct_option_is_refused_next_to_the_field(client, coordinator, alpha):
    with scope(association=alpha["association"]):
        form = builder_services.create_form(
            association=alpha["association"], actor=coordinator, category="IMHS", title="T"
        )
    response = client.post(
        url("item_new", alpha, form.pk),
        {"kind": "mc", "key": "q1", "stem": "Which?", "options": "One\nTwo\nThree"},
    )
    page = response.content.decode()
    assert 'id="id_correct-errors"' in page
    assert "Say which option is correct." in page
    assert "One\nTwo\nThree" in page  # what was typed is kept
    response = client.post(
        url("item_new", alpha, form.pk),
        {
            "kind": "mc",
            "key": "q1",
            "stem": "Which?",
            "options": "One\nTwo\nThree",
            "correct": "2",
            "areas": ["attachment_loss", "value_reflection"],
        },
    )
    assert response.status_code == 302
    (item,) = items_of(form)
    assert (item.options, item.correct, item.areas) == (
        ["One", "Two", "Three"],
        1,
        ["attachment_loss", "value_reflection"],
    )


def test_a_written_question_needs_a_vignette_and_a_rubric(client, coordinator, alpha):
    with scope(association=alpha["association"]):
        form = builder_services.create_form(
            association=alpha["association"], actor=coordinator, category="IMHS", title="T"
        )
    page = client.post(
        url("item_new", alpha, form.pk), {"kind": "written", "stem": "Describe.", "max_score": 4}
    ).content.decode()
    assert 'id="id_vignette-errors"' in page
    client.post(url("vignette_new", alpha, form.pk), {"title": "Leo", "case": "Leo, 4 months."})
    client.post(url("vignette_new", alpha, form.pk), {"title": "Leo", "case": "Leo, 4 months."})
    with scopes_disabled():
        (vignette,) = Vignette.objects.filter(form=form)
    page = client.post(
        url("item_new", alpha, form.pk),
        {"kind": "written", "stem": "Describe.", "max_score": 4, "vignette": vignette.pk},
    ).content.decode()
    assert 'id="id_rubric-errors"' in page


def test_publishing_needs_questions_then_a_window_can_open(client, coordinator, alpha):
    with scope(association=alpha["association"]):
        form = builder_services.create_form(
            association=alpha["association"], actor=coordinator, category="IMHS", title="T"
        )
    client.post(url("form_publish", alpha, form.pk))
    page = client.get(url("form", alpha, form.pk)).content.decode()
    assert "Add at least one question before publishing." in page
    form = published_form(alpha["association"], coordinator)
    now = timezone.localtime()
    response = client.post(
        url("window_new", alpha, form.pk),
        {
            "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    with scopes_disabled():
        window = ExamWindow.objects.get(form=form)
    assert response.url == url("window", alpha, window.pk)


def test_a_window_that_closes_before_it_opens_is_refused_next_to_the_field(
    client, coordinator, alpha
):
    form = published_form(alpha["association"], coordinator)
    now = timezone.localtime()
    response = client.post(
        url("window_new", alpha, form.pk),
        {
            "opens_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert 'id="id_closes_at-errors"' in response.content.decode()


def test_the_first_sitting_freezes_the_form_and_a_new_version_copies_it(client, coordinator, alpha):
    form = published_form(alpha["association"], coordinator)
    started(open_window(form, coordinator), coordinator)
    item = items_of(form)[0]
    response = client.post(
        url("item_edit", alpha, form.pk, item.pk),
        {"kind": "mc", "key": item.key, "stem": "Changed", "options": "A\nB", "correct": "1"},
    )
    assert "This form is frozen" in response.content.decode()
    with scopes_disabled():
        assert Item.objects.get(pk=item.pk).stem != "Changed"
        with pytest.raises(builder_services.ExamError):
            builder_services.update_form(form=form, actor=coordinator, title="New")
    client.post(url("form_version", alpha, form.pk))
    client.post(url("form_version", alpha, form.pk))  # a second click: the same draft
    with scopes_disabled():
        versions = list(ExamForm.objects.filter(lineage=form.lineage).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    draft = versions[1]
    assert draft.frozen_at is None and draft.published_at is None
    assert [i.key for i in items_of(draft)] == [i.key for i in items_of(form)]
    assert client.get(url("item_edit", alpha, draft.pk, items_of(draft)[0].pk)).status_code == 200


def test_export_then_import_gives_the_same_form_as_a_new_draft(client, coordinator, alpha):
    form = published_form(alpha["association"], coordinator)
    response = client.get(url("form_export", alpha, form.pk))
    assert response["Content-Disposition"].startswith("attachment")
    document = json.loads(response.content)
    builder_io._validator().validate(document)  # the export meets its own schema
    assert document["format"] == "dyad-exam-form/1"
    assert [i["correct"] for i in document["items"] if i["kind"] == "mc"] == [0, 1, 2]
    upload = SimpleUploadedFile("form.json", response.content, "application/json")
    imported = client.post(url("form_import", alpha), {"file": upload})
    with scopes_disabled():
        copy = ExamForm.objects.exclude(pk=form.pk).get(association=alpha["association"])
        assert imported.url == url("form", alpha, copy.pk)
        again = builder_io.export_form(copy)
    assert copy.published_at is None and copy.lineage != form.lineage
    assert {**again, "version": 1} == {**document, "version": 1}


def test_a_bad_form_file_names_each_problem_and_saves_nothing(client, coordinator, alpha):
    document = {
        "format": "dyad-exam-form/1",
        "category": "IMHS",
        "title": "Broken",
        "minutes": 60,
        "vignettes": [],
        "items": [
            {"key": "a", "kind": "mc", "stem": "Q", "options": ["x", "y"], "correct": 5},
            {
                "key": "a",
                "kind": "written",
                "stem": "W",
                "vignette": "v9",
                "rubric": "R",
                "max_score": 3,
            },
            {"key": "c", "kind": "essay", "stem": "?"},
        ],
    }
    upload = SimpleUploadedFile("f.json", json.dumps(document).encode(), "application/json")
    page = client.post(url("form_import", alpha), {"file": upload}).content.decode()
    assert "/items/2/kind: must be mc or written" in page
    del document["items"][2]
    upload = SimpleUploadedFile("f.json", json.dumps(document).encode(), "application/json")
    page = client.post(url("form_import", alpha), {"file": upload}).content.decode()
    assert "/items/0/correct: names no option" in page
    assert "/items/1/key: used twice" in page
    assert "/items/1/vignette: names no vignette of the file" in page
    upload = SimpleUploadedFile("f.json", b"{not json", "application/json")
    assert "This file is not JSON" in client.post(url("form_import", alpha), {"file": upload}).text
    assert forms_of(alpha) == []


def test_the_schema_in_docs_is_the_one_the_import_checks_and_names_every_code():
    assert json.loads((DOCS / "exam-form.schema.json").read_text()) == builder_io.schema()
    areas = builder_io.schema()["$defs"]["areas"]["items"]["enum"]
    assert tuple(areas) == AREA_CODES
    assert builder_io.schema()["properties"]["category"]["enum"] == list(
        builder_services.EXAM_CATEGORIES
    )


def test_only_applicants_approved_for_the_exam_in_the_category_can_be_invited(
    client, coordinator, alpha, two_associations
):
    form = published_form(alpha["association"], coordinator)
    window = open_window(form, coordinator)
    ready = exam_application(alpha["association"], make_user(display_name="Omar Ready"))
    exam_application(alpha["association"], make_user(display_name="Mia Mentor"), "IMHM-C")
    exam_application(two_associations["beta"]["association"], make_user(display_name="Bea Beta"))
    page = client.get(url("window", alpha, window.pk)).content.decode()
    assert "Omar Ready" in page
    assert "Mia Mentor" not in page and "Bea Beta" not in page
    response = client.post(
        url("window", alpha, window.pk),
        {"application": ready.pk, "extra_minutes": "30", "large_text": "on"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        sitting = Sitting.objects.get(window=window)
    assert (sitting.candidate_id, sitting.extra_minutes, sitting.large_text, sitting.breaks) == (
        ready.applicant_id,
        30,
        True,
        False,
    )
    client.post(
        url("accommodations", alpha, sitting.pk),
        {"extra_minutes": "45", "large_text": "on", "breaks": "on"},
    )
    with scopes_disabled():
        sitting.refresh_from_db()
    assert (sitting.extra_minutes, sitting.breaks) == (45, True)
    page = client.get(url("window", alpha, window.pk)).content.decode()
    assert "Nobody else to invite" in page


def test_the_forms_list_costs_the_same_queries_at_two_sizes(
    client, coordinator, alpha, django_assert_max_num_queries
):
    published_form(alpha["association"], coordinator)
    with django_assert_max_num_queries(12) as small:
        client.get(url("forms", alpha))
    for n in range(6):
        published_form(alpha["association"], coordinator, title=f"Form {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("forms", alpha)).content.decode()
    assert "Form 5" in page


def test_the_form_page_costs_the_same_queries_at_two_sizes(
    client, coordinator, alpha, django_assert_max_num_queries
):
    form = published_form(alpha["association"], coordinator)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url("form", alpha, form.pk)).status_code == 200
    with scope(association=alpha["association"]):
        draft = builder_services.new_version(form=form, actor=coordinator)
        for n in range(5):
            builder_services.save_item(
                form=draft,
                actor=coordinator,
                key=f"extra-{n}",
                kind="mc",
                stem="More",
                options=["a", "b"],
                correct=0,
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("form", alpha, draft.pk))
    assert response.status_code == 200 and "extra-4" in response.content.decode()


def test_the_example_in_the_docs_imports(two_associations):
    alpha = two_associations["alpha"]
    text = (DOCS / "exam-form.md").read_text()
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    with scope(association=alpha["association"]):
        form = builder_io.import_form(
            association=alpha["association"], actor=alpha["coordinator"], data=example.encode()
        )
        assert [i.key for i in form.items.all()] == ["mc-1", "v1-w1"]
        assert builder_services.publish_form(form=form, actor=alpha["coordinator"]).published_at


def test_a_new_form_takes_the_pass_marks_of_the_associations_own_requirement_set(
    coordinator, alpha
):
    """The exam pass marks a coordinator sets in the association's requirements become the
    first pass rules of the forms made afterwards, under that version of the set."""
    association = alpha["association"]
    with scope(association=association):
        draft = ruleset_services.start_draft(
            association=association, standard="IMH-E", source="baseline", actor=coordinator
        )
        ruleset_services.change_draft(
            draft=draft,
            category="IMHS",
            values={
                "application__exam__pass_marks__multiple_choice": 80,
                "application__exam__pass_marks__written": 65,
            },
            actor=coordinator,
        )
        published = ruleset_services.publish_draft(
            association=association, key=draft.key, note="Higher marks", actor=coordinator
        )
        form = builder_services.create_form(
            association=association, actor=coordinator, category="IMHS", title="T"
        )
    assert (form.requirement_set, form.requirement_set_version) == (
        published.set_id,
        published.version,
    )
    assert form.pass_rules == {"mc": 0.8, "written": 0.65, "overall": 0.7}


def test_a_form_without_pass_rules_shows_the_default_pass_marks_not_zero(coordinator, alpha):
    """Editing a form whose pass rules are empty must not offer (and then save) 0%."""
    from dyad.exams.builder_forms import FormSettings

    with scope(association=alpha["association"]):
        form = builder_services.create_form(
            association=alpha["association"], actor=coordinator, category="IMHS", title="T"
        )
    form.pass_rules = {}
    initial = FormSettings.initial_of(form)
    assert (initial["pass_mc"], initial["pass_written"], initial["pass_overall"]) == (70, 60, 70)
