"""The criteria engine: sets as dated data with their sources, and the
assessments of schools and families of a ward scored, submitted and
confirmed by the ward's leaders on the same engine as the ward assessment."""

import datetime
from decimal import Decimal

from treem.agencies.models import Agency, Kind
from treem.agencies.services import create_agency
from treem.audit.models import AuditEvent
from treem.core.testing import PersonaTestCase
from treem.reports.models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    CriterionItem,
    SetKind,
    Threshold,
)
from treem.reports.services import ReportsError, ReportsPermissionError
from treem.reports.services.assessments import (
    change_assessment_status,
    create_assessment,
    save_assessment,
)
from treem.reports.services.criteria import (
    WARD_SET,
    load_criteria_sets,
    save_criteria_set,
    save_criterion,
    save_criterion_item,
    save_threshold,
)


def full_points(assessment, **overrides):
    return {
        s.item_id: {"points": overrides.get(s.item.code, s.item.max_points), "note": ""}
        for s in assessment.scores.select_related("item")
    }


class SetsTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_criteria_sets()
        cls.school_set = CriteriaSet.objects.get(kind=SetKind.SCHOOL)
        cls.family_set = CriteriaSet.objects.get(kind=SetKind.FAMILY)
        cls.school_a = create_agency(
            actor=None,
            name="Trường Tiểu học Trường Vinh",
            kind=Kind.SCHOOL,
            unit=cls.ward_a,
            valid_from=datetime.date(2025, 7, 1),
        )
        cls.school_b = create_agency(
            actor=None,
            name="Trường Tiểu học Thành Vinh",
            kind=Kind.SCHOOL,
            unit=cls.ward_b,
            valid_from=datetime.date(2025, 7, 1),
        )

    def school_assessment(self, year=2025, **kwargs):
        return create_assessment(
            self.ward_a,
            year,
            actor=self.officer_a,
            criteria_set=self.school_set,
            school=self.school_a,
            **kwargs,
        )

    def family_assessment(self, name="Hộ ông Nguyễn Văn Hùng", **kwargs):
        return create_assessment(
            self.ward_a,
            2025,
            actor=self.officer_a,
            criteria_set=self.family_set,
            household_name=name,
            household_group=self.group_a,
            **kwargs,
        )


class CriteriaSetDataTests(SetsTestCase):
    def test_every_shipped_set_is_loaded_with_its_source(self):
        kinds = dict(CriteriaSet.objects.values_list("code", "kind"))
        self.assertEqual(kinds[WARD_SET], SetKind.WARD)
        self.assertEqual(sorted(kinds.values()), ["family", "school", "ward"])
        for criteria_set in CriteriaSet.objects.all():
            self.assertTrue(criteria_set.source, criteria_set.code)
            self.assertTrue(criteria_set.criteria.exists(), criteria_set.code)
            self.assertEqual(criteria_set.thresholds.filter(is_default=True).count(), 1)

    def test_sets_without_a_verified_text_are_marked_local_practice(self):
        self.assertTrue(self.family_set.local_practice)
        self.assertIn("thực tiễn địa phương", self.family_set.source.lower())
        self.assertTrue(self.school_set.local_practice)
        self.assertIn("18/2023/TT-BGDĐT", self.school_set.source)
        self.assertFalse(CriteriaSet.objects.get(code=WARD_SET).local_practice)

    def test_item_codes_repeat_across_sets_but_not_within_one(self):
        self.assertEqual(CriterionItem.objects.filter(code="1.1").count(), 3)
        criterion = Criterion.objects.get(criteria_set=self.school_set, number=1)
        with self.assertRaises(ReportsError):
            save_criterion_item(
                None, actor=self.admin, criterion=criterion, code="1.1", text="Trùng", order=9
            )

    def test_loading_again_creates_nothing(self):
        self.assertEqual(load_criteria_sets(), 0)

    def test_the_ward_set_keeps_the_thirteen_criteria(self):
        ward = CriteriaSet.objects.get(code=WARD_SET)
        self.assertEqual(ward.criteria.count(), 13)
        self.assertEqual(ward.thresholds.count(), 3)

    def test_an_administrator_edits_a_set_and_adds_a_criterion_audited(self):
        save_criteria_set(
            self.family_set,
            actor=self.admin,
            valid_from=datetime.date(2026, 1, 1),
            source="Quyết định của UBND tỉnh (thực tiễn địa phương)",
        )
        criterion = save_criterion(
            None,
            actor=self.admin,
            criteria_set=self.family_set,
            number=6,
            name="Gia đình tham gia sinh hoạt cộng đồng",
            max_points=10,
        )
        self.assertEqual(criterion.criteria_set, self.family_set)
        self.assertTrue(
            AuditEvent.objects.filter(
                subject_type="reports.criteriaset", subject_id=str(self.family_set.pk)
            ).exists()
        )
        with self.assertRaises(ReportsError):
            save_criterion(None, actor=self.admin, criteria_set=self.family_set, number=6, name="x")

    def test_officers_may_not_change_a_set(self):
        with self.assertRaises(ReportsPermissionError):
            save_criteria_set(self.family_set, actor=self.officer_a, name="Khác")

    def test_a_set_not_in_force_that_year_is_refused(self):
        save_criteria_set(self.school_set, actor=self.admin, valid_from=datetime.date(2026, 1, 1))
        with self.assertRaises(ReportsError):
            self.school_assessment(year=2025)

    def test_a_default_threshold_is_the_only_one_of_its_set(self):
        save_threshold(
            None,
            actor=self.admin,
            criteria_set=self.school_set,
            code="cao",
            name="Trường chuẩn cao",
            min_total=90,
            is_default=True,
        )
        self.assertEqual(self.school_set.thresholds.get(is_default=True).code, "cao")
        # The ward set's default is left alone.
        self.assertEqual(
            Threshold.objects.get(criteria_set__code=WARD_SET, is_default=True).min_total, 850
        )


