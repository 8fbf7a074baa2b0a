from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    RUNNING = "running", pgettext_lazy("model status", "Running")
    PAUSED = "paused", pgettext_lazy("model status", "Paused")
    ENDED = "ended", pgettext_lazy("model status", "Ended")


class Rating(models.TextChoices):
    # The four grades ward emulation reviews use; which one is a judgement.
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Not achieved")


class CommendationForm(models.TextChoices):
    # Forms of the Law on Emulation and Commendation 2022 (Luật Thi đua, khen
    # thưởng 06/2022/QH15) a ward or province model usually receives.
    CERTIFICATE_OF_MERIT = "bang_khen", _("Certificate of merit (bằng khen)")
    CERTIFICATE = "giay_khen", _("Certificate of commendation (giấy khen)")
    EMULATION_FLAG = "co_thi_dua", _("Emulation flag")
    TITLE = "danh_hieu", _("Emulation title")
    OTHER = "other", _("Other form")


class Level(models.TextChoices):
    WARD = "ward", _("Ward")
    PROVINCE = "province", _("Province")
    CENTRAL = "central", _("Central")


class Recipient(models.TextChoices):
    INITIATIVE = "initiative", _("The model itself")
    AGENCY = "agency", _("An agency")
    PERSON = "person", _("A person")


class ReplicationStatus(models.TextChoices):
    STARTED = "started", _("Being set up")
    ESTABLISHED = "established", _("Running steadily")
    STOPPED = "stopped", pgettext_lazy("replication status", "Stopped")
