"""Two-factor sign-in in tests.

`Client.force_login(user)` in tests stands for a user who has signed in
completely: for a user whose role requires two-factor sign-in that is the
password *and* the code. `second_step_on_force_login()` (installed for every
test by the root conftest.py) makes force_login give such users a verified
session, enrolling a TOTP device for them when they have none, exactly as if
they had typed the code. The tests of the second step itself
(treem/accounts/tests/test_two_factor*.py) sign in through the real pages, or
use `force_login_unverified`.
"""

from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY

_original_force_login = ClientMixin.force_login


def device_for(user):
    """The user's confirmed TOTP device; one is enrolled (as the enrolment page
    would) when there is none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return device


def _force_login_past_second_step(self, user, backend=None):
    from treem.accounts.twofactor import policy

    _original_force_login(self, user, backend)
    if not policy.requires_two_factor(user) and not policy.has_confirmed_device(user):
        return
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session[policy.ENROLLED_KEY] = True
    session.save()


def second_step_on_force_login():
    ClientMixin.force_login = _force_login_past_second_step


def force_login_unverified(client, user):
    """A session that passed the password but not yet the second step."""
    from treem.accounts.twofactor import policy

    _original_force_login(client, user)
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session[policy.ENROLLED_KEY] = policy.has_confirmed_device(user)
    session.save()


def pass_second_step_in_browser(page, username):
    """After the password in a browser test: if the code page shows, type the
    code of the user's device (read from the database, as the phone would
    compute it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from treem.accounts.models import User
    from treem.accounts.twofactor.codes import current_code

    try:
        page.wait_for_url(lambda url: "/dang-nhap/" not in url, timeout=15000)
    except PlaywrightTimeout:
        return  # still on the sign-in page: a wrong password, for the test to see
    if "/xac-thuc-hai-buoc/" not in page.url or "/dang-ky/" in page.url:
        return
    device = device_for(User.objects.get(username=username))
    # A phone shows one code per 30 seconds and each signs in once; browser tests
    # sign in as the same user several times a minute, so the used step is forgotten.
    type(device).objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    code, _ = current_code(device)
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: "/xac-thuc-hai-buoc/" not in url)


def enrol_before_browser_login(username):
    """A browser test that signs in as a user of a required role starts with
    that user enrolled, as a real user would be after the first sign-in."""
    from treem.accounts.models import User
    from treem.accounts.twofactor import policy

    user = User.objects.filter(username=username).first()
    if user is not None and policy.requires_two_factor(user):
        device_for(user)
