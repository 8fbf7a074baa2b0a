from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "treem.activities"
    verbose_name = _("Activities and children's forums")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS
        from treem.indicators import measures as indicator_measures

        from . import measures
        from .demo import seed_activities
        from .landing import recommendations_section

        # The share answered on time is an indicator of the catalogue (TG02).
        indicator_measures.register_source(measures)

        register(recommendations_section)
        # After the plan's seeder: activities serve its tasks.
        if seed_activities not in SEEDERS:
            SEEDERS.append(seed_activities)
