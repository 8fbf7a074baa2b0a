"""Form widgets rendered in Python where Django's template rendering is the
cost: the registry's filter form has some 300 options, and Django renders
each <option> through a template include (about half of the list page's
rendering time at a million children, bench/README.md)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """forms.Select with the same HTML as Django's select.html and
    select_option.html, built without the template engine, and without the
    option dictionaries of Select.get_context: a select of the filter form
    is a loop over its choices (bench/README.md, "Serving under load")."""

    def render(self, name, value, attrs=None, renderer=None):
        # As Widget.get_context and Select.get_context build them.
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        chosen = self.format_value(value)
        # A list of strings, but one string for NullBooleanSelect.
        chosen = {chosen} if isinstance(chosen, str) else set(chosen)
        parts = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        has_selected = False
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, (list, tuple))
            if grouped:
                parts.append(format_html('<optgroup label="{}">', group_value))
                options = group_label
            else:
                options = [("" if group_value is None else group_value, group_label)]
            for option_value, label in options:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    option_value
                ) in chosen
                has_selected |= selected
                value_html = escape("" if option_value is None else option_value)
                parts.append(
                    f'<option value="{value_html}"{" selected" if selected else ""}>'
                    f"{conditional_escape(label)}</option>"
                )
            if grouped:
                parts.append("</optgroup>")
        parts.append("</select>")
        # The name, the attributes, each value and label were escaped above.
        return mark_safe("".join(parts))  # noqa: S308


class FastNullBooleanSelect(FastSelect, forms.NullBooleanSelect):
    pass
