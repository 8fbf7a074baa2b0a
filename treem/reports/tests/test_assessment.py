import datetime
from decimal import Decimal
from unittest import mock

from treem.audit.models import AuditEvent
from treem.children.services import add_support
from treem.reports.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionItem,
    Threshold,
)
from treem.reports.services import EditConflict, ReportsError, ReportsPermissionError
from treem.reports.services.assessments import (
    change_assessment_status,
    create_assessment,
    refresh_evidence,
    save_assessment,
    summarise,
)
from treem.reports.services.criteria import load_child_friendly_criteria

from .base import ReportsTestCase, indicator_row

# Points for every item, by code: 880 in all (hand-added: criteria
# 100 + 60 + 80 + 80 + 70 + 125 + 50 + 70 + 60 + 60 + 50 + 35 + 40).
FULL = {
    "1.1": 50, "1.2": 15, "1.3": 15, "1.4": 20,
    "2.1": 60, "2.2": 0,
    "3.1": 80, "4.1": 80, "5.1": 70,
    "6.1": 50, "6.2": 75,
    "7.1": 50,
    "8.1": 40, "8.2": 30,
    "9.1": 60,
    "10.1": 40, "10.2": 20,
    "11.1": 50, "12.1": 35, "13.1": 40,
}  # fmt: skip


def by_code(points):
    items = {i.code: i.pk for i in CriterionItem.objects.all()}
    return {items[c]: {"points": p, "note": ""} for c, p in points.items()}


class CriteriaDataTests(ReportsTestCase):
    def test_the_thirteen_criteria_are_loaded_with_their_known_points_flagged(self):
        self.assertEqual(Criterion.objects.count(), 13)
        first = Criterion.objects.get(number=1)
        self.assertEqual(first.max_points, 100)
        self.assertFalse(first.verified)
        self.assertIn("QĐ 06", first.source)
        self.assertEqual(Criterion.objects.get(number=6).max_points, 125)
        self.assertEqual(CriterionItem.objects.get(code="6.1").max_points, 50)
        self.assertEqual(CriterionItem.objects.get(code="7.1").target_value, Decimal(98))

    def test_the_thresholds_are_data_with_their_source(self):
        self.assertEqual(
            list(Threshold.objects.values_list("min_total", flat=True)), [850, 900, 800]
        )
        self.assertEqual(Threshold.objects.get(is_default=True).min_total, 850)
        self.assertTrue(all(t.source for t in Threshold.objects.all()))

    def test_loading_again_creates_nothing_and_keeps_corrections(self):
        Criterion.objects.filter(number=2).update(max_points=100)
        self.assertEqual(load_child_friendly_criteria(), 0)
        self.assertEqual(Criterion.objects.get(number=2).max_points, 100)


class ScoringTests(ReportsTestCase):
    def scored(self, points, threshold_code="chung"):
        assessment = create_assessment(
            self.ward_a,
            2025,
            actor=self.officer_a,
            threshold=Threshold.objects.get(code=threshold_code),
        )
        return save_assessment(assessment, actor=self.officer_a, scores=by_code(points))

    def test_the_total_is_the_sum_of_the_items(self):
        assessment = self.scored(FULL)
        self.assertEqual(assessment.total_points, Decimal(880))
        self.assertEqual(assessment.zero_criteria, [])
        self.assertTrue(assessment.passed)

    def test_the_threshold_depends_on_the_category_of_unit(self):
        self.assertTrue(self.scored(FULL, "xa-mien-nui-hai-dao-dbkk").passed)
        Assessment.objects.all().delete()
        central = self.scored(FULL, "phuong-thanh-pho-truc-thuoc-tw")
        self.assertEqual(central.min_total, 900)
        self.assertFalse(central.passed)

    def test_a_criterion_at_zero_fails_the_ward_whatever_the_total(self):
        assessment = self.scored({**FULL, "13.1": 0, "1.4": 20})
        self.assertEqual(assessment.total_points, Decimal(840))
        self.assertEqual(assessment.zero_criteria, [13])
        self.assertFalse(assessment.passed)

    def test_a_criterion_below_its_required_points_is_not_met(self):
        Criterion.objects.filter(number=6).update(min_points=100)
        assessment = self.scored({**FULL, "6.2": 40})
        self.assertEqual(assessment.failed_criteria, [6])
        self.assertFalse(assessment.passed)

    def test_unscored_items_count_as_zero(self):
        criteria = list(Criterion.objects.prefetch_related("items"))
        item = CriterionItem.objects.get(code="1.1")
        total, zero, failed = summarise(criteria, {item.pk: Decimal(50)})
        self.assertEqual(total, Decimal(50))
        self.assertEqual(zero, list(range(2, 14)))
        self.assertEqual(failed, [])

    def test_points_above_the_item_maximum_are_refused_and_nothing_is_saved(self):
        assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        with self.assertRaises(ReportsError):
            save_assessment(
                assessment, actor=self.officer_a, scores=by_code({"1.2": 15, "1.1": 51})
            )
        self.assertFalse(assessment.scores.filter(item__code="1.2", points=15).exists())


