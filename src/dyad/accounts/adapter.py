"""allauth's mail belongs to a person, not to an association: it is marked cross-tenant."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from dyad.core.mail import cross_tenant_mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sign-up, verification, password reset and MFA notices (allauth.mfa sends through
        this adapter too) concern the person's account, whichever associations they work for."""
        reason = f"account mail ({template_prefix}) concerns the person, not an association"
        with cross_tenant_mail(reason):
            super().send_mail(template_prefix, email, context)
