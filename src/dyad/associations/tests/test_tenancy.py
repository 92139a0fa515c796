"""The tenancy helpers: one way into an association's scope for tasks, commands, URLs, admin."""

import pytest
from django.core import mail as django_mail
from django.core.mail import send_mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import ScopeError

from dyad.associations.access import alliance_view
from dyad.associations.models import StaffMembership
from dyad.associations.tenancy import AssociationCommand, run_in_scope, scoped_by
from dyad.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def associations_seen():
    return set(StaffMembership.objects.values_list("association__slug", flat=True))


@pytest.mark.parametrize("given", ["instance", "pk", "slug"])
def test_run_in_scope_sees_one_association_then_leaves_the_scope(two_associations, given):
    alpha = two_associations["alpha"]["association"]
    key = {"instance": alpha, "pk": alpha.pk, "slug": "alpha"}[given]
    with run_in_scope(key) as entered:
        assert entered == alpha
        assert associations_seen() == {"alpha"}
    with pytest.raises(ScopeError):
        associations_seen()


def test_run_in_scope_decorates_a_function(two_associations):
    @run_in_scope("beta")
    def count():
        return associations_seen()

    assert count() == {"beta"}


def test_a_task_scoped_by_its_argument_sends_that_associations_mail(two_associations):
    @scoped_by("association_id")
    def remind(association_id, to):
        with transaction.atomic():
            send_mail("Renewal due", "Renew soon.", None, [to])
        return associations_seen()

    beta = two_associations["beta"]["association"]
    assert remind(beta.pk, to="holder@example.org") == {"beta"}
    row = OutboundEmail.objects.get()
    assert row.association == beta
    assert django_mail.outbox == []  # delivery is the worker's


def test_scoped_by_refuses_an_argument_the_function_does_not_have():
    with pytest.raises(TypeError, match="association_id"):

        @scoped_by("association_id")
        def remind(to):
            return to


class CountStaff(AssociationCommand):
    def handle_in_scope(self, association, *args, **options):
        self.stdout.write(f"{association.slug}: {len(associations_seen())} association")


def test_an_association_command_runs_in_the_named_association(two_associations, capsys):
    call_command(CountStaff(), "--association", "alpha")
    assert "alpha: 1 association" in capsys.readouterr().out


def test_an_association_command_names_an_unknown_association(two_associations):
    with pytest.raises(CommandError, match="nowhere"):
        call_command(CountStaff(), "--association", "nowhere")


def test_tenant_pages_are_mounted_under_the_association_slug(two_associations):
    assert reverse("associations:home", args=["alpha"]) == "/a/alpha/"
    assert reverse("associations:settings", args=["alpha"]) == "/a/alpha/settings/"


def test_an_alliance_view_runs_across_associations_for_alliance_administrators(two_associations):
    @alliance_view
    def figures(request):
        return HttpResponse(",".join(sorted(associations_seen())))

    request = RequestFactory().get("/alliance/")
    request.user = two_associations["alliance_admin"]
    assert figures(request).content == b"alpha,beta"


def test_the_admin_lists_staff_of_every_association_read_only(client, two_associations):
    from dyad.testing.factories import make_user

    admin = make_user(is_staff=True, is_superuser=True, mfa=True)
    client.force_login(admin)
    html = client.get(reverse("admin:associations_staffmembership_changelist")).content.decode()
    assert "Association alpha" in html and "Association beta" in html
    membership = StaffMembership.objects.with_scopes_disabled().get(
        user=two_associations["alpha"]["reviewer"]
    )
    url = reverse("admin:associations_staffmembership_change", args=[membership.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="role"' not in page.content.decode()
    assert client.post(url, {"role": "coordinator"}).status_code == 403
    assert client.get(reverse("admin:associations_staffmembership_add")).status_code == 403


@pytest.mark.parametrize("extra", [2, 20])
def test_the_staff_admin_list_costs_the_same_queries_at_any_size(
    client, two_associations, django_assert_max_num_queries, extra
):
    from dyad.testing.factories import make_staff, make_user

    for _ in range(extra):
        make_staff(two_associations["beta"]["association"], "reviewer", mfa=False)
    client.force_login(make_user(is_staff=True, is_superuser=True, mfa=True))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:associations_staffmembership_changelist"))
    assert response.content.decode().count("Association beta") >= extra
