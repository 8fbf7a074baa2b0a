from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.places"
    verbose_name = _("Places and facilities for children")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS
        from treem.indicators.measures import register_source

        from . import measures
        from .demo import seed_places
        from .landing import places_section

        register(places_section)
        # VH01 and VH02 are counted from the register (measures.py).
        register_source(measures)
        if seed_places not in SEEDERS:
            SEEDERS.append(seed_places)
        # A merge of duplicate children moves this app's rows to the record kept.
        from . import merge

        merge.register()
