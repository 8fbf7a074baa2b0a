from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "treem.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from treem.demo.seed import SEEDERS

        from . import demo
        from .twofactor import policy

        def remember_enrolment(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                policy.remember_enrolment(request, user)

        user_logged_in.connect(remember_enrolment, dispatch_uid="treem-2fa-enrolled")
        from . import sessions

        user_logged_in.connect(sessions.mark_at_login, dispatch_uid="treem-session-mark")
        if demo.seed not in SEEDERS:
            SEEDERS.append(demo.seed)
