"""The payment provider is chosen by a setting: manual by default, the fake one for tests and
the demo (never in production), or any class by its dotted path."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dyad.applications import payments


class Online(payments.FakeProvider):
    online = True


def test_the_default_is_the_manual_provider(settings):
    del settings.DYAD_PAYMENT_PROVIDER
    assert isinstance(payments.provider(), payments.ManualProvider)
    assert payments.provider().online is False


def test_the_fake_provider_is_chosen_by_name(settings):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    assert isinstance(payments.provider(), payments.FakeProvider)


def test_a_provider_class_is_chosen_by_its_dotted_path(settings):
    settings.DYAD_PAYMENT_PROVIDER = "dyad.applications.tests.test_payments.Online"
    assert isinstance(payments.provider(), Online)


def test_the_fake_provider_is_refused_in_production(settings):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="tests and the demo only"):
        payments.provider()
