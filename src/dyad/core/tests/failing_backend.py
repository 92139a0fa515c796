"""A mail backend that behaves like a mail server that is down (for tests)."""

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused by smtp.example.org:587")
