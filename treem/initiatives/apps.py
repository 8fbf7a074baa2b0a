from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.initiatives"
    verbose_name = _("Models and initiatives")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS
        from treem.indicators.measures import register_source

        from . import measures
        from .demo import seed_initiatives
        from .landing import commendations_section, evaluations_section

        # Running trusted addresses per ward are counted from the register (measures.py).
        register_source(measures)
        register(evaluations_section)
        register(commendations_section)
        # After the plan's and the places' seeders: models serve tasks and run at places.
        if seed_initiatives not in SEEDERS:
            SEEDERS.append(seed_initiatives)
