from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.population"
    verbose_name = _("Population register linkage")
