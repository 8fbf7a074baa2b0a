"""Reading the registry: search and filters shared by the list page, the
export and the API. Every entry point starts from Child.objects.visible_to."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.areas.models import AdminUnit, Level

from . import text
from .models import (
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    CodeKind,
    IdStatus,
    Nutrition,
    ReferenceCode,
    RiskEpisode,
    SchoolLevel,
    Sex,
    Status,
    sixteenth_birthday_cutoff,
)

AGE_BANDS = {
    "0-2": (0, 2),
    "3-5": (3, 5),
    "6-10": (6, 10),
    "11-15": (11, 15),
}


def _word_start(field, phrase):
    """The phrase at the start of a word of the folded field."""
    return Q(**{f"{field}__startswith": phrase}) | Q(**{f"{field}__contains": f" {phrase}"})


def search(queryset, q):
    """Accent-insensitive search by name, by ID (full or last digits), by a
    caregiver's name or phone."""
    q = (q or "").strip()
    if not q:
        return queryset
    digits = "".join(c for c in q if c.isdigit())
    if digits and len(digits) == len(q.replace(" ", "").replace(".", "")):
        if len(digits) == 12:
            id_match = Q(personal_id=digits)
        else:
            id_match = Q(personal_id__endswith=digits)
        phone = ChildCaregiver.objects.filter(
            child=OuterRef("pk"), caregiver__phone__endswith=digits
        )
        return (
            queryset.filter(id_match | Exists(phone))
            if len(digits) >= 4
            else queryset.filter(id_match)
        )
    phrase = text.fold(q)
    # One id set from both trigram indexes: an OR with a correlated EXISTS
    # cannot use them, so PostgreSQL would walk the whole ward in name order
    # (5 s instead of 0.16 s at a million children, bench/README.md).
    by_name = Child.objects.filter(_word_start("name_folded", phrase)).order_by().values("pk")
    by_caregiver = (
        ChildCaregiver.objects.filter(_word_start("caregiver__name_folded", phrase))
        .order_by()
        .values("child_id")
    )
    return queryset.filter(pk__in=by_name.union(by_caregiver))


def birth_range_for_age(low, high, on=None):
    """Dates of birth of children aged low..high (inclusive) on `on`."""
    on = on or timezone.localdate()

    def years_before(n):
        try:
            return on.replace(year=on.year - n)
        except ValueError:
            return on.replace(year=on.year - n, day=28)

    return years_before(high + 1) + datetime.timedelta(days=1), years_before(low)


class ChildFilter(django_filters.FilterSet):
    """Filters of the list page and the API. Sensitive filters are removed
    for users who may not see sensitive fields (see `for_user`)."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    ward = django_filters.ModelChoiceFilter(queryset=AdminUnit.objects.none(), label=_("Ward"))
    group = django_filters.ModelChoiceFilter(
        field_name="unit", queryset=AdminUnit.objects.none(), label=_("Residential group")
    )
    age = django_filters.ChoiceFilter(
        choices=[(k, k) for k in AGE_BANDS], method="filter_age", label=_("Age")
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    circumstance = django_filters.ModelChoiceFilter(
        queryset=ReferenceCode.objects.of(CodeKind.CIRCUMSTANCE_GROUP),
        method="filter_circ",
        label=_("Special circumstance"),
    )
    special = django_filters.BooleanFilter(
        method="filter_special", label=_("In a special circumstance")
    )
    risk = django_filters.ModelChoiceFilter(
        queryset=ReferenceCode.objects.of(CodeKind.RISK_CATEGORY),
        method="filter_risk",
        label=_("Risk"),
    )
    school_level = django_filters.ChoiceFilter(
        choices=SchoolLevel.choices[1:], label=_("School level")
    )
    schooling = django_filters.ChoiceFilter(
        choices=[
            ("enrolled", _("Enrolled")),
            ("not_enrolled", _("Not enrolled")),
            ("dropped_out", _("Dropped out")),
        ],
        method="filter_schooling",
        label=_("Schooling"),
    )
    id_status = django_filters.ChoiceFilter(choices=IdStatus.choices, label=_("Personal ID"))
    vaccinated = django_filters.BooleanFilter(
        field_name="fully_vaccinated", label=_("Fully vaccinated")
    )
    nutrition = django_filters.ChoiceFilter(
        field_name="nutrition_status", choices=Nutrition.choices[1:], label=_("Nutrition")
    )
    disability = django_filters.BooleanFilter(
        field_name="disability_type",
        lookup_expr="isnull",
        exclude=True,
        label=_("With a disability"),
    )
    status = django_filters.ChoiceFilter(
        choices=[
            ("working", _("Active, under 16")),
            ("aged_out", _("Aged out (16 or over)")),
            *Status.choices[1:],
            ("all", _("All records")),
        ],
        method="filter_status",
        label=_("Status"),
        empty_label=None,
    )
    sort = django_filters.OrderingFilter(
        fields=(("name_sort", "name"), ("date_of_birth", "dob"), ("created_at", "created")),
        field_labels={
            "name_sort": _("Given name"),
            "date_of_birth": _("Date of birth"),
            "created_at": _("Date registered"),
        },
        label=_("Sort by"),
    )

    SENSITIVE_FILTERS = ("vaccinated", "nutrition", "disability")

    class Meta:
        model = Child
        fields = []

    def __init__(self, data=None, *args, user=None, sensitive=False, units=None, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = "working"
        super().__init__(data, *args, **kwargs)
        units = units if units is not None else AdminUnit.objects.none()
        self.filters["ward"].queryset = units.filter(level__in=[Level.WARD, Level.COMMUNE])
        self.filters["group"].queryset = units.filter(level=Level.RESIDENTIAL_GROUP)
        self.sensitive = sensitive
        if not sensitive:
            for name in self.SENSITIVE_FILTERS:
                self.filters.pop(name)
            for name in ("circumstance",):
                self.filters[name].queryset = self.filters[name].queryset.filter(sensitive=False)

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_age(self, queryset, name, value):
        low, high = AGE_BANDS[value]
        start, end = birth_range_for_age(low, high)
        return queryset.filter(date_of_birth__range=(start, end))

    def filter_circ(self, queryset, name, value):
        open_now = CircumstanceEpisode.objects.open_on().filter(child=OuterRef("pk"), code=value)
        return queryset.filter(Exists(open_now))

    def filter_special(self, queryset, name, value):
        episodes = CircumstanceEpisode.objects.open_on().filter(child=OuterRef("pk"))
        if not self.sensitive:
            # Without the permission, membership of a sensitive group must not show.
            episodes = episodes.filter(code__sensitive=False)
        return queryset.filter(Exists(episodes)) if value else queryset.exclude(Exists(episodes))

    def filter_risk(self, queryset, name, value):
        open_now = RiskEpisode.objects.open_on().filter(child=OuterRef("pk"), code=value)
        return queryset.filter(Exists(open_now))

    def filter_schooling(self, queryset, name, value):
        if value == "enrolled":
            return queryset.filter(enrolled=True)
        if value == "dropped_out":
            return queryset.filter(dropped_out_on__isnull=False)
        return queryset.filter(Q(enrolled=False) | Q(enrolled__isnull=True))

    def filter_status(self, queryset, name, value):
        cutoff = sixteenth_birthday_cutoff()
        if value == "working":
            return queryset.filter(status=Status.ACTIVE, date_of_birth__gt=cutoff)
        if value == "aged_out":
            return queryset.filter(status=Status.ACTIVE, date_of_birth__lte=cutoff)
        if value == "all":
            return queryset
        return queryset.filter(status=value)
