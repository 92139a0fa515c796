"""Every message in the outbox belongs to an association or says why it belongs to none."""

import pytest
from django.core.mail import send_mail
from django.db import transaction
from django_scopes import scope

from dyad.core.mail import UnattributedMail, cross_tenant_mail
from dyad.core.models import OutboundEmail
from dyad.testing.factories import make_association

pytestmark = pytest.mark.django_db


def send(to="someone@example.org"):
    with transaction.atomic():
        send_mail("Subject", "Body", None, [to])


def test_mail_sent_inside_an_associations_scope_belongs_to_it():
    alpha = make_association("alpha")
    with scope(association=alpha):
        send()
    row = OutboundEmail.objects.get()
    assert row.association == alpha
    assert row.cross_tenant_reason == ""


def test_mail_marked_cross_tenant_keeps_its_reason_and_no_association():
    with cross_tenant_mail("the person's own account"):
        send()
    row = OutboundEmail.objects.get()
    assert row.association is None
    assert row.cross_tenant_reason == "the person's own account"


def test_mail_with_neither_association_nor_reason_is_refused_loudly():
    with pytest.raises(UnattributedMail, match="cross_tenant_mail"):
        send()
    assert not OutboundEmail.objects.exists()


def test_the_cross_tenant_mark_ends_with_its_block():
    with cross_tenant_mail("first"):
        send()
    with pytest.raises(UnattributedMail):
        send()


def test_a_reason_cannot_be_empty():
    with pytest.raises(ValueError), cross_tenant_mail("  "):
        send()


def test_a_scope_wins_over_an_outer_cross_tenant_mark():
    """A task marked cross-tenant that enters one association sends that association's mail."""
    alpha = make_association("alpha")
    with cross_tenant_mail("nightly reminders"), scope(association=alpha):
        send()
    row = OutboundEmail.objects.get()
    assert (row.association, row.cross_tenant_reason) == (alpha, "")


def test_a_scope_given_by_primary_key_attributes_the_mail_too():
    alpha = make_association("alpha")
    with scope(association=alpha.pk):
        send()
    assert OutboundEmail.objects.get().association == alpha


def test_a_scope_of_several_associations_needs_a_reason():
    alpha, beta = make_association("alpha"), make_association("beta")
    with scope(association=[alpha, beta]), pytest.raises(UnattributedMail):
        send()
