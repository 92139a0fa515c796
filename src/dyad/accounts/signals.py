"""Signals of accounts, for apps above it to react without accounts importing them."""

from django.dispatch import Signal

#: Sent by `erase_person` inside its transaction, with `user`, `actor` and `reason`: apps that
#: hold the person's roles or data end or pseudonymise them there (each with its own event).
person_erased = Signal()
