"""QĐ 06's participation criterion (11: children's right to participate)
reads its evidence from the ward's children's forums: the forums held in
the year and the share of recommendations answered on time."""

import datetime
from decimal import Decimal

from treem.activities.services.forums import (
    change_recommendation,
    raise_recommendation,
    record_forum,
)
from treem.core.testing import PersonaTestCase
from treem.reports.evidence import forum_evidence
from treem.reports.models import CriterionItem, EvidenceSource
from treem.reports.services.assessments import create_assessment, refresh_evidence
from treem.reports.services.criteria import load_child_friendly_criteria

D = datetime.date


class ParticipationEvidenceTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_child_friendly_criteria()
        officer = cls.officer_a
        forum = record_forum(
            actor=officer, unit=cls.ward_a, title="Diễn đàn trẻ em phường", held_on=D(2025, 3, 1)
        )
        record_forum(actor=officer, unit=cls.ward_a, title="Diễn đàn mùa hè", held_on=D(2025, 6, 1))
        record_forum(actor=officer, unit=cls.ward_a, title="Năm trước", held_on=D(2024, 6, 1))
        # Another ward's forum and recommendation are not counted.
        other = record_forum(
            actor=cls.officer_b, unit=cls.ward_b, title="Thành Vinh", held_on=D(2025, 3, 1)
        )
        cls.assign(raise_recommendation(other, actor=cls.officer_b, text="x"), D(2025, 4, 1))

        def rec(text, deadline):
            return cls.assign(raise_recommendation(forum, actor=officer, text=text), deadline)

        on_time = rec("Lắp đèn đường ra sân chơi", D(2025, 4, 1))
        change_recommendation(on_time, "answered", actor=officer, text="Đã lắp", on=D(2025, 3, 20))
        late = rec("Mở lớp dạy bơi", D(2025, 4, 1))
        change_recommendation(late, "answered", actor=officer, text="Đã mở", on=D(2025, 5, 2))
        rec("Sửa sân bóng", D(2025, 4, 15))  # past due, never answered
        raise_recommendation(forum, actor=officer, text="Chưa chuyển")  # not yet due

    @classmethod
    def assign(cls, recommendation, deadline):
        return change_recommendation(
            recommendation,
            "assigned",
            actor=None,
            addressee=cls.police_a,
            deadline=deadline,
        )

    def test_the_participation_item_takes_its_evidence_from_the_forums(self):
        item = CriterionItem.objects.get(code="11.1")
        self.assertEqual(item.evidence_source, EvidenceSource.FORUMS)
        self.assertEqual(item.criterion.number, 11)

    def test_forums_of_the_year_and_answers_on_time_are_counted(self):
        found = forum_evidence(self.ward_a, 2025, today=D(2026, 1, 10))
        # 3 recommendations due (one on time, one late, one never answered).
        self.assertEqual(found.value, Decimal("33.3"))
        self.assertTrue(found.text.startswith("2 "), found.text)
        self.assertIn("1/3", found.text)

    def test_a_year_without_recommendations_due_has_no_value(self):
        found = forum_evidence(self.ward_a, 2023, today=D(2026, 1, 10))
        self.assertIsNone(found.value)

    def test_the_assessment_prefills_the_participation_item(self):
        assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        score = assessment.scores.get(item__code="11.1")
        self.assertEqual(score.evidence_value, Decimal("33.3"))
        self.assertTrue(score.evidence)
        # No point rule for item 11.1 yet: the ward scores it, with the evidence beside it.
        self.assertIsNone(score.points)

    def test_refreshing_reads_a_new_answer(self):
        assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        self.assertEqual(assessment.scores.get(item__code="11.1").evidence_value, Decimal("33.3"))
        record_forum(actor=self.officer_a, unit=self.ward_a, title="Thêm", held_on=D(2025, 9, 1))
        refresh_evidence(assessment, actor=self.officer_a)
        self.assertTrue(assessment.scores.get(item__code="11.1").evidence.startswith("3 "))
