"""Rate limits on Dyad's own costly public forms, counted in the shared cache.

    @rate_limit("check_portfolio_file")
    def check_portfolio_file(request): ...

`settings.DYAD_RATE_LIMITS[name]` gives two limits, "count/window" (window in s, m or h):
`address` for visitors who are not signed in, counted per client address, and `account` for
people signed in, counted per account whatever address they come from. A signed-in person is not
counted against their address, so visitors flooding an office's shared address (NAT) never lock
out the people who work there; an account that hit its limit stays limited from anywhere.

A fixed window: the count lives under a key naming the window, in `caches["default"]`, which every
process and server shares (Redis at REDIS_URL, else the database: settings.cache_settings). The
first hit creates the key with `cache.add` (atomic everywhere); later hits raise it with
`cache.incr`, atomic in Redis, Memcached and local memory. Django's database and file caches
implement `incr` as a read and a write, so there the increment runs under a lock taken with
`cache.add` (an insert that only one process can win); were the lock not to come within a second,
the hit counts as over the limit.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import re
import time
from dataclasses import dataclass
from functools import wraps

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.shortcuts import render

LOCK_SECONDS = 5
LOCK_WAIT_SECONDS = 1.0
UNITS = {"s": 1, "m": 60, "h": 3600}
RATE = re.compile(r"^(\d+)/(\d*)([smh])$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """`20/10m` is 20 hits in a window of ten minutes; `5/h` five an hour."""
        match = RATE.match(text.strip())
        if not match:
            raise ValueError(f"a rate is count/window, as 20/10m or 5/h: {text!r}")
        count, amount, unit = match.groups()
        return cls(int(count), int(amount or 1) * UNITS[unit])


def client_address(request) -> str:
    """The address allauth's sign-in limits use too (ALLAUTH_TRUSTED_PROXY_COUNT decides whether
    X-Forwarded-For is believed); an IPv6 address stands for its /64, which one household or
    machine usually holds whole."""
    address = get_adapter().get_client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def subject(request) -> tuple[str, str]:
    """Whom a hit is counted against: ("account", pk) when signed in, else ("address", ip)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "account", str(user.pk)
    return "address", client_address(request)


def consume(request, name: str, *, cache: BaseCache | None = None) -> int | None:
    """Count one hit of the limit `name` for this request; return None if it is allowed, else
    the seconds until the window ends (for Retry-After)."""
    kind, who = subject(request)
    rate = Rate.parse(settings.DYAD_RATE_LIMITS[name][kind])
    now = time.time()
    window = int(now // rate.seconds)
    ends_in = max(1, math.ceil((window + 1) * rate.seconds - now))
    # Hashed: the cache never holds an address or an account id in the clear.
    digest = hashlib.sha256(f"{name}:{kind}:{who}".encode()).hexdigest()[:32]
    key = f"dyad:rl:{name}:{digest}:{window}"
    count = hit(cache or caches["default"], key, ends_in)
    if count is None or count > rate.count:
        return ends_in
    return None


def hit(cache: BaseCache, key: str, ttl: int) -> int | None:
    """Add one to the counter at `key` (kept `ttl` seconds) and return the new count, or None
    when the counter's lock could not be had."""
    if cache.add(key, 1, ttl):
        return 1
    if type(cache).incr is not BaseCache.incr:  # the backend increments atomically
        try:
            return cache.incr(key)
        except ValueError:  # the window's key expired between add and incr: a new window
            return 1 if cache.add(key, 1, ttl) else cache.incr(key)
    return _hit_under_lock(cache, key, ttl)


def _hit_under_lock(cache: BaseCache, key: str, ttl: int) -> int | None:
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not cache.add(lock, 1, LOCK_SECONDS):
        if time.monotonic() > deadline:
            return None
        time.sleep(0.01)
    try:
        count = cache.get(key, 0) + 1
        cache.set(key, count, ttl)  # set() with the window's own timeout, not the default
        return count
    finally:
        cache.delete(lock)


def too_many_requests(request, retry_after: int | None = None):
    """The 429 page: what happened and when to try again (Retry-After, in seconds)."""
    minutes = math.ceil(retry_after / 60) if retry_after else None
    response = render(request, "429.html", {"retry_minutes": minutes}, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def rate_limit(name: str, methods: tuple[str, ...] = ("POST",)):
    """Decorate a view so that its `methods` count against the limit `name`."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method in methods:
                retry_after = consume(request, name)
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorator
