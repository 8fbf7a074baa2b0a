"""Form widgets rendered in Python where Django's template rendering is the
cost: the registry's filter form has some 300 options, and Django renders
each <option> through a template include (about half of the list page's
rendering time at a million children, bench/README.md)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class FastSelect(forms.Select):
    """forms.Select with the same HTML as Django's select.html and
    select_option.html, built without the template engine."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        "" if option["value"] is None else option["value"],
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append(SafeString("</optgroup>"))
        parts.append(SafeString("</select>"))
        # Each part is escaped by format_html or a SafeString constant.
        return format_html_join("", "{}", ((part,) for part in parts))


class FastNullBooleanSelect(FastSelect, forms.NullBooleanSelect):
    pass
