"""Writes of two-factor sign-in. Each one writes its audit event in the same
transaction; a wrong code is recorded (and counted) before the error is raised,
so that raising does not roll the record back."""

import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.audit.models import Action
from treem.audit.services import record_event

from . import policy

log = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I/L: read off a sheet of paper and typed on a phone.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_CODE_LENGTH = 10


class TwoFactorError(ValueError):
    pass


class TooSoon(TwoFactorError):
    """django-otp's back-off: each wrong code doubles the wait before the next."""


class Locked(TwoFactorError):
    def __init__(self, message, until):
        super().__init__(message)
        self.until = until


@dataclass
class Passed:
    device: object
    recovery_used: bool = False
    recovery_left: int = 0


def _is_person(actor):
    return getattr(actor, "pk", None) is not None


def normalise(code):
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def recovery_digest(code):
    """Recovery codes are stored as digests: a copy of the database does not
    hand out a way past the second step."""
    return hashlib.sha256(f"treem-recovery:{normalise(code)}".encode()).hexdigest()[:16]


def format_recovery_code(code):
    return f"{code[:5]}-{code[5:]}"


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def start_enrolment(user, *, actor):
    """The unconfirmed device the enrolment page shows (one per user, kept
    across reloads so that a scanned code stays valid)."""
    if policy.has_confirmed_device(user):
        raise TwoFactorError(_("Two-factor sign-in is already on for this account."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", confirmed=False)
        record_event(Action.OTP_ENROL, actor=actor, subject=user)
    return device


def new_recovery_codes(user, *, actor):
    """Replaces the user's recovery codes; returns the new ones, in clear, to be
    shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        codes = [
            "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
            for _ in range(RECOVERY_CODE_COUNT)
        ]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=recovery_digest(code)) for code in codes
        )
        record_event(
            Action.OTP_RECOVERY_NEW,
            actor=actor,
            subject=user,
            changes={"recovery_codes": {"old": None, "new": len(codes)}},
        )
    return [format_recovery_code(code) for code in codes]


def confirm_enrolment(device, code, *, actor):
    """The first code from the app confirms the device. Returns the recovery
    codes made with it."""
    user = device.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed:
            raise TwoFactorError(_("Two-factor sign-in is already on for this account."))
        _check_not_throttled(device)
        token = normalise(code)
        ok = token.isdigit() and device.verify_token(token)
        if ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record_event(Action.OTP_CONFIRM, actor=actor, subject=user)
        else:
            record_event(Action.OTP_FAILED, actor=actor, subject=user, note="enrolment")
    if not ok:
        raise TwoFactorError(
            _("The code is not right. Check the phone's clock and type the 6 digits shown now.")
        )
    return device, new_recovery_codes(user, actor=actor)


def _check_not_throttled(device):
    allowed, data = device.verify_is_allowed()
    if not allowed and data and data.get("locked_until"):
        seconds = max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
        raise TooSoon(
            _("Too many wrong codes in a row: wait %(s)d seconds, then type the new code.")
            % {"s": seconds}
        )


def locked_until(device):
    """The end of the lockout after TREEM_2FA_FAILURE_LIMIT wrong codes in a
    row, or None. The count lives on the device, so a new sign-in with the
    password does not start it again; it clears on a right code, a reset, or
    after AXES_COOLOFF_TIME."""
    stamp = device.throttling_failure_timestamp
    if stamp is None or device.throttling_failure_count < settings.TREEM_2FA_FAILURE_LIMIT:
        return None
    until = stamp + settings.AXES_COOLOFF_TIME
    return until if until > timezone.now() else None


def verify_second_step(user, code):
    """The six digits of the app, or a recovery code (used up). Returns a
    Passed; raises TwoFactorError (wrong code), TooSoon or Locked."""
    token = normalise(code)
    outcome = None
    with transaction.atomic():
        totp = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if totp is None:
            raise TwoFactorError(_("Two-factor sign-in is not on for this account."))
        if locked_until(totp) is None and totp.throttling_failure_count >= (
            settings.TREEM_2FA_FAILURE_LIMIT
        ):
            totp.throttle_reset()  # the cool-off has passed
        until = locked_until(totp)
        if until is None:
            _check_not_throttled(totp)
            if token.isdigit() and len(token) == totp.digits:
                ok = totp.verify_token(token)
                if ok:
                    outcome = Passed(totp)
                    record_event(Action.OTP_VERIFIED, actor=user, subject=user)
            elif len(token) == RECOVERY_CODE_LENGTH:
                outcome = _use_recovery_code(user, totp, token)
            else:
                totp.throttle_increment()
            if outcome is None:
                record_event(Action.OTP_FAILED, actor=user, subject=user)
                until = locked_until(totp)
                if until is not None:
                    record_event(Action.LOCKOUT, actor=user, subject=user, note="two-factor codes")
                    log.warning("second step locked for %s", user.username)
    if outcome is not None:
        return outcome
    if until is not None:
        raise Locked(
            _(
                "Too many wrong codes: the second step is locked for %(m)d minutes. "
                "Try again later, or ask your administrator."
            )
            % {"m": settings.AXES_COOLOFF_TIME.total_seconds() // 60},
            until,
        )
    raise TwoFactorError(
        _("The code is not right. Type the 6 digits the app shows now, or a recovery code.")
    )


def _use_recovery_code(user, totp, token):
    static = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if static is None or not static.verify_token(recovery_digest(token)):
        totp.throttle_increment()
        return None
    totp.throttle_reset()
    left = recovery_codes_left(user)
    record_event(
        Action.OTP_RECOVERY_USED,
        actor=user,
        subject=user,
        changes={"recovery_codes": {"old": left + 1, "new": left}},
    )
    return Passed(static, recovery_used=True, recovery_left=left)


def reset_two_factor(user, *, actor, reason=""):
    """An administrator resets the device of a user who lost it. The user is
    told (in the application and by e-mail) and enrols again at the next
    sign-in; the reset is audited with its reason."""
    if _is_person(actor) and actor.pk == user.pk:
        raise TwoFactorError(
            _("Nobody resets their own two-factor sign-in: another administrator must do it.")
        )
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=user)
        if not devices.exists() and not StaticDevice.objects.filter(user=user).exists():
            raise TwoFactorError(_("This account has no two-factor device to reset."))
        devices.delete()
        StaticDevice.objects.filter(user=user).delete()
        event = record_event(Action.OTP_RESET, actor=actor, subject=user, note=reason[:500])
        _notify_reset(user, actor, event)
    return event


def turn_off(user, *, actor):
    """A user whose roles do not require it turns the second step off."""
    if policy.requires_two_factor(user):
        raise TwoFactorError(_("Your role requires two-factor sign-in: it cannot be turned off."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_event(Action.OTP_RESET, actor=actor, subject=user, note="turned off by the user")


def _notify_reset(user, actor, event):
    from treem.cases.models import Notification

    when = timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M")
    text = _(
        "Your two-factor sign-in was reset by %(admin)s on %(when)s. You will set it up "
        "again at your next sign-in. If you did not ask for this, tell your supervisor."
    ) % {"admin": actor or _("the server operator"), "when": when}
    Notification.objects.create(
        recipient=user,
        key=f"otp-reset:{event.pk}",
        text=text[:300],
        url=reverse("accounts:profile"),
    )
    if user.email:
        transaction.on_commit(lambda: _mail(user.email, text))


def _mail(address, text):
    try:
        EmailMessage(
            subject=_("[treem] Two-factor sign-in reset"),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        ).send()
    except OSError:
        log.exception("two-factor reset e-mail failed")


@transaction.atomic
def enrol_demo_device(user, key, *, actor):
    """The demo's published key (treem/accounts/demo.py); an account with a
    device of its own keeps it. A locked demo device is unlocked, as the demo
    seed resets the demo passwords."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is not None:
        if device.throttling_failure_count:
            device.throttle_reset()
        return device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)
    record_event(Action.OTP_CONFIRM, actor=actor, subject=user, note="demo key")
    return device
