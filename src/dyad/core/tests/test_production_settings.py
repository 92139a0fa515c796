"""Production mode refuses unsafe settings, and `check --deploy` is clean when configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
GOOD_KEY = "k" * 20 + "-production-secret-key-for-the-check-" + "z" * 20


def manage(*args, **env):
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DYAD_PRODUCTION="1",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="dyad.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_debug():
    result = manage("check", DYAD_PRODUCTION="1", SECRET_KEY=GOOD_KEY, DEBUG="1")
    assert result.returncode != 0
    assert "refuses to start with DEBUG on" in result.stderr


def test_production_refuses_the_default_secret():
    result = manage("check", DYAD_PRODUCTION="1")
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr
