from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS

        from . import signals  # noqa: F401  (refresh after registry imports)
        from .demo import seed_indicators
        from .landing import indicators_section

        register(indicators_section)

        if seed_indicators not in SEEDERS:
            SEEDERS.append(seed_indicators)
