"""The admin site creates associations and changes their settings only through the services."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.associations.models import Association
from dyad.core.events import describe
from dyad.core.models import Event
from dyad.testing.factories import make_association

pytestmark = pytest.mark.django_db


def events(association, verb):
    with scopes_disabled():
        return list(Event.objects.filter(association=association, verb=verb))


FORM = {
    "name": "Prairie Association",
    "slug": "prairie",
    "standards": '["IMH-E"]',
    "contact_email": "office@prairie.example.org",
    "phone": "",
    "website": "",
    "address": "",
    "currency": "USD",
    "application_fee": "100.00",
    "renewal_fee": "40.00",
    "reviewers_per_application": "1",
}


def test_creating_an_association_in_the_admin_records_who_created_it(admin_client):
    response = admin_client.post(reverse("admin:associations_association_add"), FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    prairie = Association.objects.get(slug="prairie")
    [created] = events(prairie, "association.created")
    assert created.actor == admin_client.person
    assert describe(created) == "The association Prairie Association was created"


def test_changing_fees_in_the_admin_goes_through_the_service_and_its_event(admin_client):
    lakes = make_association("lakes", contact_email="office@lakes.example.org")
    url = reverse("admin:associations_association_change", args=[lakes.pk])
    form = {**FORM, "name": lakes.name, "contact_email": lakes.contact_email}
    form.pop("slug")
    form.pop("standards")
    response = admin_client.post(url, {**form, "renewal_fee": "55.00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    lakes.refresh_from_db()
    assert str(lakes.renewal_fee) == "55.00"
    [changed] = events(lakes, "association.settings_changed")
    assert changed.actor == admin_client.person
    assert "renewal_fee" in changed.data["changed"]


def test_the_short_name_and_standards_are_fixed_once_created(admin_client):
    lakes = make_association("lakes")
    html = admin_client.get(
        reverse("admin:associations_association_change", args=[lakes.pk])
    ).content.decode()
    assert 'name="slug"' not in html
    assert 'name="standards"' not in html
    delete = reverse("admin:associations_association_delete", args=[lakes.pk])
    assert admin_client.get(delete).status_code == 403
