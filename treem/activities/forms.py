from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from treem.agencies.models import Agency
from treem.plans.models import Task

from .models import (
    CHILD_BANDS,
    ActivityKind,
    AgeBand,
    Audience,
    ChildGroup,
    FileKind,
    Sex,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _key(*parts):
    return "n_" + "_".join(p.replace("-", "_") for p in parts)


# (audience, sex, band) cells of the audience grid.
AUDIENCE_CELLS = [
    *((Audience.CHILDREN, s, b) for b in CHILD_BANDS for s in Sex),
    *((a, s, AgeBand.ADULT) for a in (Audience.PARENTS, Audience.OFFICIALS) for s in Sex),
]
PARTICIPANT_CELLS = [(g, s, b) for g in ChildGroup for b in CHILD_BANDS for s in Sex]


def _count_field():
    return forms.IntegerField(
        min_value=0, max_value=1_000_000, required=False, widget=forms.NumberInput({"min": 0})
    )


class TaskChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, task):
        return f"{task.number}. {task.content[:140]}"


class GridMixin:
    """Count inputs named n_<parts>, read back as {(parts…): number}."""

    def add_grid(self, cells, initial):
        for cell in cells:
            name = _key(*cell)
            self.fields[name] = _count_field()
            self.fields[name].label = " · ".join(str(self.cell_label(c)) for c in cell)
            if initial and initial.get(cell):
                self.fields[name].initial = initial[cell]

    def grid(self, cells):
        return {cell: self.cleaned_data.get(_key(*cell)) or 0 for cell in cells}

    def grid_rows(self, cells, row_of):
        """[(row label, [bound field, …])] for the template's table."""
        rows = {}
        for cell in cells:
            rows.setdefault(row_of(cell), []).append(self[_key(*cell)])
        return list(rows.items())

    @staticmethod
    def cell_label(value):
        for choices in (Audience, Sex, AgeBand, ChildGroup):
            if value in choices.values:
                return choices(value).label
        return value


class ActivityForm(GridMixin, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=ActivityKind.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    agency = forms.ModelChoiceField(label=_("Organising agency"), queryset=Agency.objects.none())
    tasks = TaskChoice(
        label=_("Plan tasks it carries out"),
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Content and results"), required=False, widget=forms.Textarea({"rows": 4})
    )
    cost = forms.IntegerField(
        label=_("Cost (VND)"), min_value=0, required=False, help_text=_("In đồng, 0 if none.")
    )

    def __init__(self, *args, agencies, tasks, audience=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A retired kind stays selectable on the activities that carry it.
        current = (self.initial or {}).get("kind")
        self.fields["kind"].queryset = ActivityKind.objects.filter(Q(active=True) | Q(pk=current))
        self.fields["agency"].queryset = agencies
        self.fields["tasks"].queryset = tasks
        if agencies.count() == 1 and not self.is_bound:
            self.fields["agency"].initial = agencies.first()
        self.add_grid(AUDIENCE_CELLS, audience)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data

    def audience(self):
        return self.grid(AUDIENCE_CELLS)

    def audience_rows(self):
        def row(cell):
            audience, _sex, band = cell
            if audience == Audience.CHILDREN:
                return f"{Audience(audience).label} {AgeBand(band).label}"
            return Audience(audience).label

        return self.grid_rows(AUDIENCE_CELLS, row)

    def service_fields(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "agency": data["agency"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "place": data.get("place", ""),
            "description": data.get("description", ""),
            "cost": data.get("cost") or 0,
        }


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FileKind.choices)
    file = forms.FileField(label=_("File"))


class ForumForm(GridMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Agency.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, units, agencies, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(label=_("Held by"), queryset=units)
            if units.count() == 1 and not self.is_bound:
                self.fields["unit"].initial = units.first()
            self.order_fields(["unit"])
        self.fields["organiser"].queryset = agencies
        self.add_grid(PARTICIPANT_CELLS, participants)

    def participants(self):
        return self.grid(PARTICIPANT_CELLS)

    def participant_rows(self):
        def row(cell):
            group, _sex, band = cell
            return f"{ChildGroup(group).label} {AgeBand(band).label}"

        return self.grid_rows(PARTICIPANT_CELLS, row)

    def service_fields(self):
        data = self.cleaned_data
        return {
            k: data.get(k) or ("" if k != "organiser" else None)
            for k in ("title", "held_on", "place", "organiser", "summary")
        }


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation raised by the children"), widget=forms.Textarea({"rows": 3})
    )


class AssignForm(forms.Form):
    addressee = forms.ModelChoiceField(
        label=_("Body that must answer"), queryset=Agency.objects.none()
    )
    deadline = forms.DateField(label=_("Answer due by"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = (
            Agency.objects.in_force().select_related("unit").order_by("unit__name", "name")
        )


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea({"rows": 3}))
