"""The audit trail reads in Vietnamese: labels for the keys events store
beside a model's fields, names for reference data, notes that code wrote as
fixed English words translated when shown. What is stored stays as written."""

import datetime

from django.db import transaction

from treem.audit.display import note_display
from treem.audit.models import Action, AuditEvent
from treem.audit.services import record_event
from treem.children.models import CodeKind
from treem.children.services.bulk import bulk_create_children
from treem.children.services.privacy import log_sensitive_view
from treem.children.tests.base import RegistryTestCase, child_data, code

RAW_FORMS = ("caregiver_links", "circumstances:", "circumstance:d", "∅", "demo data", "case viewed")


class AuditTrailDisplayTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        (cls.seeded,) = bulk_create_children(
            [
                {
                    "data": child_data(family="Hồ", given="Tùng", dob=(2014, 6, 1), sex="M"),
                    "unit": cls.group_a,
                    "ward": cls.ward_a,
                    "caregivers": [
                        {
                            "relation": code(CodeKind.RELATION, "cha"),
                            "family_name": "Hồ",
                            "given_name": "Hải",
                            "phone": "0911222333",
                        }
                    ],
                    "circumstances": [
                        {"code": cls.disability, "started_on": datetime.date(2024, 2, 1)}
                    ],
                }
            ],
            actor=None,
            note="demo data",
        )
        log_sensitive_view(cls.officer_a, cls.seeded, ["circumstance:d", "ethnicity"])
        with transaction.atomic():
            record_event(Action.EXPORT, actor=cls.officer_a, subject=cls.seeded, note="case viewed")

    def trail(self):
        self.login(self.province_officer)
        response = self.client.get(
            f"/nhat-ky/?subject_type=children.child&subject_id={self.seeded.pk}"
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_trail_shows_a_child_created_in_bulk(self):
        page = self.trail()
        self.assertIn("người chăm sóc: 1 bản ghi", page)
        self.assertIn("hoàn cảnh đặc biệt: 1 bản ghi", page)
        self.assertIn("dữ liệu mẫu", page)

    def test_a_sensitive_read_names_what_was_read_in_vietnamese(self):
        page = self.trail()
        self.assertIn("dữ liệu đã xem: hoàn cảnh đặc biệt: Trẻ em khuyết tật, dân tộc", page)
        self.assertIn("Xem thông tin nhạy cảm", page)

    def test_no_raw_key_code_or_english_note_reaches_the_page(self):
        page = self.trail()
        self.assertIn("đã xem hồ sơ vụ việc", page)
        for raw in RAW_FORMS:
            self.assertNotIn(raw, page)

    def test_the_stored_note_stays_as_written(self):
        self.assertTrue(AuditEvent.objects.filter(note="demo data").exists())

    def test_notes_with_numbers_are_translated_and_a_persons_note_is_kept(self):
        self.assertEqual(note_display("referral 12 viewed"), "đã xem phiếu chuyển gửi số 12")
        self.assertEqual(note_display("import_children /tmp/a.xlsx"), "nhập từ tệp /tmp/a.xlsx")
        self.assertEqual(note_display("Gia đình đã chuyển đi"), "Gia đình đã chuyển đi")

    def test_a_foreign_key_to_reference_data_is_named(self):
        event = AuditEvent.objects.filter(
            subject_type="children.child", subject_id=str(self.seeded.pk), action=Action.CREATE
        ).get()
        rows = {label: new for label, _old, new in event.change_rows()}
        self.assertEqual(rows["phường"], "Trường Vinh")

    def test_a_role_granted_reads_with_the_roles_and_areas_names(self):
        self.login(self.province_officer)
        response = self.client.get(
            f"/nhat-ky/?action=permission-change&subject_id={self.officer_a.pk}"
        )
        page = response.content.decode()
        self.assertIn("vai trò: Cán bộ bảo vệ trẻ em phường", page)
        self.assertIn("địa bàn: Trường Vinh", page)
        self.assertNotIn("ward_officer", page)

    def test_a_succession_reads_in_vietnamese(self):
        self.login(self.province_officer)
        page = self.client.get("/nhat-ky/?subject_type=areas.unitsuccession").content.decode()
        self.assertIn("Vinh Tân", page)
        self.assertNotIn("predecessor", page)
        self.assertNotIn("successor:", page)
