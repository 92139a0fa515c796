"""The browser-test harness: Playwright driving Debian's Chromium against a live server.

- `page`: a fresh browser context and page per test; on failure a full-page screenshot is saved
  in test-artifacts/.
- `sign_in_as(user)`: signs a user in by session cookie (any role), no form round trip.
- `axe_check(page)`: runs axe-core (installed from npm) in the page and fails on any serious or
  critical violation.

Without /usr/bin/chromium the browser tests are skipped, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("DYAD_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Chromium at {CHROMIUM} for the browser tests")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(request, chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def sign_in_as(page, live_server):
    """Sign `user` in to the browser page by session cookie."""
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return user

    return sign_in


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make install`")
    # Evaluated through the DevTools protocol: an added <script> tag would be inline script,
    # which the Content-Security-Policy refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def axe_check():
    def check(page) -> None:
        violations = axe_violations(page)
        details = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in violations
        ]
        assert not violations, f"{page.url}: " + json.dumps(details, indent=1)

    return check
