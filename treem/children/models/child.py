"""The child record: identity, residence, household links and facets."""

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.accounts.scope import ScopedQuerySet, scope_wards

from ..fields import SearchKeysField

# A child is a person under 16 (Law on Children, Art. 1).
CHILD_AGE_LIMIT = 16


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class IdStatus(models.TextChoices):
    OK = "ok", _("Valid")
    MISSING = "missing", _("Missing")
    INVALID = "invalid", _("Invalid")


class DobPrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month and year only")
    YEAR = "year", _("Year only")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    MOVED_OUT = "moved_out", _("Moved out of the province")
    DECEASED = "deceased", _("Deceased")
    MERGED = "merged", _("Merged duplicate")


class BirthRegistration(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered")
    UNKNOWN = "unknown", _("Unknown")


class SchoolLevel(models.TextChoices):
    NONE = "", _("Not at school")
    NURSERY = "nursery", _("Nursery (3–36 months)")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower-secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper-secondary school")
    OTHER = "other", _("Other education")


class Nutrition(models.TextChoices):
    UNKNOWN = "", _("Not measured")
    NORMAL = "normal", _("Normal")
    UNDERWEIGHT = "underweight", _("Underweight")
    STUNTING = "stunting", _("Stunting")
    WASTING = "wasting", _("Wasting")
    OVERWEIGHT = "overweight", _("Overweight")


def sixteenth_birthday_cutoff(on=None):
    """Children born after this date are under 16 on `on`."""
    on = on or timezone.localdate()
    try:
        return on.replace(year=on.year - CHILD_AGE_LIMIT)
    except ValueError:  # 29 February
        return on.replace(year=on.year - CHILD_AGE_LIMIT, day=28)


def _holding_children(user, wards):
    """The wards of `wards` that hold a child, once per request (user object).
    A scope covers a ward's former wards too (the 2025 reorganisation), whose
    children, if any, were recorded before it; where only the ward in force
    holds children the filter is one ward, an index range in list order."""
    cache = getattr(user, "_treem_child_wards", None)
    if cache is None:
        cache = user._treem_child_wards = {}
    if wards not in cache:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT w FROM unnest(%s::integer[]) AS w WHERE EXISTS "
                    "(SELECT 1 FROM children_child WHERE ward_id = w)",
                    [sorted(wards)],
                )
                cache[wards] = frozenset(row[0] for row in cursor.fetchall())
        else:
            cache[wards] = wards
    return cache[wards]


class ChildQuerySet(ScopedQuerySet, models.QuerySet):
    def visible_to(self, user, perm=None):
        """The scope by unit, plus the wards that hold those units: the same
        rows (the services keep `ward` the ward of `unit`), but a filter that
        children_ward_walk_idx serves, where 40 residential groups are not
        one index range."""
        queryset = super().visible_to(user, perm)
        wards = scope_wards(user, perm or self.default_perm)
        if not wards:
            return queryset
        if len(wards) > 1:
            wards = _holding_children(user, wards)
        return queryset.filter(ward_id__in=wards)

    def under_16(self, on=None):
        return self.filter(date_of_birth__gt=sixteenth_birthday_cutoff(on))

    def working(self, on=None):
        """The working lists: active children under 16."""
        return self.under_16(on).filter(status=Status.ACTIVE)


