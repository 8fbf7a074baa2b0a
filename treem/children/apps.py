from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "treem.children"
    verbose_name = _("Children's registry")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS

        from . import jobs_io, jobs_subject  # noqa: F401  (register their job kinds)
        from .demo import seed_children
        from .landing import registry_section

        register(registry_section)
        if seed_children not in SEEDERS:
            SEEDERS.append(seed_children)
