"""Domain errors: services raise these with a message a person can act on (style.md, rule 5)."""


class DyadError(Exception):
    """Base of every error a service raises on purpose. `field` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotInTransaction(DyadError):
    """An event was recorded outside the transaction of the change it records."""