class Child(models.Model):
    # Identity
    personal_id = models.CharField(_("personal ID number"), max_length=12, null=True, blank=True)
    personal_id_missing_reason = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("reason the ID is missing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "id_missing_reason"},
        db_index=False,
    )
    # Kept by the services: whether the ID passes the checks of idnumber.py, so
    # that lists and the data-quality panel can filter without re-checking.
    id_status = models.CharField(
        _("ID status"),
        max_length=8,
        choices=IdStatus.choices,
        default=IdStatus.MISSING,
        editable=False,
    )
    family_name = models.CharField(_("family name"), max_length=50)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=50)
    # Derived by the services from the name parts: folded for accent-insensitive
    # search and matching, and a key that sorts by given name as Vietnamese lists do.
    name_folded = models.CharField(max_length=200, editable=False)
    name_sort = models.CharField(max_length=400, editable=False)
    # keys.search_keys of the child's and its caregivers' names, for the
    # accent-insensitive search (queries.search).
    search_keys = SearchKeysField(editable=False, blank=True, default="")
    date_of_birth = models.DateField(_("date of birth"))
    dob_precision = models.CharField(
        _("date of birth known to"),
        max_length=8,
        choices=DobPrecision.choices,
        default=DobPrecision.DAY,
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    ethnicity = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("ethnicity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "ethnicity"},
        db_index=False,
    )
    nationality = models.CharField(_("nationality"), max_length=60, default="Việt Nam")
    birth_registration = models.CharField(
        _("birth registration"),
        max_length=16,
        choices=BirthRegistration.choices,
        default=BirthRegistration.UNKNOWN,
    )
    birth_registration_place = models.CharField(
        _("place of birth registration"), max_length=200, blank=True
    )

    # Residence: `unit` is the most precise unit known (residential group, else
    # ward) and carries the scope; `ward` is kept beside it for fast filters.
    unit = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("residential group or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    ward = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("ward"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    address_line = models.CharField(_("address"), max_length=250, blank=True)
    resident_since = models.DateField(_("living here since"), null=True, blank=True)

    # Education facet
    school_level = models.CharField(
        _("school level"), max_length=20, blank=True, choices=SchoolLevel.choices
    )
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    grade = models.CharField(_("grade / class"), max_length=20, blank=True)
    enrolled = models.BooleanField(_("enrolled"), null=True, blank=True)
    dropped_out_on = models.DateField(_("dropped out on"), null=True, blank=True)
    dropout_reason = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("reason for dropping out"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "dropout_reason"},
        db_index=False,
    )

    # Health facet (sensitive)
    health_insurance_card = models.CharField(_("health insurance card"), max_length=20, blank=True)
    disability_type = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("disability"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "disability_type"},
        db_index=False,
    )
    disability_level = models.CharField(
        _("disability level"),
        max_length=20,
        blank=True,
        choices=[("mild", _("Mild")), ("severe", _("Severe")), ("very_severe", _("Very severe"))],
    )
    fully_vaccinated = models.BooleanField(_("fully vaccinated for age"), null=True, blank=True)
    vaccination_recorded_on = models.DateField(_("vaccination recorded on"), null=True, blank=True)
    nutrition_status = models.CharField(
        _("nutrition status"), max_length=16, blank=True, choices=Nutrition.choices
    )
    nutrition_measured_on = models.DateField(_("nutrition measured on"), null=True, blank=True)

    # Status
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        db_index=False,
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    objects = ChildQuerySet.as_manager()

    SCOPE_FIELD = "unit"
    AUDIT_FIELDS = (
        "personal_id",
        "personal_id_missing_reason",
        "family_name",
        "middle_name",
        "given_name",
        "date_of_birth",
        "dob_precision",
        "sex",
        "ethnicity",
        "nationality",
        "birth_registration",
        "birth_registration_place",
        "unit",
        "ward",
        "address_line",
        "resident_since",
        "school_level",
        "school_name",
        "grade",
        "enrolled",
        "dropped_out_on",
        "dropout_reason",
        "health_insurance_card",
        "disability_type",
        "disability_level",
        "fully_vaccinated",
        "vaccination_recorded_on",
        "nutrition_status",
        "nutrition_measured_on",
        "status",
        "status_changed_on",
        "merged_into",
    )
    # Restricted to roles holding VIEW_SENSITIVE; every read is audited.
    SENSITIVE_FIELDS = (
        "ethnicity",
        "health_insurance_card",
        "disability_type",
        "disability_level",
        "fully_vaccinated",
        "vaccination_recorded_on",
        "nutrition_status",
        "nutrition_measured_on",
    )

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["name_sort", "date_of_birth", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=Q(personal_id__isnull=False),
                name="children_child_unique_personal_id",
            ),
            models.CheckConstraint(
                condition=Q(personal_id__isnull=True) | Q(personal_id__regex=r"^[0-9]{12}$"),
                name="children_child_personal_id_digits",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="children_child_merged_has_target",
            ),
        ]
        # Every index is paid for by every import (bench/README.md): foreign keys
        # have none of their own where a composite index starts with them (unit,
        # ward) or where only the rare deletion of a code or user would read it.
        indexes = [
            # A ward's list in list order, carrying what its filters and the
            # search read, so that a ward's page is read from the index alone.
            models.Index(
                fields=["ward", "status", "name_sort", "date_of_birth", "id"],
                include=["unit", "search_keys"],
                name="children_ward_walk_idx",
            ),
            # A ward's children by date of birth: age bands (read from the
            # index alone, with what the list sorts and scopes on), and the
            # duplicate check (same ward, same date of birth). The walk index
            # above would read the whole ward: it carries the search keys.
            models.Index(
                fields=["ward", "date_of_birth"],
                include=["status", "unit", "name_sort", "id"],
                name="children_ward_dob_idx",
            ),
            models.Index(fields=["unit", "status"], name="children_unit_status_idx"),
            models.Index(fields=["ward", "id_status"], name="children_ward_id_status_idx"),
            # Duplicate checks look names up by equality; "all records" sort by name.
            models.Index(fields=["name_folded"], name="children_name_folded_idx"),
            models.Index(fields=["name_sort"], name="children_name_sort_idx"),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="children_merged_into_idx",
            ),
            # The indicators' incremental refresh finds the children changed since its last run.
            models.Index(fields=["updated_at"], name="children_updated_idx"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("children:detail", args=[self.pk])

    @property
    def full_name(self):
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)

    def age_on(self, on=None):
        on = on or timezone.localdate()
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def age(self):
        return self.age_on()

    @property
    def aged_out(self):
        return self.date_of_birth <= sixteenth_birthday_cutoff()

    @property
    def in_working_list(self):
        return self.status == Status.ACTIVE and not self.aged_out

    @property
    def dob_display(self):
        d = self.date_of_birth
        if self.dob_precision == DobPrecision.YEAR:
            return f"{d.year}"
        if self.dob_precision == DobPrecision.MONTH:
            return f"{d.month:02d}/{d.year}"
        return d.strftime("%d/%m/%Y")


