from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import periods
from .models import Direction, Indicator, PeriodType, Target


def recent_periods(count_years=3):
    today = timezone.localdate()
    choices = []
    for year in range(today.year, today.year - count_years, -1):
        for kind in (PeriodType.YEAR, PeriodType.HALF_YEAR, PeriodType.QUARTER):
            for key in reversed(periods.periods_of_year(kind, year)):
                if periods.bounds(key)[0] <= today:
                    choices.append((key, periods.label(key)))
    return choices


class OpenSubmissionForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    period = forms.ChoiceField(label=_("Period"), choices=())

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["period"].choices = recent_periods()


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in template (.xlsx)"))


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "definition",
            "unit_label",
            "kind",
            "numerator_definition",
            "denominator_definition",
            "period_type",
            "source",
            "legal_source",
            "direction",
            "numerator_measure",
            "denominator_measure",
            "measure_group",
            "age_min",
            "age_max",
            "disaggregations",
            "agency_kinds",
            "jump_threshold",
            "counts_people",
            "order",
            "active",
        ]


class TargetForm(forms.ModelForm):
    direction = forms.ChoiceField(label=_("direction"), choices=Direction.choices)

    class Meta:
        model = Target
        fields = ["year", "value", "direction", "amber_margin", "source"]
