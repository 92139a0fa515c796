"""Render form widgets with Bootstrap classes and the ARIA ties to their help and errors."""

from django import template

register = template.Library()

CHECKS = {"checkbox", "radio"}


@register.filter
def styled(field):
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    if input_type in CHECKS:
        css = "form-check-input"
    elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}-errors")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
