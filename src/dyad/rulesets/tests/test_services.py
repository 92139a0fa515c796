"""Drafts, publishing, freezing, and which version an application is judged under."""

import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled

from dyad.applications import services as applications
from dyad.core.models import Event
from dyad.rulesets import selectors, services
from dyad.rulesets.models import FrozenError, PublishedSet
from dyad.testing.factories import make_user
from dyad.testing.portfolios import nearly_ifs

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_the_baselines_are_the_first_published_versions():
    import importlib

    from django.apps import apps

    # The migration's own function: a database emptied by an earlier transactional test has
    # lost its rows, and running it again adds only what is missing.
    migration = importlib.import_module("dyad.rulesets.migrations.0003_baselines")
    with scopes_disabled():
        migration.forwards(apps, None)
        migration.forwards(apps, None)
        rows = {r.reference: r for r in PublishedSet.objects.all()}
    assert set(rows) == {"imh-e-baseline@1", "ecmh-e-baseline@1"}
    assert rows["imh-e-baseline@1"].association is None
    assert rows["imh-e-baseline@1"].document["categories"]["IMHS"]["application"][3]["hours"] == 50


def test_a_draft_copies_the_current_set_and_starting_again_returns_it(alpha):
    association, coordinator = alpha["association"], alpha["coordinator"]
    with scope(association=association.pk):
        draft = services.start_draft(
            association=association, standard="IMH-E", source="baseline", actor=coordinator
        )
        again = services.start_draft(
            association=association, standard="IMH-E", source="current", actor=coordinator
        )
    assert again.pk == draft.pk
    assert draft.based_on == "imh-e-baseline@1"
    assert (draft.document["id"], draft.document["version"]) == ("alpha-imh-e", 1)
    with scope(association=association.pk):
        assert Event.objects.filter(verb="requirement_set.draft_started").count() == 1


def test_a_standard_the_association_is_not_licensed_in_is_refused(alpha):
    with scope(association=alpha["association"].pk), pytest.raises(services.RulesetError):
        services.start_draft(
            association=alpha["association"],
            standard="ECMH-E",
            source="baseline",
            actor=alpha["coordinator"],
        )


def test_a_refused_value_saves_nothing(alpha):
    association, coordinator = alpha["association"], alpha["coordinator"]
    with scope(association=association.pk):
        draft = services.start_draft(
            association=association, standard="IMH-E", source="baseline", actor=coordinator
        )
        before = draft.document
        with pytest.raises(services.RulesetError) as refused:
            services.change_draft(
                draft=draft,
                category="IMHS",
                values={"application__training__hours": 20, "application__rsc_received__hours": -1},
                actor=coordinator,
            )
        draft.refresh_from_db()
    assert refused.value.problems == {
        "application__rsc_received__hours": ["Enter a number above 0."]
    }
    assert draft.document == before


def test_publishing_numbers_the_version_keeps_the_note_and_a_double_submit_makes_one(alpha):
    association, coordinator = alpha["association"], alpha["coordinator"]
    first = publish(association, coordinator, {"application__rsc_received__hours": 48})
    assert (first.set_id, first.version, first.note) == ("alpha-imh-e", 1, "Fewer hours")
    with scope(association=association.pk):
        again = services.publish_draft(
            association=association, key=first.draft_key, note="Twice", actor=coordinator
        )
        assert selectors.draft_of(association, "IMH-E") is None
    assert again.pk == first.pk
    second = publish(association, coordinator, {"application__rsc_received__hours": 46}, "Again")
    assert second.version == 2
    assert selectors.current_version(association, "IMH-E").pk == second.pk
    assert selectors.current_set(association, "IMH-E").version == 2


def test_a_published_version_never_changes_in_the_model_or_queryset(alpha):
    row = publish(alpha["association"], alpha["coordinator"], {"application__training__hours": 35})
    row.note = "changed"
    with pytest.raises(FrozenError):
        row.save()
    with pytest.raises(FrozenError):
        row.delete()
    with scopes_disabled():
        with pytest.raises(FrozenError):
            PublishedSet.objects.filter(pk=row.pk).update(note="x")
        with pytest.raises(FrozenError):
            PublishedSet.objects.filter(pk=row.pk).delete()
        assert PublishedSet.objects.get(pk=row.pk).note == "Fewer hours"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_a_published_version(alpha):
    from django.db import DatabaseError, transaction

    row = publish(alpha["association"], alpha["coordinator"], {"application__training__hours": 35})
    for sql in (
        "UPDATE rulesets_publishedset SET note = 'x' WHERE id = %s",
        "DELETE FROM rulesets_publishedset WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])


def test_an_application_started_under_v1_is_still_judged_under_v1_after_v2(alpha):
    association, coordinator = alpha["association"], alpha["coordinator"]
    v1 = publish(association, coordinator, {"application__rsc_received__hours": 20}, category="IFS")
    applicant = make_user(display_name="Vera Version")
    nearly_ifs(applicant, rsc_hours=22)
    application = applications.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    assert (application.requirement_set, application.requirement_set_version) == (
        "alpha-imh-e",
        v1.version,
    )
    publish(association, coordinator, {"application__rsc_received__hours": 40}, category="IFS")
    application.refresh_from_db()
    assessment = applications.assess(application)
    assert assessment.requirement_set_version == 1
    assert assessment.finding("rsc_received").met  # 22 h of the 20 v1 asks; v2 asks 40
    later = applications.start_application(
        applicant=make_user(), association=association, category="IFS"
    )
    assert later.requirement_set_version == 2
    assert not applications.assess(later).finding("rsc_received").met


def test_an_association_without_its_own_set_uses_the_baseline(alpha):
    application = applications.start_application(
        applicant=make_user(), association=alpha["association"], category="IMHS"
    )
    assert (application.requirement_set, application.requirement_set_version) == (
        "imh-e-baseline",
        1,
    )


def test_the_alliance_publishes_the_next_baseline_and_associations_follow_it(alpha, tmp_path):
    import json

    from django.core.management import CommandError, call_command

    from dyad.standards.requirement_sets import SETS_DIR

    document = json.loads((SETS_DIR / "imh-e-baseline.json").read_text(encoding="utf-8"))
    path = tmp_path / "next.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="The next version of imh-e-baseline is 2, not 1"):
        call_command("publish_baseline", str(path), "--note", "Same again")
    document["version"] = 2
    document["categories"]["IFA"]["application"][1]["hours"] = -5
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="/categories/IFA/application/1"):
        call_command("publish_baseline", str(path), "--note", "Fewer hours")
    document["categories"]["IFA"]["application"][1]["hours"] = 28
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("publish_baseline", str(path), "--note", "Fewer hours")
    assert selectors.current_version(alpha["association"], "IMH-E").reference == "imh-e-baseline@2"
    started = applications.start_application(
        applicant=make_user(), association=alpha["association"], category="IFA"
    )
    assert started.requirement_set_version == 2
    assert (
        applications.requirement_set_of(started).category("IFA").application[1].params["hours"]
        == 28
    )
