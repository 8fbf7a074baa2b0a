from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children")
    PARENTS = "parents", _("Parents and caregivers")
    OFFICIALS = "officials", _("Officials and collaborators")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class AgeBand(models.TextChoices):
    # Children are under 16 (Law on Children 2016, Art. 1); adults are one band.
    UNDER_6 = "0-5", _("0–5 years")
    FROM_6 = "6-10", _("6–10 years")
    FROM_11 = "11-15", _("11–15 years")
    ADULT = "adult", _("Adults")


CHILD_BANDS = (AgeBand.UNDER_6, AgeBand.FROM_6, AgeBand.FROM_11)


class ForumLevel(models.TextChoices):
    WARD = "ward", _("Ward")
    PROVINCE = "province", _("Province")


class ChildGroup(models.TextChoices):
    PUPILS = "pupils", _("Pupils")
    CLUBS = "clubs", _("Members of children's clubs and teams")
    SPECIAL = "special", _("Children in special circumstances")
    OTHER = "other", _("Other children")


class RecommendationStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    ASSIGNED = "assigned", _("Sent to the body that must answer")
    ANSWERED = "answered", _("Answered")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


class FileKind(models.TextChoices):
    MATERIAL = "material", _("Material")
    PHOTO = "photo", _("Photo")
