"""Editable data of the procedure: code lists and the time limits of the steps
whose limit the law does not fix (each with its source)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CaseStatus, CodeKind, CountedFrom, LimitUnit


class CaseCodeQuerySet(models.QuerySet):
    def of(self, kind):
        return self.filter(kind=kind, active=True)


class CaseCode(models.Model):
    """Kinds of harm and types of service; an administrator may add, rename or
    retire them. A service type names the registry's support type it counts as."""

    kind = models.CharField(_("list"), max_length=16, choices=CodeKind.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    support_type = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("counts in the registry as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "support_type"},
    )
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = CaseCodeQuerySet.as_manager()

    AUDIT_FIELDS = ("kind", "code", "name", "name_en", "support_type", "active", "order", "source")

    class Meta:
        verbose_name = _("case code")
        verbose_name_plural = _("case codes")
        ordering = ["kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="cases_code_unique"),
        ]

    def __str__(self):
        return self.name


class StepLimit(models.Model):
    """The time limit of one step. The 12-hour emergency rule (Art. 26) and the
    5-working-day plan rule (Art. 28) are fixed by the decree and are not here."""

    step = models.CharField(_("step"), max_length=32, choices=CaseStatus.choices, unique=True)
    amount = models.PositiveIntegerField(_("limit"))
    unit = models.CharField(_("unit"), max_length=16, choices=LimitUnit.choices)
    counted_from = models.CharField(_("counted from"), max_length=16, choices=CountedFrom.choices)
    source = models.CharField(_("source"), max_length=300)
    # No legal text fixes this limit: the ward's own practice.
    local_practice = models.BooleanField(_("local practice"), default=False)

    AUDIT_FIELDS = ("step", "amount", "unit", "counted_from", "source", "local_practice")

    class Meta:
        verbose_name = _("step time limit")
        verbose_name_plural = _("step time limits")
        ordering = ["step"]

    def __str__(self):
        return f"{self.get_step_display()}: {self.amount} {self.get_unit_display()}"
