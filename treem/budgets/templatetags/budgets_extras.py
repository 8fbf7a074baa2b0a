from django import template

from ..money import vnd, vnd_number

register = template.Library()


@register.filter(name="vnd")
def vnd_filter(value):
    return vnd(value)


@register.filter(name="vnd_number")
def vnd_number_filter(value):
    return vnd_number(value)
