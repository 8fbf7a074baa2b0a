"""Administrative units, dated: units are created, merged and abolished.

Nothing is deleted when a reorganisation happens: the old unit gets a
`valid_to` and successions to the units that replaced it, so that data
recorded under it stays countable under its successor.
"""

import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from treem.core.models import Dated, DatedQuerySet, valid_range_constraint


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City (district level)")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    RESIDENTIAL_GROUP = "residential_group", _("Residential group")


# Levels at which an officer works and data is counted.
GRASSROOTS_LEVELS = (Level.WARD, Level.COMMUNE)


_DIGITS = re.compile(r"\d+")


def natural_key(name):
    """A key that sorts names as people count: "Khối 2" before "Khối 10".
    Accents are folded ("Đông" files under "d") so the key orders alike on
    every database collation; numbers are zero-padded to ten digits."""
    folded = unicodedata.normalize("NFD", (name or "").replace("Đ", "D").replace("đ", "d"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _DIGITS.sub(lambda m: m.group().lstrip("0").zfill(10), folded)[:255]


class AdminUnitQuerySet(DatedQuerySet):
    def grassroots(self):
        return self.filter(level__in=GRASSROOTS_LEVELS)


class AdminUnit(Dated):
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Denormalised so that a province-wide scope is one join, not a list of
    # thousands of unit ids.
    province = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Official codes (mã ĐVHC) of the 2025 units are not known yet.
    code = models.CharField(_("official code"), max_length=20, null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Derived from the name in save(): every list of units (residential
    # groups above all) sorts by it through Meta.ordering.
    sort_name = models.CharField(max_length=255, blank=True, default="", editable=False)

    objects = AdminUnitQuerySet.as_manager()

    AUDIT_FIELDS = ("name", "level", "parent", "code", "valid_from", "valid_to", "source")

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["sort_name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "level", "parent"], name="areas_unit_unique_name_in_parent"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(code__isnull=False), name="areas_unit_unique_code"
            ),
            valid_range_constraint("areas_unit_valid_range"),
            models.CheckConstraint(
                condition=Q(level="province") | Q(parent__isnull=False),
                name="areas_unit_parent_required_below_province",
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_to"], name="areas_unit_level_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = natural_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("areas:detail", args=[self.pk])

    @property
    def unit_id(self):
        # Lets the generic scope filter treat a unit as an object with a unit.
        return self.pk


class UnitSuccession(models.Model):
    """The predecessor was replaced (wholly or in part) by the successor."""

    predecessor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="successions_in"
    )
    effective_on = models.DateField(_("effective on"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    AUDIT_FIELDS = ("predecessor", "successor", "effective_on", "source")

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="areas_succession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="areas_succession_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
