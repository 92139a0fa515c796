"""The association services refuse bad changes with a DyadError a person can read, in their
language, naming the field, never the person's email."""

from decimal import Decimal

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from dyad.associations.models import Association, StaffMembership
from dyad.associations.services import add_staff_member, update_association_settings
from dyad.core.errors import DyadError
from dyad.core.models import Event
from dyad.testing.factories import make_association, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"application_fee": Decimal("-5")}, "application_fee", "greater than or equal to 0"),
        ({"contact_email": "not-an-email"}, "contact_email", "valid email"),
        ({"website": "javascript:alert(1)"}, "website", "valid URL"),
    ],
)
def test_an_invalid_setting_is_a_dyad_error_naming_its_field_and_nothing_is_saved(
    changes, field, words
):
    alpha = make_association("alpha")
    with pytest.raises(DyadError) as caught:
        update_association_settings(association=alpha, actor=None, changes=changes)
    assert caught.value.field == field
    assert words in caught.value.message
    stored = Association.objects.get(pk=alpha.pk)
    assert (stored.application_fee, stored.contact_email) == (Decimal("0"), alpha.contact_email)
    assert not Event.objects.filter(verb="association.settings_changed").exists()


def test_a_setting_that_cannot_be_changed_here_is_refused_in_spanish_too():
    alpha = make_association("alpha")
    with translation.override("es"), pytest.raises(DyadError) as caught:
        update_association_settings(association=alpha, actor=None, changes={"slug": "other"})
    assert "slug" in caught.value.message
    assert caught.value.message.startswith("Estos ajustes no se pueden cambiar aquí")
    assert Association.objects.get(pk=alpha.pk).slug == "alpha"


def test_a_role_held_twice_names_the_person_not_their_email():
    alpha = make_association("alpha")
    ana = make_user("ana.private@example.org", display_name="Ana Ruiz")
    add_staff_member(association=alpha, user=ana, role="reviewer")
    with pytest.raises(DyadError) as caught:
        add_staff_member(association=alpha, user=ana, role="reviewer")
    assert caught.value.field == "role"
    assert caught.value.message == "Ana Ruiz already has the role reviewer here."
    assert "ana.private" not in caught.value.message
    assert StaffMembership.objects.filter(user=ana).count() == 1
    assert Event.objects.filter(verb="staff.role_granted").count() == 1

    with translation.override("es"), pytest.raises(DyadError) as caught:
        add_staff_member(association=alpha, user=ana, role="reviewer")
    assert caught.value.message == "Ana Ruiz ya tiene aquí la función revisor."


def test_an_unknown_role_is_refused_on_the_role_field():
    alpha = make_association("alpha")
    with pytest.raises(DyadError) as caught:
        add_staff_member(association=alpha, user=make_user(), role="treasurer")
    assert (caught.value.field, caught.value.message) == ("role", "There is no role treasurer.")
    assert not StaffMembership.objects.exists()


def test_a_changed_contact_address_is_recorded_without_the_address():
    from django_scopes import scopes_disabled

    from dyad.associations.services import update_association_settings
    from dyad.core.models import Event
    from dyad.testing.factories import make_association

    lakes = make_association("lakes-contact", contact_email="ana.ruiz@example.org")
    update_association_settings(
        association=lakes,
        actor=None,
        changes={"contact_email": "office@lakes.example.org", "renewal_fee": "55.00"},
    )
    with scopes_disabled():
        [event] = Event.objects.filter(association=lakes, verb="association.settings_changed")
    assert event.data["changed"] == {"contact_email": [], "renewal_fee": ["0.00", "55.00"]}
    assert "ana.ruiz" not in str(event.data)
