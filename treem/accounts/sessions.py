"""Sessions end after SESSION_COOKIE_AGE (30 minutes) without a request, as
SESSION_SAVE_EVERY_REQUEST would have it, without writing the session row on
every request: a signed-in session is saved again, which moves its expiry,
once SESSION_REFRESH_SECONDS have passed since it was last saved. An idle
session thus ends between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and
SESSION_COOKIE_AGE after its last request; the write that cost a transaction
per page (bench/README.md, "Serving under load") happens at most once a minute.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

# When the session was last saved, in whole seconds since the epoch.
REFRESHED_KEY = "_treem_refreshed"


class SlidingSessionMiddleware:
    """After django.contrib.sessions' middleware in MIDDLEWARE, so that its
    answer is seen before the session is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A session emptied by a logout (flush) has no user: nothing to keep alive.
        if session is None or session.get(SESSION_KEY) is None:
            return response
        now = int(time.time())
        refreshed = session.get(REFRESHED_KEY)
        every = getattr(settings, "SESSION_REFRESH_SECONDS", 60)
        stale = not isinstance(refreshed, int) or not 0 <= now - refreshed < every
        if stale or session.modified:
            # Saved now anyway (a message, a sign-in): the mark follows the save.
            session[REFRESHED_KEY] = now
        return response


def mark_at_login(sender, request, user, **kwargs):
    """A sign-in saves the session: its first pages need not save it again."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = int(time.time())
