"""Durations on the pages read in Vietnamese: Django's own catalogue has no
Vietnamese for timesince's units, so the landing page said "5 days, 12 hours".
Django joins a number and its unit with a no-break space."""

import datetime

from django.test import SimpleTestCase
from django.utils import translation

from treem.core.templatetags.treem import time_since, time_until

NOW = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC)


class DurationTests(SimpleTestCase):
    def test_time_since_reads_in_vietnamese(self):
        with translation.override("vi"):
            text = time_since(NOW - datetime.timedelta(days=5, hours=12), NOW)
        self.assertEqual(text, "5\xa0ngày, 12\xa0giờ")

    def test_time_until_reads_in_vietnamese(self):
        with translation.override("vi"):
            text = time_until(NOW + datetime.timedelta(hours=4, minutes=45), NOW)
        self.assertEqual(text, "4\xa0giờ, 45\xa0phút")

    def test_english_stays_english(self):
        with translation.override("en"):
            self.assertEqual(time_since(NOW - datetime.timedelta(days=1), NOW), "1\xa0day")
