"""`{% area_chart areas as chart %}`: the geometry of the training-hours chart (charts.py)."""

from django import template

from ..charts import area_chart as build

register = template.Library()


@register.simple_tag
def area_chart(areas):
    return build(areas)
