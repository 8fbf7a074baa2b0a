from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit

from .permissions import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that both are case-sensitive."),
        "inactive": _("This account is disabled."),
    }


class UserForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["username", "last_name", "first_name", "email", "phone", "job_title"]
        labels = {"last_name": _("Family and middle names"), "first_name": _("Given name")}


class UserEditForm(UserForm):
    class Meta(UserForm.Meta):
        fields = ["last_name", "first_name", "email", "phone", "job_title", "is_active"]


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Area"),
        queryset=AdminUnit.objects.in_force().order_by("level", "sort_name", "name"),
        required=False,
        help_text=_("Leave empty only for an administrator of every area."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.in_force().select_related("unit"),
        required=False,
        help_text=_("Required for agency reporters."),
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False)
    expires_on = forms.DateField(label=_("Expires on"), required=False)


class TokenForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)
