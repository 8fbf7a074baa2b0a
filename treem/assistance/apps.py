from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.assistance"
    verbose_name = _("Social assistance and injury prevention")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS
        from treem.indicators.measures import register_source

        from . import measures
        from .demo import seed_assistance
        from .landing import assistance_section

        register(assistance_section)
        # BV06–BV09 are counted from the injury register and the registry.
        register_source(measures)
        if seed_assistance not in SEEDERS:
            SEEDERS.append(seed_assistance)
        # A merge of duplicate children moves this app's rows to the record kept.
        from . import merge

        merge.register()
