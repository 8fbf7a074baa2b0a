"""Login lockout with two ceilings.

Axes locks a username at one address after AXES_FAILURE_LIMIT failures, so a
mistyped password locks one officer, not the whole ward office behind the same
address. Guessing across many usernames from one address is stopped by a second,
higher ceiling, AXES_IP_FAILURE_LIMIT, which axes cannot express by itself (its
lockout parameters share a single limit).
"""

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.db.models import Sum


class AddressCeilingHandler(AxesDatabaseHandler):
    def address_failures(self, request):
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

    def address_is_locked(self, request):
        return self.address_failures(request) >= settings.AXES_IP_FAILURE_LIMIT

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        return settings.AXES_LOCK_OUT_AT_FAILURE and self.address_is_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if settings.AXES_LOCK_OUT_AT_FAILURE and self.address_is_locked(request):
            # The failure that reaches the ceiling answers with the lockout page,
            # and the lockout is audited like any other.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
