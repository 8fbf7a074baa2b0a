from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from treem.audit.models import Action, AuditEvent

from ..permissions import Perm
from ..scope import scope_for
from ..views import get_user_for_viewer
from . import policy, services
from .forms import CodeForm, EnrolForm, ResetForm
from .qr import manual_key, qr_data_uri


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _with_next(name, target):
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target != reverse("core:home") else url


def _passed(request, device):
    # A new session key once the step is passed, as Django does at sign-in: a
    # key seen before the step opens nothing.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[policy.ENROLLED_KEY] = True


@login_required
def verify(request):
    target = _next(request)
    if policy.is_verified(request):
        return redirect(target)
    if not policy.has_confirmed_device(request.user):
        # Reset by an administrator since this session began.
        request.session[policy.ENROLLED_KEY] = False
        if policy.requires_two_factor(request.user):
            return redirect(_with_next("accounts:otp-enrol", target))
        return redirect(target)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passed = services.verify_second_step(request.user, form.cleaned_data["code"])
        except services.Locked:
            logout(request)
            return render(request, "accounts/locked_out.html", status=429)
        except services.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            _passed(request, passed.device)
            if passed.recovery_used:
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; %(n)d code is left. "
                        "Make new ones on My account.",
                        "You signed in with a recovery code; %(n)d codes are left. "
                        "Make new ones on My account.",
                        passed.recovery_left,
                    )
                    % {"n": passed.recovery_left},
                )
            return redirect(target)
    return render(
        request,
        "accounts/twofactor/verify.html",
        {"form": form, "next": target, "two_factor_pending": True},
    )


@login_required
def enrol(request):
    target = _next(request)
    user = request.user
    if policy.has_confirmed_device(user):
        if policy.is_verified(request):
            messages.info(request, _("Two-factor sign-in is already on for this account."))
            return redirect("accounts:profile")
        return redirect(_with_next("accounts:otp-verify", target))
    device = services.start_enrolment(user, actor=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_enrolment(
                device, form.cleaned_data["code"], actor=user
            )
        except services.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            _passed(request, device)
            request.session[policy.NEW_CODES_KEY] = codes
            return redirect(_with_next("accounts:otp-recovery-codes", target))
    reset = (
        AuditEvent.objects.filter(
            action=Action.OTP_RESET, subject_type="accounts.user", subject_id=str(user.pk)
        )
        .exclude(actor=user)
        .select_related("actor")
        .first()
    )
    return render(
        request,
        "accounts/twofactor/enrol.html",
        {
            "form": form,
            "next": target,
            "qr": qr_data_uri(device.config_url),
            "key": manual_key(device),
            "required": policy.requires_two_factor(user),
            "reset": reset,
            "two_factor_pending": not policy.is_verified(request)
            and policy.requires_two_factor(user),
        },
    )


@login_required
def recovery_codes(request):
    codes = request.session.pop(policy.NEW_CODES_KEY, None)
    return render(
        request,
        "accounts/twofactor/recovery_codes.html",
        {"codes": codes, "next": _next(request)},
    )


def _require_verified(request):
    if not policy.is_verified(request):
        messages.error(request, _("Enter a code from your app first."))
        return redirect(_with_next("accounts:otp-verify", reverse("accounts:profile")))
    return None


@login_required
@require_POST
def new_codes(request):
    refused = _require_verified(request)
    if refused:
        return refused
    request.session[policy.NEW_CODES_KEY] = services.new_recovery_codes(
        request.user, actor=request.user
    )
    return redirect(_with_next("accounts:otp-recovery-codes", reverse("accounts:profile")))


@login_required
@require_POST
def turn_off(request):
    refused = _require_verified(request)
    if refused:
        return refused
    try:
        services.turn_off(request.user, actor=request.user)
    except services.TwoFactorError as exc:
        messages.error(request, str(exc))
    else:
        request.session[policy.ENROLLED_KEY] = False
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:profile")


@login_required
@require_POST
def reset(request, pk):
    """An administrator resets the device of a user who lost it."""
    if not scope_for(request.user, Perm.MANAGE_USERS).unlimited:
        raise Http404
    person = get_user_for_viewer(request.user, pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reset."))
        return redirect(person)
    try:
        services.reset_two_factor(person, actor=request.user, reason=form.cleaned_data["reason"])
    except services.TwoFactorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Two-factor sign-in reset. The user has been told and sets it up again at "
                "the next sign-in."
            ),
        )
    return redirect(person)
