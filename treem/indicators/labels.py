"""Labels this app adds to shared files (the navigation), kept here so that
the app's catalogue carries their translations."""

from django.utils.translation import gettext_lazy as _

NAV_LABELS = (_("Indicators"), _("Enter figures"), _("Figures to approve"))
