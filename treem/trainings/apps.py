from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "treem.trainings"
    verbose_name = _("Training of officers and collaborators")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS
        from treem.indicators import measures as indicator_measures

        from . import measures
        from .demo import seed_trainings
        from .landing import untrained_section

        # Trained collaborators per residential group feed the analytics store.
        indicator_measures.register_source(measures)
        register(untrained_section)
        # After the activities' seeder: a course may point at a training activity.
        if seed_trainings not in SEEDERS:
            SEEDERS.append(seed_trainings)
