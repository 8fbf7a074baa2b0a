"""In a real browser: a ward officer adds a play space from the menu and
records a safety inspection with a follow-up action, which then shows on the
landing page once overdue; a province officer sees the places of every ward,
the map page without a tile server, and VH01/VH02 on the indicator dashboard."""

import datetime
import unittest

from django.test import override_settings
from django.utils import timezone

from treem.accounts.permissions import Role
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.indicators.refresh import refresh_full
from treem.indicators.services.catalogue import load_indicators

from ..models import Inspection, Place
from ..services import load_place_data
from .base import new_place


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class PlacesBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_place_data()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.ward_b = AdminUnit.objects.get(name="Thành Vinh", level=Level.WARD)
        self.group = create_unit(
            actor=None, name="Khối 3", level=Level.RESIDENTIAL_GROUP, parent=self.ward
        )
        province = AdminUnit.objects.get(level=Level.PROVINCE)
        make_user("alice", Role.WARD_OFFICER, self.ward)
        make_user("tinh", Role.PROVINCE_OFFICER, province)

    def test_ward_officer_adds_a_place_and_records_an_inspection(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        self.follow_menu("/dia-diem/")
        page.get_by_role("link", name="Thêm điểm").click()
        page.locator("#id_type").select_option(
            label="Điểm vui chơi cho trẻ em (sân chơi công cộng)"
        )
        page.locator("#id_name").fill("Sân chơi Khối 3")
        page.locator("#id_unit").select_option(label="Khối 3 – Trường Vinh")
        page.locator("#id_latitude").fill("18.6801")
        page.locator("#id_longitude").fill("105.6822")
        page.locator("#id_opened_on").fill("01/06/2025")
        page.get_by_role("button", name="Lưu").click()
        place = Place.objects.get(name="Sân chơi Khối 3")
        page.wait_for_url(f"{self.live_server_url}{place.get_absolute_url()}")
        self.assertEqual(place.ward, self.ward)

        page.get_by_role("link", name="Ghi kết quả kiểm tra an toàn").click()
        ten_days_ago = timezone.localdate() - datetime.timedelta(days=10)
        page.locator("#id_inspected_on").fill(ten_days_ago.strftime("%d/%m/%Y"))
        page.locator("#id_inspectors").fill("Công chức văn hóa - xã hội")
        page.locator("input[name=item_equipment_sound][value=no]").check()
        page.locator("input[name=item_surface][value=yes]").check()
        page.locator("#id_result").select_option("attention")
        page.locator("#id_action_1_description").fill("Thay xích đu bị gãy")
        page.locator("#id_action_1_owed_by").fill("Trưởng khối 3")
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        page.locator("#id_action_1_due_on").fill(yesterday.strftime("%d/%m/%Y"))
        page.get_by_role("button", name="Ghi kết quả kiểm tra").click()
        inspection = Inspection.objects.get(place=place)
        page.wait_for_url(f"{self.live_server_url}{inspection.get_absolute_url()}")
        self.assertEqual(inspection.actions.get().owed_by, "Trưởng khối 3")
        # The action is past its due date: it is on the officer's landing page.
        page.goto(f"{self.live_server_url}/")
        self.assertIn("Thay xích đu bị gãy", page.locator("#main, main").first.inner_text())
        # At 390 px nothing scrolls sideways.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{self.live_server_url}{inspection.get_absolute_url()}")
        self.assertLessEqual(
            page.evaluate("document.documentElement.scrollWidth"),
            page.evaluate("document.documentElement.clientWidth"),
        )
        self.screenshot("places-inspection-390")

    def test_province_officer_sees_every_ward_and_the_indicators(self):
        new_place(self.group, name="Sân chơi Khối 3", latitude="18.68", longitude="105.68")
        new_place(self.ward_b, name="Sân chơi Thành Vinh")
        load_indicators()
        refresh_full()
        page = self.page
        self.log_in("tinh", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        self.follow_menu("/dia-diem/")
        table = page.locator("#places").inner_text()
        self.assertIn("Sân chơi Khối 3", table)
        self.assertIn("Sân chơi Thành Vinh", table)
        page.get_by_role("link", name="Bản đồ").click()
        # No tile server configured (the default): the list, and why there is no map.
        self.assertTrue(page.locator("#no-map").is_visible())
        self.assertEqual(page.locator(".leaflet-container").count(), 0)
        self.assertIn("Sân chơi Thành Vinh", page.locator("#map-places").inner_text())
        self.follow_menu("/chi-tieu/")
        self.assertIn("VH02", page.locator("main").inner_text())
        self.screenshot("places-province-indicators")

    @override_settings(TREEM_MAP_TILES_URL="/static/places/no-tiles/{z}/{x}/{y}.png")
    def test_with_a_tile_server_the_map_shows_the_wards_places(self):
        # Tiles from this server's path (none there: the tiles stay blank, the
        # markers still show): Leaflet itself comes from the django-leaflet package.
        new_place(self.group, name="Sân chơi Khối 3", latitude="18.68", longitude="105.68")
        new_place(self.ward, name="Nhà văn hóa", code="culture_house")
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        page.goto(f"{self.live_server_url}/dia-diem/ban-do/")
        page.wait_for_selector(".leaflet-container")
        self.assertEqual(page.locator(".leaflet-marker-icon").count(), 1)
        self.assertEqual(page.locator("#no-map").count(), 0)
        # The place without coordinates is in the list under the map.
        self.assertIn("Nhà văn hóa", page.locator("#map-places").inner_text())
        page.set_viewport_size({"width": 390, "height": 844})
        self.assertLessEqual(
            page.evaluate("document.documentElement.scrollWidth"),
            page.evaluate("document.documentElement.clientWidth"),
        )
        self.screenshot("places-map-390")
