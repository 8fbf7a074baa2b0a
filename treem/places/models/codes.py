"""The code lists of the register, kept as data an administrator may amend
(data/place-types.csv and data/safety-checklist.csv, each row with its source)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Register(models.TextChoices):
    # Section II.2 of the plan: places where children play, learn and do sport.
    VENUE = "venue", _("Places for children")
    # Section III.3: care facilities, independent nurseries, charity programmes.
    FACILITY = "facility", _("Care facilities and charity activities")


class PlaceTypeQuerySet(models.QuerySet):
    def of(self, register):
        return self.filter(register=register, active=True)


class PlaceType(models.Model):
    register = models.CharField(_("register"), max_length=16, choices=Register.choices)
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # VH01 and VH02 count the places whose type is a play space (indicators.yaml).
    play_space = models.BooleanField(_("counts as a play space for children"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = PlaceTypeQuerySet.as_manager()

    AUDIT_FIELDS = ("register", "code", "name", "play_space", "active", "order", "source")

    class Meta:
        verbose_name = _("type of place")
        verbose_name_plural = _("types of place")
        ordering = ["register", "order", "code"]

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    """One question of the safety inspection. `verified` is False where no
    legal text could be read: the item is then the ward's local practice."""

    register = models.CharField(
        _("register"),
        max_length=16,
        choices=Register.choices,
        blank=True,
        help_text=_("Empty: both registers."),
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    text = models.CharField(_("question"), max_length=300)
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(_("source verified"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    AUDIT_FIELDS = ("register", "code", "text", "source", "verified", "active", "order")

    class Meta:
        verbose_name = _("safety checklist item")
        verbose_name_plural = _("safety checklist items")
        ordering = ["order", "code"]

    def __str__(self):
        return self.text
