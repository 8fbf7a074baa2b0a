"""FastSelect renders what Django's template-rendered Select renders."""

from django import forms
from django.test.html import parse_html

from treem.core.widgets import FastNullBooleanSelect, FastSelect

CHOICES = [("", "---"), ("a", "A & <B>"), ("Nhóm", [("x", "Xã"), ("y", "Y")])]


def _same(html):
    # The parsed element tree: attribute order and whitespace do not count.
    return parse_html(html)


def test_a_select_with_groups_escaping_and_a_selected_option_matches_django():
    for value in ("x", "a", "", None):
        attrs = {"id": "id_f", "hx-get": "/tre-em/"}
        django_html = forms.Select(attrs={"class": "c"}, choices=CHOICES).render("f", value, attrs)
        fast_html = FastSelect(attrs={"class": "c"}, choices=CHOICES).render("f", value, attrs)
        assert _same(fast_html) == _same(django_html)
    assert "A &amp; &lt;B&gt;" in fast_html
    assert fast_html.endswith("</optgroup></select>")


def test_the_yes_no_unknown_select_matches_django():
    for value in (True, False, None):
        django_html = forms.NullBooleanSelect().render("v", value)
        assert _same(FastNullBooleanSelect().render("v", value)) == _same(django_html)
