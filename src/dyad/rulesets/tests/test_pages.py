"""The coordinator's pages, the public page, the export and the command line."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope

from dyad.cli import main
from dyad.rulesets import selectors, services
from dyad.rulesets.documents import knobs_for, value_of

from .conftest import publish

pytestmark = pytest.mark.django_db


def posted(association, category: str, **changes) -> dict:
    """What the browser posts from the category's form: every value as shown, then `changes`."""
    with scope(association=association.pk):
        document = selectors.draft_of(association, "IMH-E").document
    data = {}
    for knob in knobs_for(document, category):
        value = value_of(document, category, knob)
        data[knob.name] = (
            value if isinstance(value, list) else ("" if value is None else str(value))
        )
    data.update(changes)
    return data


@pytest.fixture
def coordinator_client(client, alpha):
    client.force_login(alpha["coordinator"])
    return client


def test_a_coordinator_starts_a_draft_edits_it_and_publishes(coordinator_client, alpha):
    client = coordinator_client
    home = client.get(reverse("rulesets:home", args=["alpha"])).content.decode()
    assert "Start a draft" in home and "None yet: you use the Alliance" in home
    response = client.post(
        reverse("rulesets:start", args=["alpha", "imh-e"]), {"imh-e-source": "baseline"}
    )
    assert response.status_code == 302
    draft_url = reverse("rulesets:draft", args=["alpha", "imh-e"])
    assert response["Location"] == draft_url
    edit = reverse("rulesets:category", args=["alpha", "imh-e", "IMHS"])
    form = client.get(edit).content.decode()
    assert "Hours of reflective supervision/consultation (RS/C) received" in form
    assert 'value="50"' in form and "Hours of training each year" in form
    response = client.post(
        edit, posted(alpha["association"], "IMHS", application__rsc_received__hours="48")
    )
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(draft_url).content.decode()
    assert "RS/C hours for IMHS: 50 → 48" in page
    with scope(association=alpha["association"].pk):
        key = selectors.draft_of(alpha["association"], "IMH-E").key
    response = client.post(
        reverse("rulesets:publish", args=["alpha", "imh-e"]), {"note": "", "key": key}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(
        reverse("rulesets:publish", args=["alpha", "imh-e"]),
        {"note": "Two hours fewer RS/C", "key": key},
    )
    assert response.status_code == 302
    home = client.get(reverse("rulesets:home", args=["alpha"])).content.decode()
    assert "alpha-imh-e@1" in home and "Two hours fewer RS/C" in home
    public = client.get(reverse("rulesets:public", args=["alpha"])).content.decode()
    assert "Version alpha-imh-e@1" in public
    assert "48 hours of reflective supervision/consultation (RS/C)" in public


def test_a_value_outside_the_schema_shows_next_to_its_field_and_keeps_the_others(
    coordinator_client, alpha
):
    with scope(association=alpha["association"].pk):
        services.start_draft(
            association=alpha["association"],
            standard="IMH-E",
            source="baseline",
            actor=alpha["coordinator"],
        )
    edit = reverse("rulesets:category", args=["alpha", "imh-e", "IMHS"])
    response = coordinator_client.post(
        edit,
        posted(
            alpha["association"],
            "IMHS",
            application__training__hours="25",
            application__rsc_received__hours="-4",
            application__rsc_received__within_months="1.5",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_application__rsc_received__hours-errors"' in page
    assert "Enter a number above 0." in page and "Enter a whole number." in page
    assert 'value="25"' in page  # what was typed stays
    with scope(association=alpha["association"].pk):
        draft = selectors.draft_of(alpha["association"], "IMH-E")
    rules = {r["rule"]: r for r in draft.document["categories"]["IMHS"]["application"]}
    assert rules["training"]["hours"] == 30  # nothing saved


def test_compare_any_two_versions_in_words(coordinator_client, alpha):
    publish(alpha["association"], alpha["coordinator"], {"application__rsc_received__hours": 48})
    response = coordinator_client.get(
        reverse("rulesets:compare", args=["alpha", "imh-e"]),
        {"a": "imh-e-baseline@1", "b": "alpha-imh-e@1"},
    )
    assert "RS/C hours for IMHS: 50 → 48" in response.content.decode()


def test_the_home_page_costs_the_same_queries_with_more_versions(
    coordinator_client, alpha, django_assert_max_num_queries
):
    url = reverse("rulesets:home", args=["alpha"])
    publish(alpha["association"], alpha["coordinator"], {"application__training__hours": 31})
    with django_assert_max_num_queries(14):
        coordinator_client.get(url)
    for hours in range(32, 40):
        publish(alpha["association"], alpha["coordinator"], {"application__training__hours": hours})
    with django_assert_max_num_queries(14):
        assert "alpha-imh-e@9" in coordinator_client.get(url).content.decode()


def test_a_published_version_downloads_as_json_the_command_line_reads(client, alpha, tmp_path):
    row = publish(
        alpha["association"], alpha["coordinator"], {"application__rsc_received__hours": 48}
    )
    response = client.get(reverse("rulesets:export", args=[row.set_id, row.version]))
    assert response["Content-Disposition"] == 'attachment; filename="alpha-imh-e-1.json"'
    document = json.loads(response.content)
    assert document["id"] == "alpha-imh-e" and document["version"] == 1
    assert client.get(reverse("rulesets:export", args=["alpha-imh-e", 7])).status_code == 404
    out = tmp_path / "set.json"
    call_command("export_requirement_set", "alpha-imh-e@1", "--output", str(out))
    assert json.loads(out.read_text()) == document


def test_dyad_assess_reads_a_published_version_from_the_database(alpha, tmp_path, capsys):
    publish(alpha["association"], alpha["coordinator"], {"application__rsc_received__hours": 48})
    example = "docs/example-portfolio.json"
    code = main(
        [
            "assess",
            example,
            "--category",
            "IMHS",
            "--as-of",
            "2026-06-30",
            "--requirement-set",
            "alpha-imh-e@1",
            "--format",
            "json",
        ]
    )
    assessment = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (assessment["requirement_set"], assessment["requirement_set_version"]) == (
        "alpha-imh-e",
        1,
    )
    rsc = next(f for f in assessment["findings"] if f["rule"] == "rsc_received")
    assert rsc["need"] == 48
    assert (
        main(["assess", example, "--category", "IMHS", "--requirement-set", "alpha-imh-e@9"]) == 2
    )
    assert "no published requirement set alpha-imh-e@9" in capsys.readouterr().err


def test_the_public_page_shows_the_baseline_until_the_association_publishes(client, alpha):
    page = client.get(reverse("rulesets:public", args=["alpha"])).content.decode()
    assert "Version imh-e-baseline@1" in page
    assert "50 hours of reflective supervision/consultation (RS/C)" in page
    assert client.get(reverse("rulesets:public", args=["nowhere"])).status_code == 404


def test_an_applicant_reads_the_version_their_application_is_judged_under(client, alpha):
    from dyad.applications import services as applications
    from dyad.testing.factories import make_user

    publish(alpha["association"], alpha["coordinator"], {"application__rsc_received__hours": 48})
    applicant = make_user()
    application = applications.start_application(
        applicant=applicant, association=alpha["association"], category="IMHS"
    )
    publish(alpha["association"], alpha["coordinator"], {"application__rsc_received__hours": 46})
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert 'href="/requirement-sets/alpha-imh-e@1.json"' in page
    assert 'href="/requirements/alpha/"' in page
