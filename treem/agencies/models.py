"""Bodies that act in the plan and in cases. Like units they are dated: the
2025 reorganisation abolished the city-level offices named in the plan, and
each is mapped to the bodies that took over its duties."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.core.models import Dated, DatedQuerySet, valid_range_constraint


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PARTY_BOARD = "party_board", _("Party committee board or office")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    GOVERNMENT_OFFICE = "government_office", _("Government department or office")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health facility")
    SCHOOL = "school", _("School or kindergarten")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    WOMENS_UNION = "womens_union", _("Women's Union")
    YOUTH_UNION = "youth_union", _("Youth Union")
    MASS_ORGANISATION = "mass_organisation", _("Other mass organisation")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    OTHER = "other", _("Other")


class Agency(Dated):
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="agencies"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )

    objects = DatedQuerySet.as_manager()

    AUDIT_FIELDS = (
        "name",
        "short_name",
        "kind",
        "unit",
        "valid_from",
        "valid_to",
        "email",
        "phone",
        "source",
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "unit"], name="agencies_unique_name_in_unit"),
            valid_range_constraint("agencies_valid_range"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("agencies:detail", args=[self.pk])
