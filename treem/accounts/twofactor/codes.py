"""The code an authenticator app shows now for a device: for the demo command
and the tests' sign-in, never for a page."""

import time

from django_otp.oath import TOTP


def current_code(device, *, after_last=False):
    """(six digits, seconds left in the step). With after_last, the code of
    the first step the device has not used yet, if it is within the tolerance,
    so that two sign-ins in one step both pass."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    totp.time = now
    if (
        after_last
        and device.last_t >= totp.t()
        and device.last_t + 1 <= totp.t() + device.tolerance
    ):
        totp.time = now + (device.last_t + 1 - totp.t()) * device.step
    seconds = int(device.step - (now - device.t0) % device.step)
    return f"{totp.token():0{device.digits}d}", seconds
