from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.privacy"
    verbose_name = _("Personal data protection")

    def ready(self):
        from treem.demo.seed import SEEDERS

        from .demo import seed_privacy

        if seed_privacy not in SEEDERS:
            SEEDERS.append(seed_privacy)
