"""The pages of the load test's journey stay within a number of queries
(issue 19, "serving under load"): recording a report with a new child, the
case page and saving the verification report. The ceilings are what the
work needs; a page that asks more (a query per list, per record or per
check) fails here before it slows the ward's officers."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from treem.accounts.models import User
from treem.audit.models import Action, AuditEvent
from treem.cases.models import AccessGrant, Case, CaseStatus, Channel
from treem.cases.services import add_service, refer_case, save_step
from treem.cases.services.access import may_read

from .base import STEP_DATA, CaseTestCase

# Each page also pays the request's own: the session, the user, their role
# assignments and the units they reach (four queries). Counted on the test
# database, where the working-day calendar is read once more than in a
# running server (its cache is per process).
INTAKE_POST = 22
CASE_PAGE_NEW = 9
CASE_PAGE_FULL = 20
VERIFICATION_POST = 12


class QueryTestCase(CaseTestCase):
    def count(self, request):
        with CaptureQueriesContext(connection) as queries:
            response = request()
        return response, [q["sql"] for q in queries.captured_queries]

    def post_intake(self, **extra):
        """As the load test posts it: a new child, the officer has checked."""
        data = {
            "channel": "citizen",
            "received_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            "event_ward": self.ward_a.pk,
            "event_place": "Số 12, ngõ 4",
            "description": "Hàng xóm báo trẻ bị bỏ mặc",
            "harm_kinds": [self.violence.pk],
            "perpetrator_relation": "parent",
            "full_name": "Lê Minh Khánh",
            "date_of_birth": "02/05/2018",
            "sex": "M",
            "unit": self.group_a.pk,
            "confirmed": "on",
            **extra,
        }
        return self.count(lambda: self.client.post(reverse("cases:intake"), data))


class IntakeQueryTests(QueryTestCase):
    def test_a_report_with_a_new_child_stays_within_its_queries(self):
        self.login(self.officer_a)
        response, queries = self.post_intake()
        case = Case.objects.get()
        self.assertRedirects(response, case.get_absolute_url(), fetch_redirect_response=False)
        self.assertLessEqual(len(queries), INTAKE_POST, queries)

    def test_an_unconfirmed_child_like_one_registered_still_gets_the_warning(self):
        self.login(self.officer_a)
        response, _queries = self.post_intake(
            full_name="Nguyễn Thị Ánh", date_of_birth="14/03/2016", sex="F", confirmed=""
        )
        self.assertFalse(Case.objects.exists())
        self.assertContains(response, 'id="duplicate-candidates"')
        self.assertContains(response, f'name="pick_child" value="{self.child_a.pk}"')

    def test_an_id_number_is_still_checked_against_the_province_codes(self):
        # The intake reads the province codes only when an ID is typed.
        self.login(self.officer_a)
        response, _queries = self.post_intake(personal_id="999316000123")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Case.objects.exists())
        self.assertTrue(response.context["form"].errors["personal_id"])

    def test_every_record_of_the_report_is_audited_in_the_cases_ward(self):
        self.login(self.officer_a)
        self.post_intake(channel=Channel.HOTLINE_111)
        case = Case.objects.get()
        created = AuditEvent.objects.filter(action=Action.CREATE, actor=self.officer_a)
        kinds = set(created.values_list("subject_type", flat=True))
        self.assertLessEqual(
            {"children.child", "cases.case", "cases.intake", "cases.transfer"}, kinds
        )
        for event in created.filter(subject_type__startswith="cases."):
            self.assertEqual(event.unit_id, case.unit_id, event.subject_type)
        intake_event = created.get(subject_type="cases.intake")
        self.assertEqual(intake_event.changes["case"]["new"], case.pk)

    def test_the_timeline_starts_received_then_passed_on_at_once(self):
        self.login(self.officer_a)
        self.post_intake()
        changes = list(Case.objects.get().status_changes.all())
        self.assertEqual(
            [(c.from_status, c.to_status) for c in changes],
            [("", CaseStatus.RECEIVED), (CaseStatus.RECEIVED, CaseStatus.INITIAL_ASSESSMENT)],
        )
        self.assertEqual(changes[0].at, changes[1].at)

    def test_a_reporter_outside_the_cases_ward_lands_on_their_reports(self):
        self.login(self.collaborator_a)
        response, _queries = self.post_intake()
        self.assertRedirects(response, reverse("cases:my-reports"), fetch_redirect_response=False)


class CasePageQueryTests(QueryTestCase):
    def test_the_page_of_a_new_case_stays_within_its_queries(self):
        case = self.intake()
        self.login(self.officer_a)
        response, queries = self.count(lambda: self.client.get(case.get_absolute_url()))
        self.assertEqual(response.status_code, 200)
        self.assertLessEqual(len(queries), CASE_PAGE_NEW, queries)

    def test_the_page_of_a_case_through_the_whole_procedure_stays_within_its_queries(self):
        case = self.intake()
        save_step(case, "verification", STEP_DATA["verification"], actor=self.officer_a)
        case = self.run_to(case, CaseStatus.IMPLEMENTATION)
        add_service(
            case,
            actor=self.officer_a,
            service_type=self.medical,
            started_on=timezone.localdate(),
            state="planned",
        )
        refer_case(case, actor=self.officer_a, agency=self.police_a, reason="Cần điều tra")
        self.login(self.officer_a)
        response, queries = self.count(lambda: self.client.get(case.get_absolute_url()))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="step-plan-1"')
        self.assertContains(response, 'id="decisions"')
        self.assertLessEqual(len(queries), CASE_PAGE_FULL, queries)


class VerificationQueryTests(QueryTestCase):
    def test_saving_the_verification_report_stays_within_its_queries(self):
        case = self.intake()
        self.login(self.officer_a)
        url = reverse("cases:step", args=[case.pk, "verification"])
        data = {
            "verified_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            "sources": "Hàng xóm",
            "findings": "Đã xác minh tại nhà",
            "substantiated": "on",
            "version": "0",
        }
        response, queries = self.count(lambda: self.client.post(url, data))
        self.assertRedirects(response, case.get_absolute_url(), fetch_redirect_response=False)
        self.assertLessEqual(len(queries), VERIFICATION_POST, queries)


class MayReadTests(CaseTestCase):
    """get_case checks the sealing rule on the loaded case: it must say what
    Case.objects.visible_to says, for every persona and every way in."""

    def setUp(self):
        self.case = self.intake()

    def assert_same_as_visible_to(self):
        for user in User.objects.all():
            visible = Case.objects.visible_to(user).filter(pk=self.case.pk).exists()
            self.assertIs(may_read(user, self.case), visible, user.username)

    def test_the_personas_read_what_visible_to_shows(self):
        self.assert_same_as_visible_to()

    def test_an_assigned_officer_from_elsewhere_reads_it(self):
        Case.objects.filter(pk=self.case.pk).update(assigned_officer=self.officer_b)
        self.case.refresh_from_db()
        self.assertTrue(may_read(self.officer_b, self.case))
        self.assert_same_as_visible_to()

    def test_a_grant_opens_it_until_it_expires(self):
        now = timezone.now()
        grant = AccessGrant.objects.create(
            case=self.case,
            user=self.officer_b,
            reason="Trẻ đang ở phường tôi",
            expires_at=now + datetime.timedelta(hours=1),
        )
        self.assertTrue(may_read(self.officer_b, self.case))
        self.assert_same_as_visible_to()
        AccessGrant.objects.filter(pk=grant.pk).update(expires_at=now)
        self.assertFalse(may_read(self.officer_b, self.case))
        self.assert_same_as_visible_to()

    def test_a_deactivated_officer_reads_nothing(self):
        User.objects.filter(pk=self.officer_a.pk).update(is_active=False)
        self.officer_a.refresh_from_db()
        self.assertFalse(may_read(self.officer_a, self.case))
        self.assert_same_as_visible_to()
