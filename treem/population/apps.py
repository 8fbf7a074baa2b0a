from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The label of this app's entry in treem/core/navigation.py, translated in this app's catalogue.
NAV_LABEL = _("Population register")


class PopulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.population"
    verbose_name = _("Population register linkage")

    def ready(self):
        from treem.demo.seed import SEEDERS

        from .demo import seed_register_extract
        from .services import runs  # noqa: F401  (registers the job kinds)

        if seed_register_extract not in SEEDERS:
            SEEDERS.append(seed_register_extract)
