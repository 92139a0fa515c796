"""Dyad settings, read from the environment with safe development defaults.

Production mode (DYAD_PRODUCTION=1) refuses to start with DEBUG on or without a real SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL: smtp://user:pass@host:587?tls=1, smtps://..., console://, locmem://, file:///p."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {"BACKEND": "django.core.mail.backends.filebased.EmailBackend", "PATH": parsed.path}
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parsed.query)
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "HOST": parsed.hostname or "localhost",
            "PORT": parsed.port or (465 if scheme == "smtps" else 25),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
            "USE_SSL": scheme == "smtps",
        }
    raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {scheme!r} (smtp, smtps, console, ...)")


def cache_settings(redis_url: str) -> dict[str, dict[str, object]]:
    """The cache every process shares (rate-limit counts live there): Redis at REDIS_URL
    (redis://127.0.0.1:6379/0), else a table in the database (`manage.py createcachetable`).

    `reports`: the reports' figures and pages, kept the same way under the versions they were
    computed from (`reports/views.py`).

    `standing`: where each person stands, computed once per version of their portfolio
    (`portfolios/standing.py`). Its keys name the versions they were computed from, so any
    backend is correct, even one per process: Redis when there is one, else the process's
    memory (a database cache would cost the page the queries the cache saves)."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "dyad",
            },
            "standing": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "dyad-standing",
                "TIMEOUT": 2 * 24 * 3600,
            },
            "reports": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "dyad-reports",
                "TIMEOUT": 3600,
            },
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dyad_cache",
            # Django culls a third of the table past MAX_ENTRIES (300 by default): counts of a
            # busy day must survive, so the ceiling is far above the day's addresses and accounts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "standing": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dyad-standing",
            "TIMEOUT": 2 * 24 * 3600,
            # a large portfolio's entry is a few hundred kB: a few hundred entries per process
            "OPTIONS": {"MAX_ENTRIES": 300},
        },
        # The reports' figures and pages, under the version of the data they were made from
        # (`reports/views.py`): any backend is correct, the process's memory the cheapest.
        "reports": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dyad-reports",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 200},
        },
    }


PRODUCTION = env_bool("DYAD_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)
DEMO = env_bool("DYAD_DEMO", False) and DEBUG
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DYAD_PRODUCTION=1 refuses to start with DEBUG on.")
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DYAD_PRODUCTION=1 needs SECRET_KEY: a random string of at least 50 characters."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# The key that encrypts the associations' credential-signing keys in the database (dyad.badges).
# Changing it makes the stored keys unusable: set it once, keep it with the backups' secrets.
DYAD_KEY_ENCRYPTION_KEY = env("DYAD_KEY_ENCRYPTION_KEY", SECRET_KEY)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "dyad.core",
    "dyad.accounts",
    "dyad.associations",
    "dyad.rulesets",
    "dyad.credentials",
    "dyad.portfolios",
    "dyad.applications",
    "dyad.badges",
    "dyad.api",
    "ninja",  # its templates and static files serve the API's docs page (no CDN)
    "dyad.imports",
    "dyad.reports",
    "dyad.exams",
    "dyad.renewals",
    "dyad.web",
]

