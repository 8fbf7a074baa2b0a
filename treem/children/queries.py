"""Reading the registry: search and filters shared by the list page, the
export and the API. Every entry point starts from Child.objects.visible_to."""

import datetime

import django_filters
from django import forms
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import Reverse
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for
from treem.areas.models import AdminUnit, Level
from treem.core.pagination import CappedPaginator
from treem.core.widgets import FastNullBooleanSelect, FastSelect

from . import keys
from .models import (
    Caregiver,
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

INVALID_CODE = _("This code does not exist or may not be used as a filter.")

AGE_BANDS = {
    "0-2": (0, 2),
    "3-5": (3, 5),
    "6-10": (6, 10),
    "11-15": (11, 15),
}


class KeysMatch(Func):
    """search_keys @@ 'key':* on PostgreSQL: a key starts with `key`."""

    arg_joiner = " @@ "
    template = "(%(expressions)s::tsquery)"
    output_field = BooleanField()


def _named(key):
    """Children whose name or a caregiver's name has the phrase at the start of
    a word (keys.search_keys): the GIN index on PostgreSQL, LIKE elsewhere."""
    if not key:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        # Keys hold word characters and "_" only (keys._words): no quoting needed.
        return KeysMatch(F("search_keys"), Value(f"'{key}':*"))
    return Q(search_keys__contains=f" {key}")


# On PostgreSQL an id set is fetched first and handed to the page's query as
# a list when small: its size is then known to the planner, which otherwise
# guesses thousands of rows and scans the whole scope. Larger sets stay a
# subquery: a list of thousands of ids costs a table read for each of them.
SET_CAP = 1_000


def _ends_with(field, digits):
    """`field` ends with the digits: on PostgreSQL a prefix of the reversed
    value, which the reverse() B-tree indexes of migration 0003 serve."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__isnull": False}) & Q(
            **{f"{field}_reversed__startswith": digits[::-1]}
        )
    return Q(**{f"{field}__endswith": digits})


def _in_id_set(queryset, ids):
    """queryset restricted to the union `ids` (a values() queryset of pks):
    as a subquery on SQLite, as a fetched list on PostgreSQL (see SET_CAP).
    None when the set is larger than SET_CAP."""
    if connection.vendor != "postgresql":
        return queryset.filter(pk__in=ids)
    # values() rows of a union are named after its first query's column.
    found = [next(iter(row.values())) for row in ids[: SET_CAP + 1]]
    if len(found) > SET_CAP:
        return None
    return queryset.filter(pk__in=found)


def _search_digits(queryset, digits):
    """By ID (full or last digits) or, from four digits, a caregiver's phone."""
    if len(digits) == 12:
        id_match = Q(personal_id=digits)
    else:
        id_match = _ends_with("personal_id", digits)
    by_id = (
        Child.objects.alias(personal_id_reversed=Reverse("personal_id"))
        .filter(id_match)
        .order_by()
        .values("pk")
    )
    if len(digits) >= 4:
        phones = (
            Caregiver.objects.alias(phone_reversed=Reverse("phone"))
            .filter(_ends_with("phone", digits))
            .exclude(phone="")
            .order_by()
            .values("pk")
        )
        by_phone = ChildCaregiver.objects.filter(caregiver__in=phones).order_by().values("child_id")
        # One id set: an OR with a correlated EXISTS would walk the whole scope.
        by_id = by_id.union(by_phone)
    found = _in_id_set(queryset, by_id)
    return found if found is not None else queryset.filter(pk__in=by_id)


def search(queryset, q):
    """Accent-insensitive search by name, by ID (full or last digits), by a
    caregiver's name or phone."""
    q = (q or "").strip()
    if not q:
        return queryset
    digits = "".join(c for c in q if c.isdigit())
    if digits and len(digits) == len(q.replace(" ", "").replace(".", "")):
        return _search_digits(queryset, digits)
    return queryset.filter(_named(keys.search_key(q)))


def birth_range_for_age(low, high, on=None):
    """Dates of birth of children aged low..high (inclusive) on `on`."""
    on = on or timezone.localdate()

    def years_before(n):
        try:
            return on.replace(year=on.year - n)
        except ValueError:
            return on.replace(year=on.year - n, day=28)

    return years_before(high + 1) + datetime.timedelta(days=1), years_before(low)


# Some 300 options in the filter form: rendered in Python (core/widgets.py).
FAST_WIDGETS = {forms.Select: FastSelect, forms.NullBooleanSelect: FastNullBooleanSelect}


class ListedChoiceIterator(ModelChoiceIterator):
    """The options read by one plain query, once per form field: Django's
    iterator reads them through a server-side cursor on PostgreSQL (DECLARE,
    FETCH, CLOSE: three round trips a select) and asks again whether there
    are any (an EXISTS query) when the form is looked at."""

    def _objects(self):
        field = self.field
        if getattr(field, "_listed_for", None) is not self.queryset:
            field._listed, field._listed_for = list(self.queryset), self.queryset
        return field._listed

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._objects():
            yield self.choice(obj)

    def __len__(self):
        return len(self._objects()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._objects())


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoiceIterator


def list_choices(*forms):
    """The model choice fields of `forms` read their options as
    ListedChoiceIterator does (the record page's sub-forms: eight selects)."""
    for form in forms:
        for field in form.fields.values():
            # Fields with an iterator of their own keep it.
            if isinstance(field, ModelChoiceField) and field.iterator is ModelChoiceIterator:
                field.iterator = ListedChoiceIterator
                field.widget.choices = field.choices


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
    # Filters on reference codes, some of them sensitive, and the kind the
    # audit event names them by.
    CODE_FILTERS = {"circumstance": "circumstance", "risk": "risk"}

    class Meta:
        model = Child
        fields = []

    def __init__(self, data=None, *args, user=None, sensitive=False, units=None, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = "working"
        super().__init__(data, *args, **kwargs)
        for f in self.filters.values():
            widget = FAST_WIDGETS.get(f.field_class.widget)
            if widget:
                f.extra.setdefault("widget", widget)
            # Plain model choice filters only: the API's own filter classes keep theirs.
            if f.field_class is django_filters.fields.ModelChoiceField:
                f.field_class = ListedModelChoiceField
        units = units if units is not None else AdminUnit.objects.none()
        self.filters["ward"].queryset = units.filter(level__in=[Level.WARD, Level.COMMUNE])
        self.filters["group"].queryset = units.filter(level=Level.RESIDENTIAL_GROUP)
        self.sensitive = sensitive
        self.user = user
        for name in self.CODE_FILTERS:
            # One message for a missing code and a withheld one: a different
            # answer would tell which sensitive codes exist and are used.
            self.filters[name].extra["error_messages"] = {"invalid_choice": INVALID_CODE}
        if not sensitive:
            for name in self.SENSITIVE_FILTERS:
                self.filters.pop(name)
            for name in self.CODE_FILTERS:
                self.filters[name].queryset = self.filters[name].queryset.filter(sensitive=False)

    def sensitive_filters_used(self):
        """The sensitive filters of this request, as the audit event names them
        ("filter:nutrition", "filter:risk:r03"); empty unless the form is valid."""
        if not self.sensitive or not self.is_valid():
            return []
        data = self.form.cleaned_data
        used = [
            f"filter:{name}"
            for name in self.SENSITIVE_FILTERS
            if name in self.filters and data.get(name) not in (None, "")
        ]
        for name, kind in self.CODE_FILTERS.items():
            value = data.get(name)
            if value is not None and value.sensitive:
                used.append(f"filter:{kind}:{value.code}")
        return used

    def _in_sensitive_scope(self, queryset, value):
        """A sensitive code filters only where the user may see it: a user with
        the permission in one ward and only personal data in another learns
        nothing of the other."""
        if not value.sensitive or self.user is None:
            return queryset
        return queryset.filter(scope_for(self.user, Perm.VIEW_SENSITIVE).q("unit"))

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_age(self, queryset, name, value):
        low, high = AGE_BANDS[value]
        start, end = birth_range_for_age(low, high)
        return queryset.filter(date_of_birth__range=(start, end))

    def filter_circ(self, queryset, name, value):
        open_now = CircumstanceEpisode.objects.open_on().filter(child=OuterRef("pk"), code=value)
        return self._in_sensitive_scope(queryset, value).filter(Exists(open_now))

    def filter_special(self, queryset, name, value):
        episodes = CircumstanceEpisode.objects.open_on().filter(child=OuterRef("pk"))
        if not self.sensitive:
            # Without the permission, membership of a sensitive group must not show.
            episodes = episodes.filter(code__sensitive=False)
        return queryset.filter(Exists(episodes)) if value else queryset.exclude(Exists(episodes))

    def filter_risk(self, queryset, name, value):
        open_now = RiskEpisode.objects.open_on().filter(child=OuterRef("pk"), code=value)
        return self._in_sensitive_scope(queryset, value).filter(Exists(open_now))

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


# A name search shows "more than 200" rather than counting to 1,000: past four
# pages an officer types more of the name, and counting the matches of a
# common word ("dang", 5 % of children) to 1,000 costs more than the page.
SEARCH_CAP = 200


class RegistryPaginator(CappedPaginator):
    """The list page's paginator: the ids of the first CAP + 1 rows are read
    in list order in one query, which gives the capped count and the ids of
    every reachable page (the count is capped, so are the pages); then a
    page's rows are read by primary key with the list's related rows. The ids
    come from children_list_walk_idx where the filters allow (scope, order
    and search keys are in it), so a page of a ward or of a common surname
    reads the table for 50 rows only (bench/README.md)."""

    def __init__(self, object_list, per_page, *, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if cap is not None:
            self.CAP = cap

    @cached_property
    def _head(self):
        return list(self.object_list.values_list("pk", flat=True)[: self.CAP + 1])

    @cached_property
    def count(self):
        return len(self._head)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._head[bottom : bottom + self.per_page]
        listed = self.object_list
        # The ids went through the scope and every filter: their rows are read
        # by primary key alone, with the list's related rows and columns.
        rows = listed.model._base_manager.filter(pk__in=ids)
        rows.query.select_related = listed.query.select_related
        rows.query.deferred_loading = listed.query.deferred_loading
        rows = rows.prefetch_related(*listed._prefetch_related_lookups)
        by_pk = {row.pk: row for row in rows}
        return self._get_page([by_pk[pk] for pk in ids if pk in by_pk], number, self)
