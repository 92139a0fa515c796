"""Every page passes axe (no serious or critical violation), works on a phone and by keyboard."""

import pytest
from playwright.sync_api import expect

from dyad.testing.factories import make_association, make_endorsement, make_staff, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/definitions/",
    "/registry/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@pytest.fixture
def world(db):
    alpha = make_association("alpha")
    make_endorsement(alpha, "Nia Thompson", "IMHM-C")
    return {
        "alpha": alpha,
        "coordinator": make_staff(alpha, "coordinator"),
        "reviewer": make_staff(alpha, "reviewer"),
        "applicant": make_user(),
        "admin": make_user(is_alliance_admin=True, mfa=True),
    }


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_pass_axe(page, world, axe_check, path):
    page.goto(path)
    axe_check(page)


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("applicant", "/dashboard/"),
        ("applicant", "/accounts/email/"),
        ("applicant", "/accounts/settings/"),
        ("coordinator", "/a/alpha/"),
        ("coordinator", "/a/alpha/settings/"),
        ("reviewer", "/a/alpha/"),
        ("admin", "/alliance/"),
        ("admin", "/dashboard/"),
    ],
)
def test_signed_in_pages_pass_axe(page, world, sign_in_as, axe_check, who, path):
    sign_in_as(world[who])
    response = page.goto(path)
    assert response.status == 200
    axe_check(page)


def test_a_form_with_errors_passes_axe_and_names_the_field(page, world, sign_in_as, axe_check):
    sign_in_as(world["coordinator"])
    page.goto("/a/alpha/settings/")
    page.get_by_label("Application fee").fill("-3")
    page.get_by_role("button", name="Save", exact=True).click()
    error = page.locator("#id_application_fee-errors")
    assert "greater than or equal to 0" in error.inner_text()
    assert page.get_by_label("Application fee").get_attribute("aria-invalid") == "true"
    axe_check(page)


def test_staff_mfa_setup_page_passes_axe(page, world, sign_in_as, axe_check):
    from dyad.testing.factories import PASSWORD

    sign_in_as(make_staff(world["alpha"], "exam_scorer", mfa=False))
    page.goto("/a/alpha/")
    page.get_by_label("Password").fill(PASSWORD)  # allauth confirms the password first
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Authenticator code").wait_for()
    assert "/accounts/2fa/totp/activate/" in page.url
    axe_check(page)


@pytest.mark.parametrize("path", ["/", "/registry/", "/accounts/login/", "/definitions/"])
def test_pages_fit_a_phone_screen(chromium, live_server, world, path):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(live_server.url + path)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0


def test_the_first_tab_reaches_the_skip_link_and_it_moves_focus_to_main(page, world):
    page.goto("/registry/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_registry_search_updates_as_you_type(page, world):
    make_endorsement(world["alpha"], "Omar Haddad", "IMHS")
    page.goto("/registry/")
    page.get_by_label("Name, number or category").fill("omar")
    page.locator("#registry-results").get_by_text("Omar Haddad").wait_for()
    # a locator assertion, not wait_for_function: the Content-Security-Policy forbids eval
    expect(page.locator("#registry-results")).not_to_contain_text("Nia Thompson")
    assert "q=omar" in page.url


def test_language_switcher_turns_the_page_spanish(page, world):
    page.goto("/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("link", name="Buscar en el registro público").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"


def test_not_found_page_passes_axe(page, world, axe_check):
    response = page.goto("/a/nowhere/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    axe_check(page)