class SchoolAssessmentTests(SetsTestCase):
    def test_a_ward_officer_scores_a_school_and_the_leader_confirms(self):
        assessment = self.school_assessment()
        self.assertEqual(assessment.kind, SetKind.SCHOOL)
        self.assertEqual(assessment.unit, self.ward_a)
        self.assertEqual(assessment.scores.count(), 9)
        assessment = save_assessment(
            assessment, actor=self.officer_a, scores=full_points(assessment, **{"4.2": 5})
        )
        self.assertEqual(assessment.total_points, Decimal(95))
        self.assertTrue(assessment.passed)
        assessment = change_assessment_status(assessment, "submitted", actor=self.officer_a)
        with self.assertRaises(ReportsPermissionError):
            change_assessment_status(assessment, "confirmed", actor=self.officer_a)
        assessment = change_assessment_status(assessment, "confirmed", actor=self.approver_a)
        self.assertEqual(assessment.status, AssessmentStatus.CONFIRMED)
        self.assertEqual(assessment.confirmed_by, self.approver_a)
        events = AuditEvent.objects.filter(
            subject_type="reports.assessment", subject_id=str(assessment.pk)
        )
        statuses = [e.changes["status"]["new"] for e in events if "status" in e.changes]
        self.assertEqual(sorted(statuses), ["confirmed", "draft", "submitted"])

    def test_a_criterion_below_its_minimum_fails_the_school(self):
        assessment = self.school_assessment()
        # 5.1 (no serious injury in the school) must be met in full.
        assessment = save_assessment(
            assessment, actor=self.officer_a, scores=full_points(assessment, **{"5.1": 10})
        )
        self.assertEqual(assessment.total_points, Decimal(90))
        self.assertEqual(assessment.failed_criteria, [5])
        self.assertFalse(assessment.passed)

    def test_a_total_below_the_threshold_fails(self):
        assessment = self.school_assessment()
        scores = full_points(assessment, **{"1.2": 0, "2.2": 0, "3.2": 0})
        assessment = save_assessment(assessment, actor=self.officer_a, scores=scores)
        self.assertEqual(assessment.total_points, Decimal(70))
        self.assertEqual(assessment.failed_criteria, [])
        self.assertFalse(assessment.passed)

    def test_a_school_of_another_ward_or_another_kind_is_refused(self):
        with self.assertRaises(ReportsError):
            create_assessment(
                self.ward_a,
                2025,
                actor=self.officer_a,
                criteria_set=self.school_set,
                school=self.school_b,
            )
        with self.assertRaises(ReportsError):
            create_assessment(
                self.ward_a,
                2025,
                actor=self.officer_a,
                criteria_set=self.school_set,
                school=Agency.objects.get(name="Công an phường Trường Vinh"),
            )

    def test_another_ward_officer_may_not_assess_the_school(self):
        with self.assertRaises(ReportsPermissionError):
            create_assessment(
                self.ward_a,
                2025,
                actor=self.officer_b,
                criteria_set=self.school_set,
                school=self.school_a,
            )

    def test_one_assessment_per_school_set_and_year(self):
        self.school_assessment()
        with self.assertRaises(ReportsError):
            self.school_assessment()
        self.school_assessment(year=2024)

    def test_a_threshold_of_another_set_is_refused(self):
        ward_threshold = Threshold.objects.get(criteria_set__code=WARD_SET, code="chung")
        with self.assertRaises(ReportsError):
            self.school_assessment(threshold=ward_threshold)
        assessment = self.school_assessment()
        with self.assertRaises(ReportsError):
            save_assessment(assessment, actor=self.officer_a, scores={}, threshold=ward_threshold)

    def test_the_ward_assessment_of_the_same_year_is_not_blocked(self):
        self.school_assessment()
        ward = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        self.assertEqual(ward.kind, SetKind.WARD)
        self.assertEqual(ward.criteria_set.code, WARD_SET)


