"""Sessions end 30 minutes after the last request without the session row
being written on every request (treem/accounts/sessions.py)."""

import datetime
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from treem.accounts.sessions import REFRESHED_KEY
from treem.core.testing import PersonaTestCase


def session_writes(captured):
    return [
        q["sql"]
        for q in captured
        if q["sql"].lstrip().upper().startswith("UPDATE") and "django_session" in q["sql"]
    ]


class SlidingSessionTests(PersonaTestCase):
    def setUp(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/tai-khoan/").status_code, 200)
        self.key = self.client.session.session_key

    def expiry(self):
        return Session.objects.get(session_key=self.key).expire_date

    def test_the_sign_in_marks_the_session_so_the_first_page_writes_nothing(self):
        self.client.logout()
        self.login(self.officer_a)
        self.assertIn(REFRESHED_KEY, self.client.session)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get("/tai-khoan/").status_code, 200)
        self.assertEqual(session_writes(captured), [])

    def test_a_page_within_the_minute_does_not_write_the_session(self):
        before = self.expiry()
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get("/tai-khoan/").status_code, 200)
        self.assertEqual(session_writes(captured), [])
        self.assertEqual(self.expiry(), before)

    def test_a_page_a_minute_later_moves_the_expiry(self):
        marked = self.client.session[REFRESHED_KEY]
        Session.objects.filter(session_key=self.key).update(
            expire_date=timezone.now() + datetime.timedelta(minutes=29)
        )
        before = self.expiry()
        later = marked + settings.SESSION_REFRESH_SECONDS
        with mock.patch("treem.accounts.sessions.time.time", return_value=later):
            self.assertEqual(self.client.get("/tai-khoan/").status_code, 200)
        self.assertGreater(self.expiry(), before)
        self.assertEqual(self.client.session[REFRESHED_KEY], later)

    def test_the_expiry_is_at_most_thirty_minutes_after_the_last_save(self):
        self.assertLessEqual(
            self.expiry(), timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        )
        self.assertLess(settings.SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE)

    def test_an_idle_session_ends_and_sends_to_the_login_page(self):
        Session.objects.filter(session_key=self.key).update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )
        response = self.client.get("/tai-khoan/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/dang-nhap/", response["Location"])

    def test_a_mark_from_the_future_counts_as_stale(self):
        session = self.client.session
        session[REFRESHED_KEY] = session[REFRESHED_KEY] + 3600
        session.save()
        before = self.expiry()
        Session.objects.filter(session_key=self.key).update(
            expire_date=before - datetime.timedelta(minutes=5)
        )
        self.client.get("/tai-khoan/")
        self.assertGreater(self.expiry(), before - datetime.timedelta(minutes=5))

    def test_logging_out_leaves_no_session_to_keep_alive(self):
        self.client.post("/dang-xuat/")
        self.assertFalse(Session.objects.filter(session_key=self.key).exists())
        response = self.client.get("/tai-khoan/")
        self.assertEqual(response.status_code, 302)

    def test_an_anonymous_visit_writes_no_session(self):
        self.client.logout()
        with CaptureQueriesContext(connection) as captured:
            self.client.get("/dang-nhap/")
        self.assertFalse(
            [q for q in captured if "django_session" in q["sql"] and "INSERT" in q["sql"]]
        )
