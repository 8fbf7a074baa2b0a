"""Holds every page of a signed-in session until its second step is passed.

After OTPMiddleware, which marks a verified session (request.user.is_verified()).
A session that still owes the step reaches only the two-factor pages, the
logout and the language switch; every other page redirects to the code page
(or to the enrolment, for a required role without a device), and the API
answers 403. Token-authenticated API calls carry no session: their tokens are
issued only from a verified session (services.issue_token)."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import policy

OPEN_VIEWS = frozenset(
    {
        "accounts:otp-verify",
        "accounts:otp-enrol",
        "accounts:otp-recovery-codes",
        "accounts:logout",
        "set_language",
        "ops:healthz",
    }
)


class SecondStepMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if policy.is_verified(request):
            return None
        step = policy.pending_step(request)
        if step is None:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _(
                        "Two-factor sign-in required: enter the code from your app on the "
                        "sign-in page first, or use an API token."
                    )
                },
                status=403,
            )
        url = reverse("accounts:otp-verify" if step == policy.VERIFY else "accounts:otp-enrol")
        if request.method == "GET" and request.path != reverse("core:home"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)
