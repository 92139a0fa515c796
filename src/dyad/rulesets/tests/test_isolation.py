"""Tenant isolation: only alpha's coordinators read or change alpha's requirement drafts.

Staff of beta in any role, alpha's reviewers and exam scorers, applicants, the Alliance
administrator and anonymous visitors get 404 on every editor page and change nothing. The public
page and the export of published versions are for everyone."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dyad.rulesets import services
from dyad.rulesets.models import Draft, ImpactRun, PublishedSet
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

PAGES = [
    ("rulesets:home", []),
    ("rulesets:draft", ["imh-e"]),
    ("rulesets:category", ["imh-e", "IMHS"]),
    ("rulesets:impact", ["imh-e"]),
    ("rulesets:compare", ["imh-e"]),
]


@pytest.fixture
def drafted(two_associations):
    for slug in ("alpha", "beta"):
        people = two_associations[slug]
        with scope(association=people["association"].pk):
            services.start_draft(
                association=people["association"],
                standard="IMH-E",
                source="baseline",
                actor=people["coordinator"],
            )
    return two_associations


@pytest.mark.parametrize(("page", "args"), PAGES, ids=[p for p, _ in PAGES])
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_editor_pages_matrix(client, drafted, page, args, who, role):
    user = visitor(drafted, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(page, args=["alpha", *args]))
    allowed = who == "alpha" and role == "coordinator"
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "Association beta" not in response.content.decode()


ACTIONS = [
    ("rulesets:start", {"imh-e-source": "current"}),
    ("rulesets:category", {"application__training__hours": "1"}),
    ("rulesets:impact", {}),
    ("rulesets:publish", {"note": "taken over"}),
    ("rulesets:discard", {}),
]


@pytest.mark.parametrize(("action", "data"), ACTIONS, ids=[a for a, _ in ACTIONS])
@pytest.mark.parametrize(("who", "role"), VISITORS[1:], ids=VISITOR_IDS[1:])
def test_nobody_but_alphas_coordinator_changes_alphas_draft(
    client, drafted, action, data, who, role
):
    user = visitor(drafted, who, role)
    if user is not None:
        client.force_login(user)
    alpha = drafted["alpha"]["association"]
    with scope(association=alpha.pk):
        draft = Draft.objects.get(association=alpha)
    before = draft.document
    args = ["alpha", "imh-e", "IMHS"] if action == "rulesets:category" else ["alpha", "imh-e"]
    if action == "rulesets:publish":
        data = {**data, "key": draft.key}
    response = client.post(reverse(action, args=args), data)
    assert response.status_code == 404
    with scope(association=alpha.pk):
        assert Draft.objects.get(pk=draft.pk).document == before
        assert not ImpactRun.objects.exists()
    with scopes_disabled():
        assert not PublishedSet.objects.filter(association=alpha).exists()


def test_betas_coordinator_cannot_publish_alphas_draft_through_betas_pages(client, drafted):
    """The draft key of alpha posted to beta's publish page finds nothing in beta's scope."""
    alpha = drafted["alpha"]["association"]
    with scope(association=alpha.pk):
        key = Draft.objects.get(association=alpha).key
    client.force_login(drafted["beta"]["coordinator"])
    response = client.post(
        reverse("rulesets:publish", args=["beta", "imh-e"]), {"note": "x", "key": key}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not PublishedSet.objects.filter(draft_key=key).exists()
        assert Draft.objects.filter(key=key).exists()


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_the_public_page_and_the_export_are_for_everyone(client, drafted, who, role):
    user = visitor(drafted, who, role)
    if user is not None:
        client.force_login(user)
    assert client.get(reverse("rulesets:public", args=["alpha"])).status_code == 200
    export = client.get(reverse("rulesets:export", args=["imh-e-baseline", 1]))
    assert export.status_code == 200
    page = client.get(reverse("rulesets:public", args=["alpha"])).content.decode()
    assert "Draft" not in page  # drafts never show in public
