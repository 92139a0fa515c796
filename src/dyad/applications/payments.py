"""Paying an application's fee: a small provider interface, chosen by `DYAD_PAYMENT_PROVIDER`.

- `manual` (the default): the person pays the association the way it says (the page shows how
  to reach it); the coordinator then records the fee paid or waived with
  `services.record_fee`. Nothing is paid through Dyad.
- `fake` (tests and the demo): "paying" sends the person to a return address carrying a signed
  payment id, and the return confirms it at once through `services.record_fee(actor=None,
  status="paid", reference=...)`. It is refused in production.
- an online provider is a class with the same two methods (`start` redirects to the provider's
  checkout, `confirm` checks the provider's answer on the return address), named by its dotted
  path in the setting.

Confirming is idempotent: a fee already paid or waived is left as it is, so a reloaded return
address records nothing twice.

Providers take any *payable*: an application, or a row of an app above (a renewal) that has the
same fee fields (`fee_amount`, `fee_currency`, `fee_status`, `association`, `is_open`) and
registered its kind with `register_payable(model, return_url_name, record)` in its
`AppConfig.ready`: where the fake provider sends the person back, and the verb that records the
payment (called as `record(payable, reference)`).
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import services
from .models import Application
from .services import ApplicationError


@dataclass(frozen=True)
class PayableKind:
    """How a kind of payable is paid back: the url name of its return address (one argument,
    the pk) and the verb recording a payment."""

    return_url_name: str
    record: Callable[[Any, str], Any]


def _record_application_fee(application: Application, reference: str) -> Application:
    return services.record_fee(
        application=application, actor=None, status=Application.Fee.PAID, reference=reference
    )


PAYABLES: dict[str, PayableKind] = {
    "applications.application": PayableKind("applications:payment_return", _record_application_fee)
}


def register_payable(model, return_url_name: str, record: Callable[[Any, str], Any]) -> None:
    """Let the providers take rows of `model` (an app above registers its own in `ready`)."""
    PAYABLES[model._meta.label_lower] = PayableKind(return_url_name, record)


def _kind(payable) -> PayableKind:
    return PAYABLES[payable._meta.label_lower]


@dataclass(frozen=True)
class Step:
    """What the person does next to pay: go to an address, or read instructions."""

    redirect_to: str = ""
    instructions: str = ""


class PaymentProvider(ABC):
    """The interface every provider implements."""

    #: whether the person pays through Dyad (a "Pay" button) or outside it (instructions)
    online: bool = False

    @abstractmethod
    def start(self, application: Application, request) -> Step:
        """The person's next step to pay: the provider's checkout, or instructions."""

    @abstractmethod
    def confirm(self, application: Application, request) -> Application:
        """Record the payment the provider reports on its return address."""


def fee_is_due(application) -> bool:
    return application.fee_status == Application.Fee.DUE and application.is_open


class ManualProvider(PaymentProvider):
    """The association is paid outside Dyad; its coordinator records the payment."""

    online = False

    def start(self, application: Application, request) -> Step:
        association = application.association
        text = _(
            "Pay %(amount)s %(currency)s to %(association)s the way they ask. Write to them at "
            "%(email)s to arrange it. When they record the payment, this page shows the fee as "
            "paid."
        ) % {
            "amount": application.fee_amount,
            "currency": application.fee_currency,
            "association": association.name,
            "email": association.contact_email,
        }
        if association.phone:
            text += " " + _("Phone: %(phone)s.") % {"phone": association.phone}
        return Step(instructions=text)

    def confirm(self, application: Application, request) -> Application:
        raise ApplicationError(
            _("The association records this payment. Nothing to confirm here."),
            field="fee_status",
        )


class FakeProvider(PaymentProvider):
    """Pays at once, for tests and the demo: no money moves."""

    online = True
    salt = "dyad.applications.payments.fake"
    max_age = 60 * 60

    def start(self, application: Application, request) -> Step:
        label = application._meta.label_lower
        token = signing.dumps(
            {"application": application.pk, "kind": label, "payment": uuid.uuid4().hex},
            salt=self.salt,
        )
        address = reverse(_kind(application).return_url_name, args=[application.pk])
        return Step(redirect_to=f"{address}?payment={token}")

    def confirm(self, application: Application, request) -> Application:
        try:
            data = signing.loads(
                request.GET.get("payment", ""), salt=self.salt, max_age=self.max_age
            )
        except signing.BadSignature:
            raise ApplicationError(
                _("This payment could not be confirmed. Try paying again."), field="fee_status"
            ) from None
        label = application._meta.label_lower
        if data.get("application") != application.pk or data.get("kind", label) != label:
            raise ApplicationError(
                _("This payment could not be confirmed. Try paying again."), field="fee_status"
            )
        if not fee_is_due(application):
            return application
        return _kind(application).record(application, f"fake:{data['payment']}")


PROVIDERS = {"manual": ManualProvider, "fake": FakeProvider}


def provider() -> PaymentProvider:
    """The provider the setting names (`manual`, `fake` or a dotted path to a class)."""
    name = getattr(settings, "DYAD_PAYMENT_PROVIDER", "manual") or "manual"
    cls = PROVIDERS.get(name) or import_string(name)
    if cls is FakeProvider and getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("DYAD_PAYMENT_PROVIDER=fake is for tests and the demo only.")
    return cls()
