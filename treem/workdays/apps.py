from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.workdays"
    verbose_name = _("Working days")
