"""Domain errors: services raise these with a message a person can act on (style.md, rule 5)."""


class DyadError(Exception):
    """Base of every error a service raises on purpose. `field` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotInTransaction(DyadError):
    """An event was recorded outside the transaction of the change it records."""


class validation_as_dyad_error:  # lower case: used like contextlib.suppress
    """Turn a Django `ValidationError` raised inside (say by `full_clean()`) into a `DyadError`.

    The first named field wins (a field error is what a person can act on next to the field);
    errors of the whole object (`__all__`) give `field=None`. Services pass their own subclass:
    `with validation_as_dyad_error(CredentialError): row.full_clean()`.
    """

    def __init__(self, error_class: type[DyadError] = DyadError) -> None:
        self.error_class = error_class

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, traceback) -> None:
        from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

        if exc is None or not isinstance(exc, ValidationError):
            return
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict
            named = [name for name in errors if name != NON_FIELD_ERRORS]
            field = named[0] if named else None
            messages = errors[field or NON_FIELD_ERRORS]
        else:
            field, messages = None, exc.messages
        raise self.error_class(" ".join(messages), field=field) from exc
