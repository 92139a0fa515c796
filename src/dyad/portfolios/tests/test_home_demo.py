"""The demo's three applicants have portfolios that show each status on /portfolio/: ready to
apply, nearly there, far. Loading the demo twice adds nothing."""

import re

import pytest
from django.core.management import call_command

from dyad.accounts.models import User
from dyad.portfolios.models import ENTRY_MODELS, StatedEndorsement

pytestmark = pytest.mark.django_db


def status_of(html: str, category: str) -> str:
    card = re.search(rf'id="cat-{re.escape(category)}">(.*?)</h3>', html, re.S)
    assert card, f"no card for {category}"
    return re.search(r'class="badge[^"]*">([^<]+)<', card.group(1)).group(1)


def entries() -> int:
    return sum(model.objects.count() for model in ENTRY_MODELS) + StatedEndorsement.objects.count()


def portfolio_of(client, email: str) -> str:
    client.force_login(User.objects.get(email=email))
    return client.get("/portfolio/?standard=IMH-E").content.decode()


def test_the_demo_applicants_show_each_status(client, settings):
    settings.DEMO = False
    call_command("demo")
    ana = portfolio_of(client, "ana.applicant@example.org")
    assert status_of(ana, "IFS") == "ready to apply"
    jo = portfolio_of(client, "jo.applicant@example.org")
    assert status_of(jo, "IFS") == "on track"
    assert "at the present rate" in jo
    dee = portfolio_of(client, "dee.applicant@example.org")
    assert status_of(dee, "IFA") == "not yet"
    assert status_of(dee, "IFS") == "not yet"
    assert "No category is met yet." in dee


def test_loading_the_demo_again_adds_no_entries(settings):
    settings.DEMO = False
    call_command("demo")
    first = entries()
    assert first > 50
    call_command("demo")
    assert entries() == first
