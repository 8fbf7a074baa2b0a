"""Browser journeys on the demo seed (treem/demo/seed.py, what `make demo`
loads): the seed is built once per test class, not once per test, since it
takes several seconds; the database is flushed when the class ends.

Also the checks the journeys share: no sideways scrolling, a visible focus
ring on the focused element, and screenshots under var/screenshots/."""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from treem.accounts.testing import pass_second_step_in_browser
from treem.core.browser import BrowserTestCase
from treem.demo.seed import DEMO_PASSWORD
from treem.demo.seed import seed as seed_demo

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DEVICES = {"desktop": DESKTOP, "phone": PHONE}

# Demo logins by role (treem/demo/seed.py); the ward is Trường Vinh.
LOGINS = {
    "ward-officer": "truongvinh.canbo",
    "collaborator": "truongvinh.ctv1",
    "approver": "truongvinh.chutich",
    "agency-reporter": "truongvinh.congan",
    "province-officer": "tinh.canbo",
    "leader": "lanhdao",
    "admin": "quantri",
}

# Names the elements that stick out, for the failure message.
WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' '
  + Math.round(e.getBoundingClientRect().right))"""

# The focused element as a keyboard user sees it: its outline or box-shadow,
# and whether it is on screen. A combobox keeps the focus in its input, so the
# input is what must show the ring.
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {
    tag: e.tagName, id: e.id, name: e.getAttribute('name') || '',
    text: (e.innerText || e.value || '').slice(0, 40),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      ? s.outlineStyle + ' ' + s.outlineWidth : 'none',
    shadow: s.boxShadow,
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight
      && s.visibility !== 'hidden',
  };
}"""


class SeededBrowserTestCase(BrowserTestCase):
    """The demo seed, once for the class. Tests may add to it (a report, an
    answer) but must not depend on one another's additions."""

    # Asks pytest-django to keep a copy of what the migrations wrote (activity
    # kinds, rating levels...): the seed needs it, and the browser tests that
    # ran before flushed it. Django's own per-test restore is switched off
    # below: the class restores it once, before seeding.
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.restore_migration_data()
            seed_demo(seed=1)
        except Exception:
            # unittest skips tearDownClass after a failed setUpClass: without it the browser
            # and the live server would outlive the class and break the next one.
            cls.tearDownClass()
            raise

    @classmethod
    def restore_migration_data(cls):
        for alias in cls._databases_names(include_mirrors=False):
            data = getattr(connections[alias], "_test_serialized_contents", None)
            if not data:
                continue
            with transaction.atomic(using=alias):
                for row in serializers.deserialize("json", data, using=alias):
                    # Content types and permissions are made again by every flush, under new
                    # keys; the copies would clash with them.
                    if row.object._meta.label in ("contenttypes.ContentType", "auth.Permission"):
                        continue
                    row.save(using=alias)

    @classmethod
    def _fixture_setup(cls):
        # No fixtures, no sequence reset; the migrations' rows are restored in setUpClass.
        pass

    @classmethod
    def tearDownClass(cls):
        for alias in cls._databases_names(include_mirrors=False):
            call_command("flush", verbosity=0, interactive=False, database=alias)
        # Cached figures and menus name rows that no longer exist.
        cache.clear()
        super().tearDownClass()

    def _fixture_teardown(self):
        # The seed serves every test of the class: tearDownClass flushes it.
        pass

    def open_as(self, role, viewport=DESKTOP):
        """A fresh browser context logged in as the role's demo account."""
        context = self.browser.new_context(locale="vi-VN", viewport=viewport)
        page = context.new_page()
        page.goto(f"{self.live_server_url}/dang-nhap/")
        page.locator("input[name=username]").fill(LOGINS[role])
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(lambda url: "dang-nhap" not in url)
        # The demo's approver, province officer and administrator have the demo TOTP key.
        pass_second_step_in_browser(page, LOGINS[role])
        return context, page

    def assert_no_sideways_scroll(self, page, name=""):
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, page.viewport_size["width"], f"{name}: {page.evaluate(WIDEST)}")

    def assert_focus_visible(self, page, step=""):
        focus = page.evaluate(FOCUS)
        self.assertIsNotNone(focus, f"{step}: nothing has the focus")
        ring = focus["outline"] != "none" or focus["shadow"] not in ("none", "")
        self.assertTrue(ring, f"{step}: no focus ring on {focus}")
        if not focus["visible"]:
            # Bootstrap makes scrolling smooth: the page glides to the focused element.
            try:
                page.wait_for_function(f"() => ({FOCUS})().visible", timeout=3000)
            except PlaywrightTimeout:
                self.fail(f"{step}: the focused element is off screen: {focus}")
        return focus

    def shoot(self, page, name, full_page=False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path
