"""Writes to accounts: each one transaction with its event (style.md, rule 3)."""

from __future__ import annotations

from email.utils import parseaddr

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dyad.core.errors import DyadError
from dyad.core.events import record_event
from dyad.core.models import OutboundEmail

from .models import ERASED_EMAIL, ERASED_NAME, ErasedAddress, User, address_digest
from .signals import person_erased


def erase_person(*, user: User, actor, reason: str) -> User:
    """Erase a person's personal data at their request (or the law's), keeping what must be kept.

    Replaced by a pseudonym (`Erased person 17`, `erased-17@invalid`): the name and email of the
    account, its allauth email addresses, and the addresses of outbox messages to them (whose
    bodies are dropped; any not yet sent will not be). The account is deactivated, its password
    made unusable and its two-factor authenticators removed. The credential record
    (`Endorsement.holder_name`) is legally required and stays. Events store ids and read names
    when shown, so the log then shows the pseudonym; old events that hold an address read as the
    pseudonym too, through keyed digests of the old addresses (`ErasedAddress`). Apps above
    accounts react to the `person_erased` signal in the same transaction (associations ends the
    person's staff roles). Erasing an erased person changes nothing.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if not reason.strip():
        raise DyadError(_("Say why, for the record."), field="reason")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_erased:
            return locked
        pseudonym = ERASED_EMAIL.format(pk=locked.pk)
        addresses = {locked.email.lower()} | {
            e.lower()
            for e in EmailAddress.objects.filter(user=locked).values_list("email", flat=True)
        }
        messages = _outbox_to(addresses)
        for message in messages:
            _pseudonymise_message(message, addresses, pseudonym)
        OutboundEmail.objects.bulk_update(
            messages, ["to", "cc", "bcc", "reply_to", "body", "html", "status", "last_error"]
        )
        ErasedAddress.objects.bulk_create(
            [ErasedAddress(digest=address_digest(a), user=locked) for a in sorted(addresses)],
            ignore_conflicts=True,
        )
        EmailAddress.objects.filter(user=locked).delete()
        EmailAddress.objects.create(user=locked, email=pseudonym, verified=False, primary=True)
        Authenticator.objects.filter(user=locked).delete()
        locked.display_name = ERASED_NAME.format(pk=locked.pk)
        locked.first_name = locked.last_name = ""
        locked.email = pseudonym
        locked.is_active = False
        locked.set_unusable_password()
        locked.save()
        person_erased.send(sender=User, user=locked, actor=actor, reason=reason)
        record_event(
            subject=locked,
            actor=actor,
            verb="person.erased",
            reason=reason,
            data={"person": locked.pk, "outbox_messages": len(messages)},
        )
    return locked


def _outbox_to(addresses: set[str]) -> list[OutboundEmail]:
    """Outbox messages with any of `addresses` among their recipients or reply-to.

    The JSON lists are narrowed by text in SQL (portable to SQLite and PostgreSQL), then matched
    exactly here."""
    narrow = Q()
    for address in addresses:
        for field in ("to", "cc", "bcc", "reply_to"):
            narrow |= Q(**{f"{field}__icontains": address})
    candidates = OutboundEmail.objects.filter(narrow)
    return [
        m
        for m in candidates
        if addresses & {_address(a) for a in [*m.to, *m.cc, *m.bcc, *m.reply_to]}
    ]


def _recipients(message: OutboundEmail) -> list[str]:
    return [*message.to, *message.cc, *message.bcc, *message.reply_to]


def _address(recipient: str) -> str:
    """`ana@example.org` from `Ana Ruiz <Ana@Example.org>` or from itself."""
    return parseaddr(recipient)[1].lower()


def _pseudonymise_message(message: OutboundEmail, addresses: set[str], pseudonym: str) -> None:
    def replaced(recipients: list[str]) -> list[str]:
        return [pseudonym if _address(r) in addresses else r for r in recipients]

    message.to = replaced(message.to)
    message.cc = replaced(message.cc)
    message.bcc = replaced(message.bcc)
    message.reply_to = replaced(message.reply_to)
    message.body = ""
    message.html = ""
    if message.status != OutboundEmail.Status.SENT:
        message.status = OutboundEmail.Status.WITHDRAWN
        message.last_error = "withdrawn: the recipient was erased before delivery"


def erased_people_by_address(values: set[str]) -> dict[str, User]:
    """{stored value: erased user} for the values that are an erased person's old address: the
    lookup `dyad.core.events` uses for events written before ids were stored (one query)."""
    digests = {address_digest(v): v for v in values if "@" in v}
    if not digests:
        return {}
    rows = ErasedAddress.objects.filter(digest__in=digests).select_related("user")
    return {digests[row.digest]: row.user for row in rows}


def set_registry_listing(*, user: User, listed: bool) -> User:
    """The person's choice to appear in the public registry (or not). Only the list changes: an
    unlisted person's endorsements still verify by number. Setting what is already set changes
    nothing and records nothing (a form sent twice)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.listed_in_registry == listed:
            return locked
        before = "listed" if locked.listed_in_registry else "unlisted"
        locked.listed_in_registry = listed
        locked.save(update_fields=["listed_in_registry"])
        record_event(
            subject=locked,
            verb="person.registry_listing_changed",
            actor=locked,
            from_state=before,
            to_state="listed" if listed else "unlisted",
            data={"person": locked.pk},
        )
    return locked
