"""Sign-in limits (allauth's, kept in the shared cache): wrong passwords and wrong authenticator
codes lock an account from every address, and an address only after many accounts were tried
there, so one person behind an office's shared address cannot lock their colleagues out."""

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dyad.settings import cache_settings
from dyad.testing.factories import PASSWORD, TOTP_SECRET, make_association, make_staff, make_user

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.7"
HOME = "198.51.100.20"
CODE_STEP = "/accounts/2fa/authenticate/"
REFUSED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    settings.CACHES = cache_settings("")  # the database's, even where REDIS_URL is set
    call_command("createcachetable")  # made with the test database only without REDIS_URL
    caches["default"].clear()


def sign_in(email, password, address, client=None):
    client = client or Client()
    response = client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )
    return client, response


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def current_code() -> str:
    counter = list(yield_hotp_counters_from_time())[-1]
    return format_hotp_value(hotp_value(TOTP_SECRET, counter))


def test_five_wrong_passwords_lock_the_account_from_every_address():
    person = make_user()
    for _ in range(5):
        _, response = sign_in(person.email, "wrong password", OFFICE)
        assert REFUSED not in response.content.decode()
    home, response = sign_in(person.email, PASSWORD, HOME)
    assert REFUSED in response.content.decode()
    assert not is_signed_in(home)


def test_someone_hammering_their_own_account_does_not_lock_out_the_office():
    person, colleague = make_user(), make_user()
    for _ in range(40):
        sign_in(person.email, "wrong password", OFFICE)
    office, response = sign_in(colleague.email, PASSWORD, OFFICE)
    assert response.status_code == 302
    assert is_signed_in(office)


def test_an_address_trying_many_accounts_is_stopped_there_and_only_there():
    people = [make_user() for _ in range(11)]
    for person in people[:10]:  # 30 failures from one address, 3 per account
        for _ in range(3):
            sign_in(person.email, "wrong password", OFFICE)
    office, response = sign_in(people[10].email, PASSWORD, OFFICE)
    assert REFUSED in response.content.decode()
    assert not is_signed_in(office)
    home, _ = sign_in(people[10].email, PASSWORD, HOME)
    assert is_signed_in(home)


def reach_code_step(user, address):
    client, response = sign_in(user.email, PASSWORD, address)
    assert response["Location"] == CODE_STEP
    return client


def test_five_wrong_codes_lock_the_code_step_from_every_address():
    association = make_association()
    staff, colleague = make_staff(association, "coordinator"), make_staff(association, "reviewer")
    office = reach_code_step(staff, OFFICE)
    wrong = "000001" if current_code() != "000001" else "000002"
    for _ in range(5):
        response = office.post(CODE_STEP, {"code": wrong}, REMOTE_ADDR=OFFICE)
        assert "Incorrect code" in response.content.decode()
    home = reach_code_step(staff, HOME)
    response = home.post(CODE_STEP, {"code": current_code()}, REMOTE_ADDR=HOME)
    assert REFUSED in response.content.decode()
    assert not is_signed_in(home)
    # The colleague at the same office still gets in with their own code.
    desk = reach_code_step(colleague, OFFICE)
    response = desk.post(CODE_STEP, {"code": current_code()}, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302
    assert is_signed_in(desk)


def test_sign_in_counts_live_in_the_shared_cache():
    """Another process (its own cache client on the same table) sees the failures."""
    person = make_user()
    for _ in range(5):
        sign_in(person.email, "wrong password", OFFICE)
    first = caches["default"]
    assert isinstance(first, DatabaseCache | RedisCache)  # not memory of this process
    caches["default"] = caches.create_connection("default")
    try:
        assert caches["default"] is not first
        home, response = sign_in(person.email, PASSWORD, HOME)
    finally:
        caches["default"] = first
    assert REFUSED in response.content.decode()
    assert not is_signed_in(home)


def test_too_many_sign_in_posts_from_one_address_get_the_clear_429_page(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    person = make_user()
    for _ in range(2):
        sign_in(person.email, "wrong password", OFFICE)
    _, response = sign_in(person.email, PASSWORD, OFFICE)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests" in page and "Please wait a few minutes and try again." in page
    home, response = sign_in(person.email, PASSWORD, HOME)
    assert is_signed_in(home)


def test_the_account_count_ignores_the_host_header():
    person = make_user()
    for port in range(5):
        Client().post(
            reverse("account_login"),
            {"login": person.email, "password": "wrong password"},
            REMOTE_ADDR=OFFICE,
            HTTP_HOST=f"testserver:{8000 + port}",
        )
    _, response = sign_in(person.email, PASSWORD, HOME)
    assert REFUSED in response.content.decode()
