"""An approver's first sign-in in Chromium: password, enrolment with the QR
code, the recovery codes, then the pages; and the code page at the next
sign-in. On a desktop and on a phone (390 px): nothing scrolls sideways."""

import shutil
import unittest
from pathlib import Path

from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.accounts.permissions import Role
from treem.accounts.twofactor.codes import current_code
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user

SHOTS = Path("/tmp/shots/twofactor")


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class FirstSignInBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.user = make_user("chau", Role.WARD_APPROVER, ward)

    def shot(self, page, name):
        path = self.screenshot(f"twofactor-{name}", page)
        if SHOTS.parent.is_dir():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)

    def no_sideways_scroll(self, page):
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, page.viewport_size["width"])

    def password(self, page):
        page.goto(f"{self.live_server_url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill("chau")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()

    def test_first_sign_in_enrols_then_the_next_asks_for_the_code(self):
        for device_name, viewport in (("phone", (390, 844)), ("desktop", (1280, 900))):
            with self.subTest(device=device_name):
                TOTPDevice.objects.filter(user=self.user).delete()
                context = self.browser.new_context(
                    locale="vi-VN", viewport={"width": viewport[0], "height": viewport[1]}
                )
                page = context.new_page()
                try:
                    self.walk(page, device_name)
                finally:
                    context.close()

    def walk(self, page, device_name):
        self.password(page)
        page.wait_for_url("**/xac-thuc-hai-buoc/dang-ky/")
        self.assertTrue(page.get_by_role("img", name="Mã QR chứa khóa").is_visible())
        self.assertIn("Thiết lập xác thực hai bước", page.locator("h1").inner_text())
        self.no_sideways_scroll(page)
        self.shot(page, f"enrol-{device_name}")
        # The pages wait for the second step.
        page.goto(f"{self.live_server_url}/tre-em/")
        self.assertIn("/xac-thuc-hai-buoc/dang-ky/", page.url)
        device = TOTPDevice.objects.get(user=self.user)
        page.get_by_label("Mã từ ứng dụng").fill(current_code(device)[0])
        page.get_by_role("button", name="Bật xác thực hai bước").click()
        page.wait_for_url("**/xac-thuc-hai-buoc/ma-du-phong/**")
        self.assertEqual(page.locator(".recovery-codes li").count(), 10)
        self.no_sideways_scroll(page)
        self.shot(page, f"recovery-codes-{device_name}")
        page.get_by_role("link", name="Tôi đã chép lại: tiếp tục").click()
        page.wait_for_url(lambda url: "/tre-em/" in url)
        # The next sign-in asks for the code.
        page.context.clear_cookies()
        self.password(page)
        page.wait_for_url("**/xac-thuc-hai-buoc/")
        self.no_sideways_scroll(page)
        self.shot(page, f"code-{device_name}")
        page.locator("input[name=code]").fill("000000")
        page.get_by_role("button", name="Xác nhận").click()
        self.assertTrue(page.locator(".error-summary").is_visible())
        self.shot(page, f"code-wrong-{device_name}")
