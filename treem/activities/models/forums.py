"""Children's forums and the recommendations children raise at them (Law on
Children 2016, Art. 77(2)(c)-(d): recommendations go to the competent body,
their handling is followed up and the answer is reported back to children)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AgeBand, ChildGroup, ForumLevel, RecommendationStatus, Sex


class ForumQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import forum_filter

        return self.filter(forum_filter(user))


class Forum(models.Model):
    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(_("level"), max_length=16, choices=ForumLevel.choices)
    # The ward, or the province, that holds the forum.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ForumQuerySet.as_manager()

    AUDIT_FIELDS = ("title", "level", "unit", "held_on", "place", "organiser", "summary")

    class Meta:
        verbose_name = _("children's forum")
        verbose_name_plural = _("children's forums")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("activities:forum-detail", args=[self.pk])


class ForumParticipants(models.Model):
    """How many children took part, by group, sex and age band."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(_("group"), max_length=16, choices=ChildGroup.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("forum participants")
        verbose_name_plural = _("forum participants")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "group", "sex", "age_band"], name="activities_forum_part_unique"
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.sex} {self.age_band}: {self.count}"


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import recommendation_filter

        return self.filter(recommendation_filter(user))


class Recommendation(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.RAISED,
    )
    addressee = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("body that must answer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_recommendations",
    )
    # Set when the recommendation is sent to the body; no legal time limit was
    # found, so it is the sender's decision, stored per recommendation.
    deadline = models.DateField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Stored by the answer service: answered on or before the deadline.
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up = models.TextField(_("what changed"), blank=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    AUDIT_FIELDS = (
        "forum",
        "text",
        "status",
        "addressee",
        "deadline",
        "answer",
        "answered_on",
        "answered_on_time",
        "follow_up",
        "followed_up_on",
        "closed_on",
    )

    class Meta:
        verbose_name = _("children's recommendation")
        verbose_name_plural = _("children's recommendations")
        ordering = ["forum", "pk"]
        indexes = [
            models.Index(fields=["addressee", "status"], name="activities_rec_addressee_idx")
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("activities:recommendation-detail", args=[self.pk])

    @property
    def unit_id(self):
        return self.forum.unit_id

    def is_overdue(self, on):
        return (
            self.status == RecommendationStatus.ASSIGNED
            and self.deadline is not None
            and self.deadline < on
        )
