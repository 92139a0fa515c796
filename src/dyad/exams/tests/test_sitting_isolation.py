"""Tenant isolation of the exam pages of exams-take: every builder page against every visitor
(only alpha's coordinator gets in; beta's staff see nothing of alpha, even through beta's
address), and the candidate's pages (only the candidate reads or saves into their sitting; the
answer key reaches nobody through them)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dyad.exams import builder_services
from dyad.exams.models import Answer, ExamForm, ExamWindow, Item, Sitting
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

from .sitting_cast import items_of, open_window, published_form, started

pytestmark = pytest.mark.django_db

CAST = [*VISITORS, ("candidate", None)]
CAST_IDS = [*VISITOR_IDS, "candidate"]


@pytest.fixture
def case(two_associations):
    alpha = two_associations["alpha"]
    coordinator = alpha["coordinator"]
    form = published_form(alpha["association"], coordinator)
    window = open_window(form, coordinator)
    candidate = make_user(display_name="Omar Candidate")
    sitting = started(window, coordinator, candidate)
    with scope(association=alpha["association"]):
        draft = builder_services.create_form(
            association=alpha["association"], actor=coordinator, category="IMHS", title="Draft"
        )
        vignette = builder_services.save_vignette(
            form=draft, actor=coordinator, title="V", case="C"
        )
        item = builder_services.save_item(
            form=draft,
            actor=coordinator,
            key="q1",
            kind="mc",
            stem="S",
            options=["a", "b"],
            correct=0,
        )
    two_associations["candidate"] = candidate
    return {
        "form": form,
        "window": window,
        "sitting": sitting,
        "draft": draft,
        "vignette": vignette,
        "item": item,
    }


def builder_pages(case, slug="alpha"):
    draft, window, sitting = case["draft"], case["window"], case["sitting"]

    def u(name, *args):
        return reverse(f"exams:{name}", args=[slug, *args])

    return {
        "forms": u("forms"),
        "form_new": u("form_new"),
        "form_import": u("form_import"),
        "form": u("form", case["form"].pk),
        "form_edit": u("form_edit", draft.pk),
        "form_export": u("form_export", case["form"].pk),
        "vignette_new": u("vignette_new", draft.pk),
        "vignette_edit": u("vignette_edit", draft.pk, case["vignette"].pk),
        "item_new": u("item_new", draft.pk),
        "item_edit": u("item_edit", draft.pk, case["item"].pk),
        "window": u("window", window.pk),
        "_sitting": sitting,
    }


BUILDER_PAGES = [
    "forms",
    "form_new",
    "form_import",
    "form",
    "form_edit",
    "form_export",
    "vignette_new",
    "vignette_edit",
    "item_new",
    "item_edit",
    "window",
]


def sign_in(client, people, who, role):
    user = visitor(people, who, role) if who != "candidate" else people["candidate"]
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("page", BUILDER_PAGES)
@pytest.mark.parametrize(("who", "role"), CAST, ids=CAST_IDS)
def test_builder_pages_matrix(client, two_associations, case, page, who, role):
    sign_in(client, two_associations, who, role)
    response = client.get(builder_pages(case)[page])
    assert response.status_code == (200 if (who, role) == ("alpha", "coordinator") else 404)


@pytest.mark.parametrize(("who", "role"), CAST, ids=CAST_IDS)
def test_nobody_but_alphas_coordinator_changes_alphas_forms(
    client, two_associations, case, who, role
):
    sign_in(client, two_associations, who, role)
    draft, sitting = case["draft"], case["sitting"]
    posts = [
        (reverse("exams:form_publish", args=["alpha", draft.pk]), {}),
        (reverse("exams:form_version", args=["alpha", case["form"].pk]), {}),
        (reverse("exams:form_edit", args=["alpha", draft.pk]), {"title": "Taken"}),
        (reverse("exams:part_delete", args=["alpha", draft.pk, "item", case["item"].pk]), {}),
        (reverse("exams:window_new", args=["alpha", case["form"].pk]), {}),
        (reverse("exams:window", args=["alpha", case["window"].pk]), {}),
        (
            reverse("exams:accommodations", args=["alpha", sitting.pk]),
            {"extra_minutes": "0", "large_text": "on"},
        ),
    ]
    allowed = (who, role) == ("alpha", "coordinator")
    for url, data in posts:
        status = client.post(url, data).status_code
        assert (status != 404) if allowed else (status == 404), url
    with scopes_disabled():
        forms = ExamForm.objects.filter(association=draft.association_id).count()
        large = Sitting.objects.get(pk=sitting.pk).large_text
        item_left = Item.objects.filter(pk=case["item"].pk).exists()
        draft_published = ExamForm.objects.get(pk=draft.pk).published_at is not None
    if not allowed:
        assert (forms, large, item_left, draft_published) == (2, False, True, False)


def test_betas_coordinator_sees_nothing_of_alpha_through_betas_address(
    client, two_associations, case
):
    client.force_login(two_associations["beta"]["coordinator"])
    for name, url in builder_pages(case, slug="beta").items():
        if name in ("forms", "form_new", "form_import", "_sitting"):
            continue
        assert client.get(url).status_code == 404, name
    page = client.get(reverse("exams:forms", args=["beta"])).content.decode()
    assert "IMHS exam" not in page and "Draft" not in page
    response = client.post(
        reverse("exams:accommodations", args=["beta", case["sitting"].pk]),
        {"extra_minutes": "0", "breaks": "on"},
    )
    assert response.status_code == 404


CANDIDATE_GETS = ["sitting"]
CANDIDATE_POSTS = ["start", "save", "position", "break", "submit"]


@pytest.mark.parametrize(("who", "role"), CAST, ids=CAST_IDS)
def test_only_the_candidate_reads_or_changes_their_sitting(
    client, two_associations, case, who, role
):
    user = sign_in(client, two_associations, who, role)
    sitting = case["sitting"]
    item = items_of(case["form"])[0]
    mine = who == "candidate"
    page = client.get(reverse("exams:sitting", args=[sitting.pk]))
    if mine:
        assert page.status_code == 200
    elif user is None:
        assert page.status_code == 302 and "/accounts/login/" in page.url
    else:
        assert page.status_code == 404
    response = client.post(
        reverse("exams:save", args=[sitting.pk]), {"item": item.pk, "seq": 1, "choice": 1}
    )
    position = client.post(reverse("exams:position", args=[sitting.pk]), {"item": item.pk})
    with scopes_disabled():
        saved = Answer.objects.filter(sitting=sitting).exists()
    if mine:
        assert response.json()["saved"] and saved and position.status_code == 200
    else:
        assert response.status_code in (403, 404) and not saved
        assert position.status_code in (403, 404)
    if not mine:
        for name in ("start", "break", "submit", "save_all"):
            status = client.post(reverse(f"exams:{name}", args=[sitting.pk])).status_code
            assert status == (302 if user is None else 404), name
        with scopes_disabled():
            assert Sitting.objects.get(pk=sitting.pk).state == "started"
    listing = client.get(reverse("exams:mine"))
    if user is not None:
        assert ("IMHS exam" in listing.content.decode()) == mine


def test_the_answer_key_reaches_no_candidate_page_or_answer(client, case):
    sitting = case["sitting"]
    client.force_login(sitting.candidate)
    with scopes_disabled():
        window = ExamWindow.objects.get(pk=case["window"].pk)
        keys = {i.pk: i for i in Item.objects.filter(form_id=window.form_id)}
    bodies = [
        client.get(reverse("exams:mine")).content.decode(),
        client.get(reverse("exams:sitting", args=[sitting.pk])).content.decode(),
    ]
    for item in keys.values():
        saved = client.post(
            reverse("exams:save", args=[sitting.pk]),
            {"item": item.pk, "seq": 5, **({"choice": 0} if item.kind == "mc" else {"text": "x"})},
        )
        bodies.append(saved.content.decode())
        assert set(saved.json()) == {"saved", "seq", "reason"}
    for body in bodies:
        assert "correct" not in body.lower()
        assert "rubric" not in body.lower()
        assert "Names the relationship" not in body
    # and another candidate's client sees none of it
    other = Client()
    other.force_login(make_user())
    assert other.get(reverse("exams:sitting", args=[sitting.pk])).status_code == 404