class EvidenceTests(ReportsTestCase):
    def score(self, assessment, code):
        return assessment.scores.get(item__code=code)

    def test_computable_items_are_prefilled_with_their_evidence(self):
        assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        ids = self.score(assessment, "2.2")
        # 2 of the 4 children of ward A have a valid personal ID.
        self.assertEqual(ids.evidence_value, Decimal("50.0"))
        self.assertIn("2", ids.evidence)
        self.assertIn("4", ids.evidence)
        births = self.score(assessment, "2.1")
        self.assertEqual(births.evidence_value, Decimal("50.0"))
        supported = self.score(assessment, "6.1")
        # 1 of 2 children in special circumstances supported: below 95 %.
        self.assertEqual(supported.evidence_value, Decimal("50.0"))
        self.assertEqual(supported.points, Decimal(0))
        self.assertEqual(self.score(assessment, "1.1").evidence, "")
        self.assertIsNone(self.score(assessment, "1.1").points)

    def test_refreshing_takes_new_data_but_keeps_points_entered_by_hand(self):
        assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        add_support(
            self.children_a[1],
            actor=self.officer_a,
            support_type=self.support_type,
            received_on=datetime.date(2025, 4, 1),
        )
        assessment = save_assessment(assessment, actor=self.officer_a, scores=by_code({"2.2": 7}))
        refresh_evidence(assessment, actor=self.officer_a)
        self.assertEqual(self.score(assessment, "6.1").evidence_value, Decimal("100.0"))
        self.assertEqual(self.score(assessment, "6.1").points, Decimal(50))
        self.assertEqual(self.score(assessment, "2.2").points, Decimal(7))

    def test_indicator_items_take_the_catalogue_value(self):
        rows = [indicator_row("YT01", "98.5"), indicator_row("YT03", "12.0", name="Nhẹ cân")]
        with mock.patch("treem.reports.evidence.indicator_rows", return_value=rows):
            assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        vaccinated = self.score(assessment, "7.1")
        self.assertEqual(vaccinated.evidence_value, Decimal("98.5"))
        self.assertEqual(vaccinated.points, Decimal(50))
        self.assertIn("197/200", vaccinated.evidence)
        self.assertIn("Nhẹ cân", self.score(assessment, "8.1").evidence)

    def test_a_suppressed_indicator_gives_no_value(self):
        rows = [indicator_row("YT01", None, suppressed=True)]
        with mock.patch("treem.reports.evidence.indicator_rows", return_value=rows):
            assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        self.assertIsNone(self.score(assessment, "7.1").evidence_value)
        self.assertIsNone(self.score(assessment, "7.1").points)

    def test_the_other_ward_children_are_not_counted(self):
        assessment = create_assessment(self.ward_b, 2025, actor=self.officer_b)
        self.assertEqual(self.score(assessment, "2.2").evidence_value, Decimal("100.0"))


class WorkflowTests(ReportsTestCase):
    def setUp(self):
        self.assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)

    def fill(self):
        return save_assessment(self.assessment, actor=self.officer_a, scores=by_code(FULL))

    def test_a_ward_submits_and_the_province_confirms(self):
        assessment = self.fill()
        assessment = change_assessment_status(assessment, "submitted", actor=self.officer_a)
        self.assertIsNotNone(assessment.submitted_at)
        assessment = change_assessment_status(assessment, "confirmed", actor=self.province_officer)
        self.assertEqual(assessment.status, AssessmentStatus.CONFIRMED)
        self.assertEqual(assessment.confirmed_by, self.province_officer)
        events = AuditEvent.objects.filter(
            subject_type="reports.assessment", subject_id=str(assessment.pk)
        ).order_by("pk")
        statuses = [e.changes["status"]["new"] for e in events if "status" in e.changes]
        self.assertEqual(statuses, ["draft", "submitted", "confirmed"])

    def test_an_assessment_with_unscored_items_cannot_be_submitted(self):
        with self.assertRaises(ReportsError):
            change_assessment_status(self.assessment, "submitted", actor=self.officer_a)

    def test_the_ward_cannot_confirm_its_own_assessment(self):
        assessment = change_assessment_status(self.fill(), "submitted", actor=self.officer_a)
        for user in (self.officer_a, self.approver_a):
            with self.assertRaises(ReportsPermissionError):
                change_assessment_status(assessment, "confirmed", actor=user)

    def test_illegal_moves_are_refused(self):
        with self.assertRaises(ReportsError):
            change_assessment_status(self.fill(), "confirmed", actor=self.province_officer)
        with self.assertRaises(ReportsError):
            change_assessment_status(self.assessment, "nonsense", actor=self.officer_a)

    def test_a_returned_assessment_is_editable_again_and_a_submitted_one_is_not(self):
        assessment = change_assessment_status(self.fill(), "submitted", actor=self.officer_a)
        with self.assertRaises(ReportsError):
            save_assessment(assessment, actor=self.officer_a, scores=by_code({"1.1": 0}))
        assessment = change_assessment_status(assessment, "draft", actor=self.province_officer)
        save_assessment(assessment, actor=self.officer_a, scores=by_code({"1.1": 0}))

    def test_a_save_based_on_an_old_version_is_refused(self):
        version = self.assessment.version
        save_assessment(
            self.assessment,
            actor=self.officer_a,
            scores=by_code({"1.1": 50}),
            expected_version=version,
        )
        with self.assertRaises(EditConflict):
            save_assessment(
                self.assessment,
                actor=self.approver_a,
                scores=by_code({"1.1": 10}),
                expected_version=version,
            )
        self.assertTrue(self.assessment.scores.filter(item__code="1.1", points=50).exists())

    def test_another_ward_officer_cannot_assess_or_create(self):
        with self.assertRaises(ReportsPermissionError):
            save_assessment(self.assessment, actor=self.officer_b, scores={})
        with self.assertRaises(ReportsPermissionError):
            create_assessment(self.ward_a, 2024, actor=self.officer_b)

    def test_one_assessment_per_ward_and_year(self):
        with self.assertRaises(ReportsError):
            create_assessment(self.ward_a, 2025, actor=self.officer_a)
