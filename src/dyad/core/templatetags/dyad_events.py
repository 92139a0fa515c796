from django import template

from dyad.core.events import describe

register = template.Library()
register.filter("describe", describe)
