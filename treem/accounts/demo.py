"""Demo seeder: the demo accounts of the roles that require two-factor sign-in
get a TOTP device with one published key, so that `make demo` signs in without a
phone: `manage.py demo_totp <username>` prints the current code. Demo only:
like the demo password, the key is public (README, "Two-factor sign-in")."""

from .models import User
from .twofactor import policy, services

# Base32 "TREEMDEMOTREEMDEMOTREEMDEMOTREEM": what an authenticator app takes
# when the key is typed by hand.
DEMO_TOTP_KEY = "9c48460c8c74e242306463a7121183231d38908c"
DEMO_TOTP_KEY_TEXT = "TREE MDEM OTRE EMDE MOTR EEMD EMOT REEM"
DEMO_EMAIL_DOMAIN = "@demo.treem.invalid"


def seed(people, options):
    lines = []
    roles = policy.required_roles()
    users = (
        User.objects.filter(
            email__endswith=DEMO_EMAIL_DOMAIN,
            is_active=True,
            assignments__role__in=roles,
            assignments__revoked_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    for user in users:
        if not policy.requires_two_factor(user):
            continue
        services.enrol_demo_device(user, DEMO_TOTP_KEY, actor=None)
        lines.append(
            f"2fa: {user.username} key {DEMO_TOTP_KEY_TEXT.replace(' ', '')} "
            f"(manage.py demo_totp {user.username} prints the code)"
        )
    return lines
