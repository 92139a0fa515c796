"""Every page carries a Content-Security-Policy (this site only, no inline script, no eval) and a
Permissions-Policy that switches off camera, microphone, location, payment and the like: public
pages, pages of people signed in, and error pages alike."""

import pytest
from django.urls import include, path, reverse

from dyad.core.security import permissions_policy
from dyad.testing.factories import make_association, make_staff, make_user


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", broken_view), path("", include("dyad.urls"))]

pytestmark = pytest.mark.django_db

OFF = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture")


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_protected(response):
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in OFF:
        assert features[feature] == "()"


def test_a_public_page(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert_protected(response)


def test_the_public_upload_page(client):
    assert_protected(client.get("/eligibility/"))


def test_a_page_of_someone_signed_in(client):
    client.force_login(make_user())
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 200
    assert_protected(response)


def test_a_staff_page(client):
    association = make_association()
    client.force_login(make_staff(association, "coordinator"))
    response = client.get(reverse("associations:home", args=[association.slug]))
    assert response.status_code == 200
    assert_protected(response)


def test_the_page_not_found(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_protected(response)


@pytest.mark.urls(__name__)
def test_the_server_error_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_protected(response)


def test_the_too_many_requests_page(client, settings):
    settings.DYAD_RATE_LIMITS = {"check_portfolio_file": {"address": "0/m", "account": "0/m"}}
    response = client.post("/eligibility/")
    assert response.status_code == 429
    assert_protected(response)


def test_a_redirect_and_the_sign_in_step(client):
    assert_protected(client.get(reverse("web:dashboard")))  # to the sign-in page
    assert_protected(client.get(reverse("account_login")))


def test_the_policy_reads_as_structured_fields():
    value = permissions_policy({"camera": [], "fullscreen": ["self", "https://example.org"]})
    assert value == 'camera=(), fullscreen=(self "https://example.org")'