class CaregiverQuerySet(ScopedQuerySet, models.QuerySet):
    pass


class Caregiver(models.Model):
    """A parent, guardian or other caregiver; shared by siblings."""

    family_name = models.CharField(_("family name"), max_length=50, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=50)
    name_folded = models.CharField(max_length=200, editable=False)
    personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    # The caregiver's own unit keeps them in scope, like the children.
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")

    objects = CaregiverQuerySet.as_manager()

    AUDIT_FIELDS = (
        "family_name",
        "middle_name",
        "given_name",
        "personal_id",
        "phone",
        "sex",
        "year_of_birth",
        "unit",
    )

    class Meta:
        verbose_name = _("caregiver")
        verbose_name_plural = _("caregivers")
        # Looked up by equality only (services.registry._find_caregiver): plain
        # B-trees, without the varchar_pattern_ops twins db_index adds.
        indexes = [
            models.Index(fields=["name_folded"], name="children_carer_name_idx"),
            models.Index(fields=["personal_id"], name="children_carer_pid_idx"),
            models.Index(fields=["phone"], name="children_carer_phone_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)


class ChildCaregiver(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="caregiver_links")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="child_links")
    relation = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("relation"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "relation"},
    )
    lives_with = models.BooleanField(_("the child lives with them"), default=True)
    legal_representative = models.BooleanField(_("legal representative"), default=False)

    AUDIT_FIELDS = ("child", "caregiver", "relation", "lives_with", "legal_representative")

    class Meta:
        verbose_name = _("caregiver of a child")
        verbose_name_plural = _("caregivers of children")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "caregiver"], name="children_child_caregiver_unique"
            ),
        ]

    def __str__(self):
        return f"{self.caregiver} ({self.relation})"

    @property
    def unit_id(self):
        return self.child.unit_id


class Residence(models.Model):
    """History of moves between units."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="residences")
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    address_line = models.CharField(_("address"), max_length=250, blank=True)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("child", "unit", "address_line", "moved_in_on", "moved_out_on")

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        ordering = ["-moved_in_on", "-id"]

    def __str__(self):
        return f"{self.unit} {self.moved_in_on or ''}"
