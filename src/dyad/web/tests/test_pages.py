"""Public pages: home, definitions; language switching; query counts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_says_what_dyad_is_and_links_to_sign_in_registry_and_definitions(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Infant and Early Childhood Mental Health Endorsement" in html
    for name in ("account_login", "credentials:registry", "web:definitions"):
        assert f'href="{reverse(name)}"' in html


def test_definitions_page_paraphrases_with_a_citation_and_lists_the_eight_areas(client):
    html = client.get(reverse("web:definitions")).content.decode()
    assert "Paraphrased; not the official text" in html
    assert "Alliance for the Advancement of Infant Mental Health" in html
    assert html.count("<li>", html.index("<ol>"), html.index("</ol>")) == 8
    assert "Relationship-based therapy" in html
    # the official wording is not reproduced
    assert "ghosts in the nursery" not in html


def test_pages_switch_to_spanish(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Buscar en el registro público" in html
    assert "Saltar al contenido principal" in html


def test_dashboard_needs_sign_in(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_applicant_dashboard_says_what_to_do_next(client):
    from dyad.testing.factories import make_user

    client.force_login(make_user())
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "Read the definitions" in html
