from django import forms
from django.utils.translation import gettext_lazy as _


class ResidentialGroupForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example: Khối 3, Xóm Trung, Tổ dân phố 5")
    )
    code = forms.CharField(label=_("Official code"), max_length=20, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False)
    valid_to = forms.DateField(label=_("Valid to"), required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            raise forms.ValidationError(_("“Valid to” must not be before “valid from”."))
        return data


class AreaFilterForm(forms.Form):
    on = forms.DateField(label=_("In force on"), required=False)
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("current", _("Units in force")),
            ("former", _("Former units")),
            ("all", _("All units")),
        ],
    )
