from collections import Counter

from django.core.management import call_command

from treem.agencies.models import Agency
from treem.audit.models import AuditEvent
from treem.plans.models import DocumentLink, GuidingDocument, Plan, PlanSection, Task, Timing
from treem.plans.services.loader import load_plan_ct28, read_plan_data

from .helpers import PlanTestCase

# Tasks per body of section III, as extracted from the document (see the
# header of data/ct28-plan.yaml for the rules).
EXPECTED = {
    "Ban Tuyên giáo Thành ủy": 4,
    "Ủy ban Kiểm tra, Ban Tổ chức, Ban Dân vận, Văn phòng Thành ủy": 1,
    "Hội đồng nhân dân Thành phố Vinh": 4,
    "Ủy ban nhân dân Thành phố Vinh": 4,
    "Phòng Tài chính - Kế hoạch Thành phố Vinh": 2,
    "Phòng Nội vụ Thành phố Vinh": 1,
    "Phòng Lao động - Thương binh và Xã hội Thành phố Vinh": 9,
    "Phòng Giáo dục và Đào tạo Thành phố Vinh": 3,
    "Phòng Y tế Thành phố Vinh": 3,
    "Phòng Văn hóa - Thông tin Thành phố Vinh": 7,
    "Công an Thành phố Vinh": 3,
    "Ủy ban MTTQ Việt Nam Thành phố Vinh": 6,
    "Các tổ chức cơ sở đảng trực thuộc Thành ủy": 5,
}


class LoadingTests(PlanTestCase):
    def test_every_body_of_section_three_has_exactly_its_tasks(self):
        counts = Counter(self.plan.tasks.values_list("lead_agency__name", flat=True))
        self.assertEqual(dict(counts), EXPECTED)
        self.assertEqual(self.plan.tasks.count(), 52)

    def test_the_data_file_and_the_database_agree_task_by_task(self):
        data = read_plan_data()
        expected = [
            (block["section"], block["lead"], " ".join(t["content"].split()))
            for block in data["assignments"]
            for t in block["tasks"]
        ]
        loaded = list(
            self.plan.tasks.order_by("order").values_list(
                "section__number", "lead_agency__name", "content"
            )
        )
        self.assertEqual(loaded, expected)

    def test_tasks_are_numbered_within_their_section(self):
        numbers = list(
            self.plan.tasks.filter(section__number="III.4").values_list("number", flat=True)
        )
        self.assertEqual(numbers, ["III.4.1", "III.4.2", "III.4.3"])
        self.assertTrue(self.plan.tasks.filter(number="III.3.29").exists())
        self.assertFalse(self.plan.tasks.filter(number="III.3.30").exists())

    def test_coordinating_bodies_follow_the_text(self):
        task = self.plan.tasks.get(content__startswith="Chủ trì, phối hợp với Công an Thành phố")
        self.assertEqual(
            task.lead_agency.name, "Phòng Lao động - Thương binh và Xã hội Thành phố Vinh"
        )
        self.assertEqual(
            set(task.coordinating_agencies.values_list("name", flat=True)),
            {
                "Công an Thành phố Vinh",
                "Phòng Văn hóa - Thông tin Thành phố Vinh",
                "Phòng Giáo dục và Đào tạo Thành phố Vinh",
                "Phòng Y tế Thành phố Vinh",
            },
        )
        boards = self.plan.tasks.get(lead_agency__name__startswith="Ủy ban Kiểm tra")
        self.assertEqual(
            list(boards.coordinating_agencies.values_list("name", flat=True)),
            ["Ban Tuyên giáo Thành ủy"],
        )

    def test_timing_follows_the_text(self):
        yearly = set(self.plan.tasks.filter(timing=Timing.YEARLY).values_list("content", flat=True))
        self.assertEqual(len(yearly), 2)
        self.assertTrue(any(c.startswith("Định kỳ báo cáo") for c in yearly))
        self.assertTrue(any(c.startswith("Hằng năm tiến hành kiểm tra") for c in yearly))
        self.assertEqual(self.plan.tasks.filter(timing=Timing.CONTINUOUS).count(), 50)

    def test_sections_one_two_three_are_loaded(self):
        numbers = list(self.plan.sections.values_list("number", flat=True))
        self.assertEqual(
            numbers,
            ["I", "I.1", "I.2", "II", "II.1", "II.2", "II.3", "III"]
            + [f"III.{n}" for n in range(1, 7)],
        )
        self.assertIn("phổ cập giáo dục mầm non", self.plan.sections.get(number="II.2").body)

    def test_plan_belongs_to_the_former_city(self):
        self.assertEqual(self.plan.owner_agency.name, "Thành ủy Vinh")
        self.assertEqual(self.plan.unit.name, "Thành phố Vinh")
        self.assertIsNotNone(self.plan.unit.valid_to)
        self.assertIn("Nguyễn Văn Lư", self.plan.signature)

    def test_guiding_documents_and_their_links(self):
        symbols = dict(GuidingDocument.objects.values_list("number_symbol", "issuing_body"))
        self.assertEqual(symbols["28-CT/TW"], "Bộ Chính trị")
        self.assertEqual(symbols["68-HD/BTGTU"], "Ban Tuyên giáo Tỉnh ủy Nghệ An")
        self.assertIn("06-CT/TU", symbols)
        ct28 = GuidingDocument.objects.get(number_symbol="28-CT/TW")
        self.assertEqual(ct28.issued_on.isoformat(), "2023-12-25")
        self.assertEqual(self.plan.document.issued_year, 2024)
        links = set(DocumentLink.objects.values_list("source__code", "kind", "target__code"))
        self.assertIn(("hd-68-btgtu-2024", "guides", "ct-28-tw-2023"), links)
        self.assertIn(("kh-thu-vinh-ct28-2024", "implements", "ct-28-tw-2023"), links)
        self.assertEqual(len(links), 4)

    def test_the_media_centre_named_in_the_text_is_added_as_a_former_body(self):
        centre = Agency.objects.get(name__startswith="Trung tâm Văn hóa, Thể thao")
        self.assertIsNotNone(centre.valid_to)

    def test_loading_again_changes_nothing(self):
        counts = (Plan.objects.count(), PlanSection.objects.count(), Task.objects.count())
        events = AuditEvent.objects.count()
        load_plan_ct28()
        call_command("load_plan_ct28", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(
            (Plan.objects.count(), PlanSection.objects.count(), Task.objects.count()), counts
        )
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertEqual(GuidingDocument.objects.count(), 4)
