"""Numbers of the dashboards as Vietnamese readers write them, and hidden
small counts that read as hidden ("<5 (ẩn)"), never as missing."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import charts

register = template.Library()


def _hidden():
    return format_html(
        '<abbr class="suppressed" title="{}">{}</abbr>',
        _("Hidden: fewer than 5 children"),
        charts.suppressed_text(),
    )


@register.filter
def indicator_value(row):
    """A row's value with its short unit, or why there is none."""
    if row.suppressed:
        return _hidden()
    if row.value is None:
        return format_html('<span class="muted">{}</span>', _("No data"))
    return charts.with_unit(row.value, row.kind)


@register.filter
def with_unit(value, kind):
    return charts.with_unit(value, kind)


@register.filter
def vn_number(value, kind=None):
    return charts.number(value, kind)


@register.filter
def small_count(value):
    """A count of children; None is a count hidden because it is below 5."""
    return _hidden() if value is None else charts.number(value, "count")


@register.filter
def row_state(row):
    return charts.row_state(row)


@register.filter
def state_word(state):
    return charts.light_word(state)


@register.filter
def row_count(row, field):
    """A numerator or denominator of a row: hidden with the row's value."""
    if row.suppressed:
        return _hidden()
    return charts.number(getattr(row, field), "count")


@register.filter
def share(value, hidden):
    """A percentage of a table row; `hidden`: the counts behind it were hidden."""
    if value is None:
        return _hidden() if hidden else "–"
    return charts.with_unit(value, "percentage")
