"""The demo's requirement sets: High Plains has published v2 and keeps a draft that differs."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.rulesets.models import Draft, PublishedSet

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_published_v2_and_a_draft_and_loads_once(settings):
    settings.DEMO = False
    call_command("demo")
    call_command("demo")
    with scopes_disabled():
        versions = list(
            PublishedSet.objects.filter(set_id="high-plains-imh-e").values_list(
                "version", flat=True
            )
        )
        drafts = list(Draft.objects.filter(association__slug="high-plains"))
    assert versions == [1, 2]
    assert len(drafts) == 1
    client = Client()
    client.force_login(User.objects.get(email="sam.coordinator@example.org"))
    page = client.get(reverse("rulesets:draft", args=["high-plains", "imh-e"])).content.decode()
    assert "Training hours for IFA: 30 → 24" in page
    public = client.get(reverse("rulesets:public", args=["high-plains"])).content.decode()
    assert "Version high-plains-imh-e@2" in public
