import datetime
from collections import Counter

from django.core.management import call_command

from treem.agencies.models import Agency
from treem.audit.models import AuditEvent
from treem.plans.models import DocumentLink, GuidingDocument, Plan, PlanSection, Task, Timing
from treem.plans.services.loader import EDITORIAL_MARK, load_plan_ct28, read_plan_data
from treem.plans.services.plans import update_plan

from .helpers import PlanTestCase

# Tasks per body of section III, as extracted from the document (see the
# header of data/ct28-plan.yaml for the rules).
EXPECTED = {
    "Ban Tuyên giáo Thành ủy": 4,
    # III.1, second bullet: four bodies, each owing the duty.
    "Ủy ban Kiểm tra Thành ủy Vinh": 1,
    "Ban Tổ chức Thành ủy Vinh": 1,
    "Ban Dân vận Thành ủy Vinh": 1,
    "Văn phòng Thành ủy Vinh": 1,
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
        self.assertEqual(self.plan.tasks.count(), 55)

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
        for board in self.plan.tasks.filter(number__in=[f"III.1.{n}" for n in range(5, 9)]):
            self.assertEqual(
                list(board.coordinating_agencies.values_list("name", flat=True)),
                ["Ban Tuyên giáo Thành ủy"],
            )

    def test_timing_follows_the_text(self):
        yearly = set(self.plan.tasks.filter(timing=Timing.YEARLY).values_list("content", flat=True))
        self.assertEqual(len(yearly), 2)
        self.assertTrue(any(c.startswith("Định kỳ báo cáo") for c in yearly))
        self.assertTrue(any(c.startswith("Hằng năm tiến hành kiểm tra") for c in yearly))
        self.assertEqual(self.plan.tasks.filter(timing=Timing.CONTINUOUS).count(), 53)

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


class PlanDataFollowsTheTextTests(PlanTestCase):
    """The plan's data as its text gives it (shared/domain/ke-hoach-thuc-hien-chi-thi-28.txt)."""

    BOARDS = [
        "Ủy ban Kiểm tra Thành ủy Vinh",
        "Ban Tổ chức Thành ủy Vinh",
        "Ban Dân vận Thành ủy Vinh",
        "Văn phòng Thành ủy Vinh",
    ]

    def test_each_of_the_four_bodies_of_section_III_1_second_bullet_owes_the_duty(self):
        # "Uỷ ban Kiểm tra, Ban Tổ chức, Ban Dân vận và Văn phòng Thành uỷ phối hợp với Ban
        # Tuyên giáo Thành uỷ … tham mưu triển khai Kế hoạch này" (III.1): four bodies.
        tasks = self.plan.tasks.filter(number__in=[f"III.1.{n}" for n in range(5, 9)])
        self.assertEqual([t.lead_agency.name for t in tasks.order_by("order")], self.BOARDS)
        self.assertEqual({t.content for t in tasks}, {tasks[0].content})
        self.assertTrue(tasks[0].content.startswith("Phối hợp với Ban Tuyên giáo Thành uỷ"))

    def test_no_invented_joint_body_owes_a_duty(self):
        self.assertFalse(self.plan.tasks.filter(lead_agency__name__contains=", ").exists())

    def test_the_four_bodies_are_former_bodies_with_the_city_boards_successors(self):
        propaganda = Agency.objects.get(name="Ban Tuyên giáo Thành ủy")
        expected = set(propaganda.successors.values_list("pk", flat=True))
        for name in self.BOARDS:
            with self.subTest(body=name):
                body = Agency.objects.get(name=name)
                self.assertEqual(body.valid_to, datetime.date(2025, 6, 30))
                self.assertEqual(set(body.successors.values_list("pk", flat=True)), expected)
                self.assertIn("mục III.1", body.source)

    def test_the_period_starts_no_earlier_than_the_guidance_it_implements(self):
        # The copy is dated "ngày … tháng … năm 2024" and implements Guidance 68-HD/BTGTU of
        # 13/3/2024 (preamble): not 2024-01-01.
        self.assertEqual(self.plan.period_start, datetime.date(2024, 3, 13))
        self.assertIn("68-HD/BTGTU ngày 13/3/2024", self.plan.preamble)

    def test_sub_headings_of_sections_one_and_two_are_marked_editorial(self):
        titles = dict(self.plan.sections.values_list("number", "title"))
        for number in ("I.1", "I.2", "II.1", "II.2", "II.3"):
            self.assertTrue(titles[number].endswith(EDITORIAL_MARK), number)
        # The headings the text itself prints are not.
        self.assertEqual(titles["I"], "MỤC ĐÍCH, YÊU CẦU")
        self.assertEqual(titles["II"], "NHIỆM VỤ TRỌNG TÂM")
        self.assertNotIn(EDITORIAL_MARK, titles["III.4"])

    def test_reporting_settings_are_local_practice_the_administrator_changes(self):
        data = read_plan_data()["plan"]["settings"]
        self.assertEqual(data["basis"], "local_practice")
        self.assertIn("văn bản không quy định", data["note"])
        self.assertEqual(self.plan.continuous_frequency, Timing.QUARTERLY)
        update_plan(
            self.plan,
            actor=self.province_officer,
            continuous_frequency=Timing.SIX_MONTHLY,
            reminder_days=3,
        )
        load_plan_ct28()
        self.plan.refresh_from_db()
        self.assertEqual(
            (self.plan.continuous_frequency, self.plan.reminder_days), (Timing.SIX_MONTHLY, 3)
        )


class LoadingUpdatesAnEarlierDatabaseTests(PlanTestCase):
    """A database loaded from the earlier data (a joint body, the period from
    1/1/2024, untagged sub-headings) is brought up to date, once."""

    def setUp(self):
        joint = Agency.objects.get(
            name="Ủy ban Kiểm tra, Ban Tổ chức, Ban Dân vận, Văn phòng Thành ủy"
        )
        self.plan.tasks.filter(number__in=["III.1.6", "III.1.7", "III.1.8"]).delete()
        self.plan.tasks.filter(number="III.1.5").update(lead_agency=joint)
        Plan.objects.filter(pk=self.plan.pk).update(period_start=datetime.date(2024, 1, 1))
        PlanSection.objects.filter(number="I.1").update(title="Nâng cao nhận thức, trách nhiệm")

    def test_loading_corrects_it_and_a_second_load_changes_nothing(self):
        load_plan_ct28()
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.period_start, datetime.date(2024, 3, 13))
        leads = self.plan.tasks.filter(section__number="III.1").order_by("order")
        self.assertEqual(
            [t.lead_agency.name for t in leads][4:], PlanDataFollowsTheTextTests.BOARDS
        )
        self.assertTrue(self.plan.sections.get(number="I.1").title.endswith(EDITORIAL_MARK))
        events = AuditEvent.objects.count()
        load_plan_ct28()
        self.assertEqual(AuditEvent.objects.count(), events)
