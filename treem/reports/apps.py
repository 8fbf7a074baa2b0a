from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.reports"
    verbose_name = _("Reports and assessments")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS

        from . import jobs  # noqa: F401  (registers the official-report job kind)
        from .demo import seed_assessments, seed_local_assessments
        from .landing import confirmations_section

        register(confirmations_section)

        if seed_assessments not in SEEDERS:
            SEEDERS.append(seed_assessments)
        if seed_local_assessments not in SEEDERS:
            SEEDERS.append(seed_local_assessments)
