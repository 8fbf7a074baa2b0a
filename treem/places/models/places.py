"""Places for children and care facilities: one register, two kinds (the type
says which), each place inside a ward and, where known, a residential group."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet

from ..access import VIEW
from .codes import Register


class SafetyStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not inspected yet")
    SAFE = "safe", _("Safe")
    ATTENTION = "attention", _("Needs attention")
    UNSAFE = "unsafe", _("Unsafe: closed to children")


class PlaceQuerySet(ScopedQuerySet, models.QuerySet):
    # Places are no one's personal data: whoever reads the ward's figures reads them.
    default_perm = VIEW

    def venues(self):
        return self.filter(register=Register.VENUE)

    def facilities(self):
        return self.filter(register=Register.FACILITY)

    def open_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(
            models.Q(opened_on__isnull=True) | models.Q(opened_on__lte=day),
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=day),
        )


class Place(models.Model):
    register = models.CharField(_("register"), max_length=16, choices=Register.choices)
    type = models.ForeignKey(
        "places.PlaceType", verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    owner = models.CharField(_("owner or operator"), max_length=200, blank=True)
    # `unit` (residential group, else the ward) carries the scope; `ward` beside it.
    unit = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("residential group or ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ward = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("ward"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity (children)"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    safety_status = models.CharField(
        _("safety status"),
        max_length=16,
        choices=SafetyStatus.choices,
        default=SafetyStatus.UNKNOWN,
    )
    # Care facilities and charity programmes: their licence (III.3 of the plan).
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    licence_issuer = models.CharField(_("licence issued by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlaceQuerySet.as_manager()

    AUDIT_FIELDS = (
        "register",
        "type",
        "name",
        "owner",
        "unit",
        "ward",
        "address",
        "latitude",
        "longitude",
        "capacity",
        "age_min",
        "age_max",
        "opened_on",
        "closed_on",
        "safety_status",
        "licence_number",
        "licence_date",
        "licence_issuer",
        "notes",
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["ward_id", "name"]
        indexes = [models.Index(fields=["ward", "register"], name="places_ward_register_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="places_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_max__gte=models.F("age_min")),
                name="places_age_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("places:detail", args=[self.pk])

    @property
    def is_facility(self):
        return self.register == Register.FACILITY

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or self.closed_on > day
        )


class FacilityChildQuerySet(ScopedQuerySet, models.QuerySet):
    # The children in a facility's care are personal data.
    default_perm = Perm.VIEW_PERSONAL


class FacilityChild(models.Model):
    """A child of the registry in a facility's care, from one date to another."""

    facility = models.ForeignKey(
        Place, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="children"
    )
    child = models.ForeignKey(
        "children.Child", verbose_name=_("child"), on_delete=models.PROTECT, related_name="+"
    )
    # The facility's unit: the scope of the link.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("in care since"))
    until = models.DateField(_("in care until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = FacilityChildQuerySet.as_manager()

    AUDIT_FIELDS = ("facility", "child", "unit", "since", "until", "note")

    class Meta:
        verbose_name = _("child in care")
        verbose_name_plural = _("children in care")
        ordering = ["-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "child"],
                condition=models.Q(until__isnull=True),
                name="places_one_open_stay",
            )
        ]

    def __str__(self):
        return f"{self.child_id} @ {self.facility_id}"
