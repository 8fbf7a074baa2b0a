from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "treem.budgets"
    verbose_name = _("Budgets")

    def ready(self):
        from treem.core.landing import register
        from treem.demo.seed import SEEDERS
        from treem.plans.views.plans import MATRIX_ROWS

        from .demo import seed_budgets
        from .landing import budget_section
        from .views import matrix_row

        register(budget_section)
        if matrix_row not in MATRIX_ROWS:
            MATRIX_ROWS.append(matrix_row)
        # After the activities' seeder: spending is linked to demo activities.
        if seed_budgets not in SEEDERS:
            SEEDERS.append(seed_budgets)