class FamilyAssessmentTests(SetsTestCase):
    def test_a_family_is_assessed_submitted_and_confirmed(self):
        assessment = self.family_assessment(household_address="Số 12, ngõ 3")
        self.assertEqual(assessment.subject, "Hộ ông Nguyễn Văn Hùng")
        self.assertEqual(str(assessment), "Hộ ông Nguyễn Văn Hùng · 2025")
        assessment = save_assessment(
            assessment, actor=self.officer_a, scores=full_points(assessment)
        )
        self.assertEqual(assessment.total_points, Decimal(100))
        assessment = change_assessment_status(assessment, "submitted", actor=self.officer_a)
        assessment = change_assessment_status(assessment, "draft", actor=self.approver_a)
        assessment = change_assessment_status(assessment, "submitted", actor=self.officer_a)
        assessment = change_assessment_status(assessment, "confirmed", actor=self.approver_a)
        self.assertTrue(assessment.passed)

    def test_violence_in_the_family_fails_it_whatever_the_total(self):
        assessment = self.family_assessment()
        assessment = save_assessment(
            assessment, actor=self.officer_a, scores=full_points(assessment, **{"2.1": 0})
        )
        self.assertEqual(assessment.total_points, Decimal(80))
        self.assertEqual(assessment.zero_criteria, [2])
        self.assertFalse(assessment.passed)

    def test_the_household_must_be_named_and_its_group_in_the_ward(self):
        with self.assertRaises(ReportsError):
            self.family_assessment(name="  ")
        with self.assertRaises(ReportsError):
            create_assessment(
                self.ward_a,
                2025,
                actor=self.officer_a,
                criteria_set=self.family_set,
                household_name="Hộ bà Lan",
                household_group=self.group_b,
            )

    def test_the_same_household_is_assessed_once_a_year(self):
        self.family_assessment()
        with self.assertRaises(ReportsError):
            self.family_assessment(name="hộ ông nguyễn văn hùng")
        self.family_assessment(name="Hộ bà Trần Thị Lan")
        self.assertEqual(Assessment.objects.filter(kind=SetKind.FAMILY).count(), 2)

    def test_the_province_confirms_but_another_ward_cannot(self):
        assessment = self.family_assessment()
        save_assessment(assessment, actor=self.officer_a, scores=full_points(assessment))
        assessment = change_assessment_status(assessment, "submitted", actor=self.officer_a)
        with self.assertRaises(ReportsPermissionError):
            change_assessment_status(assessment, "confirmed", actor=self.officer_b)
        change_assessment_status(assessment, "confirmed", actor=self.province_officer)


class OfficialReportRowsTests(SetsTestCase):
    def test_the_official_report_lists_ward_assessments_only(self):
        # The report's table is of child-friendly wards (QĐ 06): a school's or a family's
        # assessment in the same ward and year is no ward row.
        from treem.reports.models import OfficialReport
        from treem.reports.models.official import ReportKind
        from treem.reports.official.data import gather

        self.school_assessment()
        self.family_assessment()
        ward = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        report = OfficialReport(kind=ReportKind.ANNUAL_CHILDREN, unit=self.ward_a, year=2025)
        self.assertEqual(gather(report, self.officer_a).assessments, [ward])


class AssessmentApiSchemaTests(SetsTestCase):
    def test_a_ward_and_a_family_assessment_answer_as_the_schema_says(self):
        # A ward's assessment has no school and no residential group: null, as documented.
        from treem.core.tests.openapi import schema_errors

        create_assessment(self.ward_a, 2025, actor=self.officer_a)
        self.family_assessment()
        client = self.login(self.officer_a)
        response = client.get("/api/v1/assessments/")
        self.assertEqual(response.json()["count"], 2)
        self.assertEqual(schema_errors(response, "/api/v1/assessments/"), [])
        first = response.json()["results"][0]["id"]
        detail = client.get(f"/api/v1/assessments/{first}/")
        self.assertEqual(schema_errors(detail, "/api/v1/assessments/{id}/"), [])
