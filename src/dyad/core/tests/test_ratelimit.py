"""Checking portfolio files on /eligibility/ is limited: visitors per address, people signed in per
account, counted in the shared cache so that every process and server sees the same count."""

import socket

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from dyad.core import ratelimit
from dyad.settings import cache_settings
from dyad.testing.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/eligibility/"
OFFICE = "203.0.113.7"  # one address shared by a whole office (NAT)
HOME = "198.51.100.20"
NOW = 1_800_000_030.0  # a fixed clock, 30 s into a ten-minute window


@pytest.fixture(autouse=True)
def limits(settings, monkeypatch):
    settings.CACHES = cache_settings("")  # the database's, even where REDIS_URL is set
    call_command("createcachetable")  # made with the test database only without REDIS_URL
    settings.DYAD_RATE_LIMITS = {"check_portfolio_file": {"address": "3/10m", "account": "5/10m"}}
    monkeypatch.setattr(ratelimit.time, "time", lambda: NOW)
    caches["default"].clear()


def check(client, address):
    return client.post(URL, {}, REMOTE_ADDR=address)


def test_the_cache_is_redis_when_configured_else_the_database():
    assert cache_settings("")["default"]["BACKEND"] == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    redis = cache_settings("redis://127.0.0.1:6379/0")["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert isinstance(caches["default"], DatabaseCache | RedisCache)


def test_a_visitor_past_the_limit_gets_a_clear_page_and_when_to_retry(client):
    for _ in range(3):
        assert check(client, OFFICE).status_code == 200
    response = check(client, OFFICE)
    assert response.status_code == 429
    assert response["Retry-After"] == "570"  # the window's remaining seconds
    page = response.content.decode()
    assert "Too many requests" in page
    assert "Please try again in 10 minutes." in page
    assert 'href="/eligibility/"' in page


def test_reading_the_page_is_never_limited(client):
    for _ in range(10):
        assert client.get(URL, REMOTE_ADDR=OFFICE).status_code == 200
    assert check(client, OFFICE).status_code == 200


def test_the_next_window_starts_afresh(client, monkeypatch):
    for _ in range(4):
        check(client, OFFICE)
    assert check(client, OFFICE).status_code == 429
    monkeypatch.setattr(ratelimit.time, "time", lambda: NOW + 600)
    assert check(client, OFFICE).status_code == 200


def test_a_second_process_sees_the_first_ones_count():
    """Two cache clients, as two server processes hold them, reading one database table."""
    first = caches.create_connection("default")
    second = caches.create_connection("default")
    assert first is not second and isinstance(second, DatabaseCache)
    request = RequestFactory().post(URL, REMOTE_ADDR=OFFICE)
    request.user = None
    for _ in range(3):
        assert ratelimit.consume(request, "check_portfolio_file", cache=first) is None
    assert ratelimit.consume(request, "check_portfolio_file", cache=second) == 570


def test_a_locked_office_address_does_not_lock_the_people_signed_in_there(client):
    for _ in range(4):
        check(client, OFFICE)
    assert check(client, OFFICE).status_code == 429
    client.force_login(make_user())
    assert check(client, OFFICE).status_code == 200
    client.logout()
    assert check(client, HOME).status_code == 200  # and other addresses are untouched


def test_an_account_at_its_limit_is_limited_from_every_address(client):
    person = make_user()
    client.force_login(person)
    for _ in range(5):
        assert check(client, OFFICE).status_code == 200
    assert check(client, HOME).status_code == 429
    client.force_login(make_user())  # a colleague at the same office is not
    assert check(client, OFFICE).status_code == 200


def test_the_cache_holds_no_address_in_the_clear(client):
    check(client, OFFICE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM dyad_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys and not any(OFFICE in key for key in keys)


def test_a_counter_another_process_holds_too_long_refuses_the_hit(monkeypatch):
    """On the database cache an increment runs under a lock; a lock that never comes means the
    hit is refused, not left uncounted."""
    monkeypatch.setattr(ratelimit, "LOCK_WAIT_SECONDS", 0.05)
    cache = caches["default"]
    assert ratelimit.hit(cache, "dyad:test:counter", 60) == 1
    assert ratelimit.hit(cache, "dyad:test:counter", 60) == 2
    cache.add("dyad:test:counter:lock", 1, 60)  # another process is mid-increment
    assert ratelimit.hit(cache, "dyad:test:counter", 60) is None
    cache.delete("dyad:test:counter:lock")
    assert ratelimit.hit(cache, "dyad:test:counter", 60) == 3


def test_ipv6_addresses_count_by_their_64_prefix():
    factory = RequestFactory()
    one = factory.post(URL, REMOTE_ADDR="2001:db8:1:2::10")
    two = factory.post(URL, REMOTE_ADDR="2001:db8:1:2:ffff::3")
    assert ratelimit.client_address(one) == ratelimit.client_address(two) == "2001:db8:1:2::"


def test_rates_read_as_count_per_window():
    assert ratelimit.Rate.parse("20/10m") == ratelimit.Rate(20, 600)
    assert ratelimit.Rate.parse("5/h") == ratelimit.Rate(5, 3600)
    with pytest.raises(ValueError, match="count/window"):
        ratelimit.Rate.parse("20 per minute")


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis at 127.0.0.1:6379")
def test_two_redis_clients_share_the_count(settings):
    import uuid

    params = {"KEY_PREFIX": f"dyad-test-{uuid.uuid4().hex}", "TIMEOUT": 60}
    first = RedisCache("redis://127.0.0.1:6379/0", params)
    second = RedisCache("redis://127.0.0.1:6379/0", params)
    request = RequestFactory().post(URL, REMOTE_ADDR=OFFICE)
    request.user = None
    try:
        for _ in range(3):
            assert ratelimit.consume(request, "check_portfolio_file", cache=first) is None
        assert ratelimit.consume(request, "check_portfolio_file", cache=second) == 570
    finally:
        client = first._cache.get_client()
        client.delete(*client.keys(f"{params['KEY_PREFIX']}:*"))


def test_behind_the_proxy_each_visitor_is_counted_by_the_address_the_proxy_saw(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(3):
        client.post(URL, {}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {OFFICE}")
    locked = client.post(URL, {}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    assert locked.status_code == 429  # a forged first entry does not escape the count
    assert client.post(URL, {}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=HOME).status_code == 200


def test_production_trusts_one_proxy_unless_told_otherwise():
    from dyad.core.tests.test_production_settings import GOOD_KEY, manage

    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"

    def proxies(**env):
        return manage("shell", "-v", "0", "-c", code, **env).stdout.strip()

    production = {"DYAD_PRODUCTION": "1", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x.org"}
    assert proxies(**production) == "1"
    assert proxies(TRUSTED_PROXY_COUNT="0", **production) == "0"
    assert proxies() == "0"  # development: REMOTE_ADDR
