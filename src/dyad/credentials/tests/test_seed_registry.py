"""`dyad seed_registry N`: fake endorsements in bulk, searchable like real ones."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.credentials.models import Endorsement, search_key

pytestmark = pytest.mark.django_db


def test_it_adds_n_endorsements_with_every_case_and_their_events(client):
    out = StringIO()
    call_command("seed_registry", "600", "--batch", "250", stdout=out)
    assert "Added 600 endorsements" in out.getvalue()
    with scopes_disabled():
        rows = list(Endorsement.objects.select_related("holder"))
        assert len(rows) == 600
        assert {r.status for r in rows} == {"active", "lapsed", "revoked"}
        assert all(r.search_key == search_key(r.holder_name) for r in rows)
        assert any(not r.holder.listed_in_registry for r in rows if r.holder)
        assert any(not r.holder_name.isascii() for r in rows)
        assert len({r.county for r in rows}) > 10 and all(r.state for r in rows)
        current = set(Endorsement.objects.current().values_list("pk", flat=True))
        today = timezone.localdate()
        assert any(r.pk in current and r.expires < today for r in rows)  # in grace
        assert Event.objects.filter(verb="endorsement.granted").count() == 600
        accented = next(
            r
            for r in rows
            if r.pk in current and not r.holder_name.isascii() and r.holder_id is None
        )
    html = client.get("/registry/", {"q": accented.search_key}).content.decode()
    assert accented.number in html
    assert "Next" in client.get("/registry/").content.decode()


def test_a_second_run_adds_to_the_first(db):
    call_command("seed_registry", "30", stdout=StringIO())
    call_command("seed_registry", "30", "--seed", "1", stdout=StringIO())
    with scopes_disabled():
        numbers = list(Endorsement.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 60


def test_a_count_below_one_is_refused(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_registry", "0", stdout=StringIO())
