from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.cases"
    verbose_name = _("Child-protection cases")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS

        # Registers the PDF job kind, so the worker process knows it too.
        from . import documents  # noqa: F401
        from .demo import seed_cases
        from .landing import cases_section
        from .landing_work import decisions_section, referrals_section

        register(cases_section)
        register(decisions_section)
        register(referrals_section)
        if seed_cases not in SEEDERS:
            SEEDERS.append(seed_cases)