# The tenant model: core (infrastructure) points at it through this setting, never by name.
DYAD_TENANT_MODEL = "associations.Association"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "dyad.core.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dyad.accounts.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "dyad.urls"
WSGI_APPLICATION = "dyad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dyad.core.context_processors.dyad",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'dyad.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# Shared by every process and server: sign-in and upload limits count here (never per process).
CACHES = cache_settings(env("REDIS_URL"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The registry's order index carries extra columns on PostgreSQL (an index-only walk);
    # SQLite builds it without them, which is all development needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "web:dashboard"
LOGIN_URL = "account_login"

# django-allauth: sign-up by email with mandatory verification; TOTP for staff.
# Mail allauth sends (sign-up, verification, password reset, MFA) belongs to no association.
ACCOUNT_ADAPTER = "dyad.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Dyad] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Dyad"
MFA_TOTP_TOLERANCE = 1  # one 30-second step of clock drift either way (RFC 6238, 5.2)

# Rate limits, counted in CACHES. Per account *and* per address: the account limit is the tight
# one and follows the account to any address; the address limit is loose enough that one person
# guessing behind an office's shared address (NAT) does not lock out everyone else there.
# allauth's "login_failed" counts wrong passwords (key: the email) and, in allauth.mfa, wrong
# authenticator codes at the sign-in code step (key: the account), then per address. The account
# comes first: attempts on a locked account are refused before they use up the address's count.
ACCOUNT_RATE_LIMITS = {
    "login": "100/m/ip",  # every sign-in form post, right or wrong
    "login_failed": "5/5m/key,30/10m/ip",
}
# The client address the limits count: in production Dyad stands behind one reverse proxy (as
# SECURE_PROXY_SSL_HEADER assumes), so it is the last X-Forwarded-For entry, the one the proxy
# saw; otherwise REMOTE_ADDR. Were it the proxy's own address, everyone would share one count.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))
# Dyad's own limits (dyad.core.ratelimit): visitors counted per address, people signed in per
# account (count/window, the window in s, m or h).
DYAD_RATE_LIMITS = {
    "check_portfolio_file": {"address": "20/10m", "account": "60/10m"},
    "import_portfolio": {"address": "20/10m", "account": "30/10m"},  # signed in: per account
    "upload_transcript": {"address": "20/10m", "account": "30/10m"},  # signed in: per account
    "upload_audit_evidence": {"address": "20/10m", "account": "30/10m"},  # signed in only
    "verify_credential_file": {"address": "30/10m", "account": "60/10m"},
    "api_public": {"address": "300/m", "account": "300/m"},  # the API's public endpoints
}
# Webhooks may be sent to addresses inside the server's own network (loopback, private) only
# outside production: there a webhook must not reach services that are not public.
DYAD_WEBHOOKS_ALLOW_PRIVATE = env_bool("DYAD_WEBHOOKS_ALLOW_PRIVATE", not PRODUCTION)
# How an application's fee is paid (dyad.applications.payments): "manual" (the association is
# paid outside Dyad and its coordinator records it), "fake" (pays at once: tests and the demo,
# refused in production) or the dotted path of a provider class.
DYAD_PAYMENT_PROVIDER = env("DYAD_PAYMENT_PROVIDER", "fake" if DEMO else "manual")
if PRODUCTION and DYAD_PAYMENT_PROVIDER == "fake":
    raise ImproperlyConfigured("DYAD_PAYMENT_PROVIDER=fake is for tests and the demo only.")
if DEMO:
    # Demo only (allauth refuses it unless DEBUG): staff sign in with the code 000000.
    MFA_TOTP_INSECURE_BYPASS_CODE = "000000"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/Detroit")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(PROJECT_DIR / "media")))
MEDIA_URL = "/media/"
# Files people upload (transcripts): served only by views that check who asks
# (dyad.core.private_files), so this directory must be outside the web root, the static files and
# MEDIA_ROOT, and no web server may serve it.
DYAD_PRIVATE_FILES = Path(env("DYAD_PRIVATE_FILES", str(PROJECT_DIR / "private")))
for _served in (MEDIA_ROOT, STATIC_ROOT, *STATICFILES_DIRS):
    if DYAD_PRIVATE_FILES.resolve().is_relative_to(Path(_served).resolve()):
        raise ImproperlyConfigured(
            f"DYAD_PRIVATE_FILES ({DYAD_PRIVATE_FILES}) is inside {_served}, which is served "
            "to anyone: choose a directory outside MEDIA_ROOT and the static files."
        )

# Email: every message goes to the outbox in the sender's transaction and is delivered by a
# task through DYAD_DELIVERY_EMAIL (from EMAIL_URL); a failing server delays it, never loses it.
EMAIL_BACKEND = "dyad.core.mail.OutboxBackend"
DYAD_DELIVERY_EMAIL = email_settings(env("EMAIL_URL", "console://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Dyad <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
DYAD_EMAIL_MAX_ATTEMPTS = int(env("DYAD_EMAIL_MAX_ATTEMPTS", "8"))

# Links sent to raters and RS/C providers (applications.links): how long one works, and the
# days after the invitation when a reminder goes to those who have not answered.
DYAD_INVITATION_DAYS = int(env("DYAD_INVITATION_DAYS", "30"))
DYAD_REMINDER_DAYS = [int(d) for d in env_list("DYAD_REMINDER_DAYS", "7,14")]

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers on <body>)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): this site only; no inline script or style, no eval (htmx
# is told not to inject its indicator style: the htmx-config meta in base.html). data: images are
# Bootstrap's form controls (check marks, select arrows) and the authenticator set-up QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (dyad.core.security): browser features Dyad never uses are off on every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
