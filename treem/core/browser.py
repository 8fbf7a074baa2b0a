"""Shared set-up for browser tests: Playwright driving Debian's Chromium.

`playwright install` cannot download a browser here, so the tests use the
system Chromium and skip, saying why, where it is absent. `.ci/run` installs
it, so in CI they always run.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
SKIP_REASON = (
    f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium) "
    "to run the browser tests; .ci/run does."
)


def chromium_available():
    return Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None


class BrowserTestCase(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread; the ORM
        # calls in the test body are still synchronous.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls._playwright = sync_playwright().start()
        cls.browser = cls._playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls._playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def setUp(self):
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()

    def tearDown(self):
        self.context.close()

    def screenshot(self, name, page=None):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        (page or self.page).screenshot(path=str(path), full_page=True)
        return path

    def follow_menu(self, href):
        """Open the menu group that holds the item `href` and follow it, then wait
        for the new page to load: read at once, it may be half-parsed (the menu
        without the content, seen once on PostgreSQL in CI)."""
        item = f"a[href='{href}']"
        # The dropdowns work once Bootstrap's deferred script has run.
        self.page.wait_for_load_state("load")
        self.page.locator("nav .navgroup", has=self.page.locator(item)).locator("button").click()
        with self.page.expect_navigation():
            self.page.locator(f"nav {item}").click()

    def log_in(self, username, password):
        """The real sign-in form; for a role that requires two-factor sign-in,
        also the code page, with the code the user's phone would show
        (treem/accounts/testing.py)."""
        from treem.accounts.testing import enrol_before_browser_login, pass_second_step_in_browser

        enrol_before_browser_login(username)
        self.page.goto(f"{self.live_server_url}/dang-nhap/")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()
        pass_second_step_in_browser(self.page, username)
