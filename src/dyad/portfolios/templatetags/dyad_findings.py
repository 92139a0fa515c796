"""Show what the engine says in the reader's language: `{{ finding.explanation|say }}`.

The engine returns message codes with parameters (dyad.standards.messages); here each template
and each word goes through gettext, and numbers take the language's decimal separator.
"""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.translation import gettext

from dyad.standards.messages import Message, english_number, render

register = template.Library()


def local_number(value: float) -> str:
    text = english_number(value)
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


@register.filter
def say(message: Message) -> str:
    """A message of the engine, rendered in the active language."""
    return render(message, gettext, local_number)


@register.filter
def category_name(name: str) -> str:
    """A category's name from its requirement set: the baseline names are translated, an
    association's own wording is shown as written."""
    return gettext(name) if name else name
