"""Nothing Dyad writes needs what its Content-Security-Policy forbids: no inline script, no inline
style, no event-handler attribute (onclick=…, htmx's hx-on), no javascript: link. Checked in the
templates themselves and in the pages they render."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from dyad.testing.factories import make_association, make_endorsement, make_staff, make_user

SRC = Path(settings.BASE_DIR)
TEMPLATES = sorted(p for p in SRC.rglob("*.html") if "static" not in p.relative_to(SRC).parts)
FORBIDDEN = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
        "inline <script>",
    ),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_there_are_templates_to_check():
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "500.html", "429.html", "check.html"} <= names


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_needs_what_the_policy_forbids(template):
    text = template.read_text()
    found = [what for pattern, what in FORBIDDEN if pattern.search(text)]
    assert not found, f"{template}: {found}"


class Inline(HTMLParser):
    """Collects whatever in a rendered page would break under the policy."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        # A data block (type="application/json") is not run, so the policy lets it be.
        runs = names.get("type", "text/javascript") in ("text/javascript", "module", "")
        if tag == "script" and "src" not in names and runs:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith(("on", "hx-on")):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")


def problems(response) -> list[str]:
    parser = Inline()
    parser.feed(response.content.decode())
    return parser.problems


@pytest.mark.django_db
def test_the_pages_render_nothing_the_policy_forbids(client):
    association = make_association("alpha")
    make_endorsement(association, "Nia Thompson")
    pages = ["/", "/definitions/", "/registry/", "/registry/?q=nia", "/eligibility/"]
    pages += ["/registry/?category=IMHS&county=wayne&after=1:a"]
    pages += ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not problems(response), (url, problems(response))
    assert not problems(client.get("/no-such-page/"))
    assert not problems(client.post("/eligibility/", {}))  # the form with its errors
    signed_in = {
        make_user(): [
            reverse("web:dashboard"),
            "/accounts/email/",
            "/accounts/password/change/",
            "/accounts/settings/",
        ],
        make_staff(association, "coordinator"): [
            reverse("associations:home", args=["alpha"]),
            "/a/alpha/settings/",
            "/accounts/2fa/",
        ],
        make_user(is_staff=True, is_superuser=True, is_alliance_admin=True, mfa=True): [
            "/alliance/",
            "/admin/",
            "/admin/credentials/endorsement/",
        ],
    }
    for person, urls in signed_in.items():
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert not problems(response), (url, problems(response))


@pytest.mark.django_db
def test_the_code_step_and_the_authenticator_set_up_render_nothing_forbidden(client):
    from dyad.testing.factories import PASSWORD

    staff = make_staff(make_association(), "reviewer")
    page = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert page["Location"] == "/accounts/2fa/authenticate/"
    assert not problems(client.get(page["Location"]))
    newcomer = make_user(is_alliance_admin=True)
    client.force_login(newcomer)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    set_up = client.get(reverse("mfa_activate_totp"))
    assert set_up.status_code == 200 and 'name="code"' in set_up.content.decode()
    assert not problems(set_up)
