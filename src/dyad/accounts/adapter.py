"""Dyad's allauth adapter: account mail is marked cross-tenant; sign-in failures count per
account."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language

from dyad.core.mail import cross_tenant_mail


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new person's email speaks the language they signed up in."""
        user.language = (get_language() or "")[:10]
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sign-up, verification, password reset and MFA notices (allauth.mfa sends through
        this adapter too) concern the person's account, whichever associations they work for."""
        reason = f"account mail ({template_prefix}) concerns the person, not an association"
        with cross_tenant_mail(reason):
            super().send_mail(template_prefix, email, context)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of allauth's per-account count of failed sign-ins. allauth prefixes the
        site's domain, which without django.contrib.sites is the request's Host (port included):
        varying the Host header would start a fresh count. Dyad is one site: the email alone.
        (A private allauth hook: `test_the_account_count_ignores_the_host_header` guards it.)"""
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        return f"account:{login}"
