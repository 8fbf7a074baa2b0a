"""Activities that carry out plan tasks: campaigns, the Month of Action,
media items, trainings, meetings, competitions, visits, movement events."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import AgeBand, Audience, FileKind, Sex


class ActivityKind(models.Model):
    """Reference data: the kinds an administrator may extend or retire."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    AUDIT_FIELDS = ("code", "name", "order", "active")

    class Meta:
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import activity_filter

        return self.filter(activity_filter(user))


class Activity(models.Model):
    kind = models.ForeignKey(
        ActivityKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organising agency"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    # The organising agency's area when recorded: what scoping reads.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    tasks = models.ManyToManyField(
        "plans.Task", verbose_name=_("plan tasks served"), related_name="activities"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("content and results"), blank=True)
    # Whole đồng: the budgets are kept in đồng without decimals.
    cost = models.PositiveBigIntegerField(_("cost (VND)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    AUDIT_FIELDS = (
        "kind",
        "title",
        "agency",
        "unit",
        "starts_on",
        "ends_on",
        "place",
        "description",
        "cost",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="activities_activity_dates"
            ),
        ]
        indexes = [models.Index(fields=["agency", "starts_on"], name="activities_agency_day_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("activities:detail", args=[self.pk])

    def totals(self):
        """{audience: count} from the prefetched audience rows."""
        out = dict.fromkeys(Audience.values, 0)
        for row in self.audience.all():
            out[row.audience] += row.count
        return out


class AudienceCount(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="audience")
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("audience count")
        verbose_name_plural = _("audience counts")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "audience", "sex", "age_band"],
                name="activities_audience_unique",
            ),
        ]

    def __str__(self):
        return f"{self.audience} {self.sex} {self.age_band}: {self.count}"


def activity_file_path(instance, filename):
    # The stored name is not the uploaded one: no user text in the path.
    import uuid

    return f"activities/{instance.activity_id}/{uuid.uuid4().hex}"


class ActivityFile(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=16, choices=FileKind.choices)
    file = models.FileField(upload_to=activity_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    # Detected from the content by the cases' upload rules.
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("activity", "kind", "original_name", "content_type", "size")

    class Meta:
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def unit_id(self):
        return self.activity.unit_id
