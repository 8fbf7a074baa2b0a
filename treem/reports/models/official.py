"""Official periodic reports a ward or the province sends upward, generated
in the background as .docx, .xlsx annex and PDF."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet


class ReportKind(models.TextChoices):
    ANNUAL_CHILDREN = "annual_children", _("Annual report on children")
    DIRECTIVE_28 = "directive_28", _("Report on implementing Directive 28")


class OfficialReportQuerySet(ScopedQuerySet, models.QuerySet):
    default_perm = Perm.GENERATE_REPORTS


class OfficialReport(models.Model):
    kind = models.CharField(_("report"), max_length=32, choices=ReportKind.choices)
    unit = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Header and closing block of the document (Decree 30/2020).
    issuer = models.CharField(_("issuing body"), max_length=200)
    parent_body = models.CharField(_("body above the issuer"), max_length=200, blank=True)
    number_symbol = models.CharField(_("number and symbol"), max_length=100)
    place = models.CharField(_("place"), max_length=100, default="Nghệ An")
    issued_on = models.DateField(_("date"), null=True, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    signer_capacity = models.CharField(_("signing capacity"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    # Narrative the generator cannot know: difficulties, proposals.
    difficulties = models.TextField(_("difficulties and shortcomings"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Files under MEDIA_ROOT, served only through the scoped download view.
    docx_file = models.CharField(max_length=300, blank=True)
    xlsx_file = models.CharField(max_length=300, blank=True)
    pdf_file = models.CharField(max_length=300, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    objects = OfficialReportQuerySet.as_manager()

    SCOPE_FIELD = "unit"
    AUDIT_FIELDS = (
        "kind",
        "unit",
        "year",
        "issuer",
        "number_symbol",
        "place",
        "issued_on",
        "recipients",
        "signer_name",
        "docx_file",
        "xlsx_file",
        "pdf_file",
    )

    class Meta:
        verbose_name = _("official report")
        verbose_name_plural = _("official reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} · {self.unit}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reports:report-detail", args=[self.pk])

    def file_for(self, fmt):
        return {"docx": self.docx_file, "xlsx": self.xlsx_file, "pdf": self.pdf_file}.get(fmt, "")
