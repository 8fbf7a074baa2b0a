"""Who must pass the second step, and the session's record of it."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..scope import active_assignments

# Set at sign-in: whether the user had a confirmed device then. Kept in the
# session so that the users without one (most ward officers) cost no query per
# page; a device enrolled in another session applies from the next sign-in.
ENROLLED_KEY = "treem_2fa_enrolled"
# The recovery codes just made, shown once on the next page and dropped.
NEW_CODES_KEY = "treem_2fa_new_codes"

VERIFY = "verify"
ENROL = "enrol"


def required_roles():
    return frozenset(getattr(settings, "TREEM_2FA_REQUIRED_ROLES", ()))


def requires_two_factor(user):
    """True if one of the user's active roles requires the second step."""
    roles = required_roles()
    return any(a.role in roles for a in active_assignments(user))


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remember_enrolment(request, user):
    request.session[ENROLLED_KEY] = has_confirmed_device(user)


def pending_step(request):
    """None when the session may go on; VERIFY or ENROL otherwise. The caller
    has checked that the session is not verified."""
    user = request.user
    enrolled = request.session.get(ENROLLED_KEY)
    if enrolled is None:
        # A session from before this key existed.
        enrolled = has_confirmed_device(user)
        request.session[ENROLLED_KEY] = enrolled
    if enrolled:
        return VERIFY
    if requires_two_factor(user):
        return ENROL
    return None


def is_verified(request):
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())
