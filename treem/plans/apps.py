from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "treem.plans"
    verbose_name = _("Plans")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS

        from . import jobs  # noqa: F401  (registers the review-report job kind)
        from .demo import seed_plan
        from .landing import plans_section

        register(plans_section)

        if seed_plan not in SEEDERS:
            SEEDERS.append(seed_plan)
