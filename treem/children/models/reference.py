"""Code lists the law or local practice may change: editable data with their
source, never constants in code."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CodeKind(models.TextChoices):
    CIRCUMSTANCE_GROUP = "circumstance_group", _("Special-circumstance group (Art. 10)")
    CIRCUMSTANCE_SUBGROUP = "circumstance_subgroup", _("Special-circumstance sub-group")
    RISK_CATEGORY = "risk_category", _("Risk category")
    ETHNICITY = "ethnicity", _("Ethnicity")
    RELATION = "relation", _("Relation to the child")
    ID_MISSING_REASON = "id_missing_reason", _("Reason a personal ID is missing")
    DROPOUT_REASON = "dropout_reason", _("Reason for dropping out")
    DISABILITY_TYPE = "disability_type", _("Type of disability")
    SUPPORT_TYPE = "support_type", _("Type of support")
    PROVINCE = "province", _("Province code of birth registration")
    # Decree 137/2015/NĐ-CP Art. 13: a birth registered abroad carries the code
    # of the country in place of the province code.
    BIRTH_COUNTRY = "birth_country", _("Country code of a birth registered abroad")


class ReferenceCodeQuerySet(models.QuerySet):
    def of(self, kind):
        return self.filter(kind=kind, active=True)


class ReferenceCode(models.Model):
    kind = models.CharField(_("list"), max_length=32, choices=CodeKind.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # A sensitive code (HIV, drug use, abuse…) hides the records that carry it
    # from roles without the sensitive-data permission.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # What the bundled list said when it was last loaded: a field whose value
    # still equals it was not changed by an administrator, so a newer bundled
    # value may replace it (load_reference_codes). Empty: never loaded.
    loaded_values = models.JSONField(
        _("values last loaded"), default=dict, blank=True, editable=False
    )

    objects = ReferenceCodeQuerySet.as_manager()

    AUDIT_FIELDS = (
        "kind",
        "code",
        "name",
        "name_en",
        "parent",
        "sensitive",
        "active",
        "order",
        "source",
    )

    class Meta:
        verbose_name = _("reference code")
        verbose_name_plural = _("reference codes")
        ordering = ["kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="children_code_unique"),
            models.CheckConstraint(
                condition=~Q(kind="circumstance_subgroup") | Q(parent__isnull=False),
                name="children_subgroup_has_group",
            ),
        ]

    def __str__(self):
        return self.name
