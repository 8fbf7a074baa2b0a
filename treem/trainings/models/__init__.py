"""Training of officers and collaborators (Directive 28 plan): topics, what
each role needs, courses, their participants and certificates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Role


class Basis(models.TextChoices):
    LAW = "law", _("Required by a legal text")
    LOCAL = "local", _("Local practice")


class Topic(models.Model):
    """Reference data an administrator edits: what a course teaches."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    AUDIT_FIELDS = ("code", "name", "order", "active")

    class Meta:
        verbose_name = _("training topic")
        verbose_name_plural = _("training topics")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Requirement(models.Model):
    """A topic a role needs. Which training a role needs is not settled by
    one text, so each rule carries its basis and source and an
    administrator can change it."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="requirements"
    )
    basis = models.CharField(_("basis"), max_length=8, choices=Basis.choices, default=Basis.LOCAL)
    source = models.CharField(_("source"), max_length=300, blank=True)
    active = models.BooleanField(_("in force"), default=True)

    AUDIT_FIELDS = ("role", "topic", "basis", "source", "active")

    class Meta:
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        ordering = ["role", "topic__order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "topic"], name="trainings_requirement_unique"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.topic}"


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import course_filter

        return self.filter(course_filter(user))

    def with_counts(self):
        return self.annotate(
            n_participants=models.Count("participants", distinct=True),
            n_completed=models.Count(
                "participants",
                filter=Q(participants__attended=True, participants__passed=True),
                distinct=True,
            ),
        )


class Course(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    provider_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("provider (agency)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    # A provider outside the agencies register (a university, an NGO).
    provider_name = models.CharField(_("provider (other)"), max_length=300, blank=True)
    # The ward (or the province) whose course it is: what scoping reads.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("ward"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    tasks = models.ManyToManyField(
        "plans.Task", verbose_name=_("plan tasks served"), related_name="courses", blank=True
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("recorded as activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CourseQuerySet.as_manager()

    AUDIT_FIELDS = (
        "topic",
        "title",
        "hours",
        "provider_agency",
        "provider_name",
        "unit",
        "starts_on",
        "ends_on",
        "place",
        "activity",
        "notes",
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="trainings_course_dates"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="trainings_course_hours"),
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], name="trainings_unit_day_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("trainings:detail", args=[self.pk])

    @property
    def provider(self):
        return self.provider_agency.name if self.provider_agency_id else self.provider_name


def certificate_path(instance, filename):
    # The stored name is not the uploaded one: no user text in the path.
    import uuid

    return f"trainings/{instance.course_id}/{uuid.uuid4().hex}"


class Participant(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    attended = models.BooleanField(_("attended"), default=True)
    passed = models.BooleanField(_("passed"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    certificate_issuer = models.CharField(_("issued by"), max_length=300, blank=True)
    certificate_file = models.FileField(upload_to=certificate_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Detected from the content by the cases' upload rules.
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)

    AUDIT_FIELDS = (
        "course",
        "user",
        "attended",
        "passed",
        "certificate_number",
        "certificate_date",
        "certificate_issuer",
        "file_name",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["course", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="trainings_participant_unique"),
            # A certificate is given to someone who took part and passed.
            models.CheckConstraint(
                condition=Q(certificate_number="") | Q(attended=True, passed=True),
                name="trainings_certificate_needs_pass",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"

    @property
    def unit_id(self):
        return self.course.unit_id

    @property
    def completed(self):
        return self.attended and self.passed
