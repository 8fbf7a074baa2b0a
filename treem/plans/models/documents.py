from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind, LinkKind


class GuidingDocument(models.Model):
    """A directive, resolution, plan, guidance… that plans implement. Party
    and state documents are public: readable by everyone who sees plans."""

    # A stable key for loaders; documents entered in the UI may leave it empty.
    code = models.SlugField(_("code"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number_symbol = models.CharField(_("number and symbol"), max_length=100, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=250)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    # Some documents give only the year (the plan is dated "… tháng … năm 2024").
    issued_year = models.PositiveSmallIntegerField(_("year issued"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    # Under MEDIA_ROOT, served only by the login-required download view.
    file = models.FileField(_("file"), upload_to="plans/documents/", blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    AUDIT_FIELDS = (
        "code",
        "kind",
        "number_symbol",
        "issuing_body",
        "issued_on",
        "issued_year",
        "title",
        "summary",
        "source",
    )

    class Meta:
        verbose_name = _("guiding document")
        verbose_name_plural = _("guiding documents")
        ordering = ["-issued_on", "-issued_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="plans_document_unique_code"
            ),
        ]

    def __str__(self):
        label = f"{self.get_kind_display()} {self.number_symbol}".strip()
        return f"{label} – {self.title}" if self.number_symbol else self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:document-detail", args=[self.pk])

    @property
    def year(self):
        return self.issued_on.year if self.issued_on else self.issued_year


class DocumentLink(models.Model):
    source = models.ForeignKey(
        GuidingDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="links_out",
    )
    kind = models.CharField(_("relation"), max_length=20, choices=LinkKind.choices)
    target = models.ForeignKey(
        GuidingDocument,
        verbose_name=_("linked document"),
        on_delete=models.CASCADE,
        related_name="links_in",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    AUDIT_FIELDS = ("source", "kind", "target")

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="plans_document_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="plans_document_link_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"
