"""A criteria set: one dated, sourced list of criteria that assessments are
scored against — QĐ 06/QĐ-TTg for wards, and the sets for safe, child-friendly
families and schools. Criteria, items and thresholds belong to one set; an
assessment names its set and the subject it assesses (a ward, a school, a
household)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.core.models import valid_range_constraint


class SetKind(models.TextChoices):
    WARD = "ward", _("Ward or commune")
    FAMILY = "family", _("Family")
    SCHOOL = "school", _("School")


class CriteriaSet(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("what it assesses"), max_length=16, choices=SetKind.choices)
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    verified = models.BooleanField(_("verified against the legal text"), default=False)
    # No guidance document was found for the set: it is the wards' own practice.
    local_practice = models.BooleanField(_("local practice"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    AUDIT_FIELDS = (
        "code",
        "name",
        "kind",
        "valid_from",
        "valid_to",
        "source",
        "legal_basis",
        "verified",
        "local_practice",
        "order",
    )

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["order", "code"]
        constraints = [valid_range_constraint("reports_criteria_set_valid_range")]

    def __str__(self):
        return self.name

    def in_force(self, year):
        """Whether the set applies to an assessment of `year`."""
        if self.valid_from and self.valid_from.year > year:
            return False
        return not (self.valid_to and self.valid_to.year < year)
