"""People who sign in. Sign-in is by email (django-allauth); there are no usernames."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: What erasure leaves of a person (accounts.services.erase_person): stored in English, shown
#: in the reader's language by `User.name`.
ERASED_NAME = "Erased person {pk}"
ERASED_EMAIL = "erased-{pk}@invalid"  # .invalid never resolves (RFC 2606): nothing can be sent


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("Every account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person with an account: applicant, staff of an association, or Alliance administrator.

    `is_staff` keeps Django's meaning (may use the admin site); association roles live in
    `associations.StaffMembership`.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    is_alliance_admin = models.BooleanField(
        _("Alliance administrator"),
        default=False,
        help_text=_("Maintains the standards and sees all associations' aggregate figures."),
    )
    #: the language the person last chose on the site (or signed up in): their email speaks it
    language = models.CharField(_("language"), max_length=10, blank=True)
    # The person's choice; changed by `accounts.services.set_registry_listing` (with its event).
    # Unlisted endorsements still verify by number: only the public list leaves them out.
    listed_in_registry = models.BooleanField(
        _("listed in the public registry"),
        default=True,
        help_text=_("Your endorsements appear in the public registry of endorsed professionals."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_erased(self) -> bool:
        return self.pk is not None and self.email == ERASED_EMAIL.format(pk=self.pk)

    @property
    def name(self) -> str:
        if self.is_erased:
            return gettext("Erased person %(number)s") % {"number": self.pk}
        return self.display_name or self.get_full_name() or self.email


def address_digest(email: str) -> str:
    """A keyed digest of an email address: it recognises the address without storing it."""
    return salted_hmac("dyad.accounts.erased-address", email.strip().lower()).hexdigest()


class ErasedAddress(models.Model):
    """An address an erased person used, kept only as a keyed digest (`address_digest`), so that
    events written before ids were stored (which hold the address itself) read as the pseudonym.
    The digest depends on SECRET_KEY: keep it (or its SECRET_KEY_FALLBACKS) to keep matching."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"erased address of user {self.user_id}"
