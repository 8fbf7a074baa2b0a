"""Sealing: who sees a case, break the glass, audited views, the reporter's
own intake, and the pages' negative cases."""

import datetime

from django.urls import reverse
from django.utils import timezone

from treem.audit.models import Action, AuditEvent
from treem.cases.models import AccessGrant, Case, CaseStatus
from treem.cases.services import CaseError, break_glass

from .base import CaseTestCase


class SealingTests(CaseTestCase):
    def setUp(self):
        self.case = self.intake()

    def test_the_wards_officers_approver_and_province_officers_see_the_case(self):
        for user in (self.officer_a, self.approver_a, self.province_officer):
            self.assertTrue(Case.objects.visible_to(user).filter(pk=self.case.pk).exists(), user)

    def test_nobody_else_sees_the_case(self):
        for user in (
            self.officer_b,
            self.collaborator_a,
            self.reporter_a,
            self.viewer,
            self.admin,
            self.nobody,
        ):
            self.assertFalse(Case.objects.visible_to(user).filter(pk=self.case.pk).exists(), user)

    def test_the_case_page_is_404_outside_the_ward(self):
        url = reverse("cases:detail", args=[self.case.pk])
        for user in (self.officer_b, self.collaborator_a, self.reporter_a, self.viewer, self.admin):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user)

    def test_every_view_of_a_case_is_audited(self):
        self.login(self.officer_a)
        url = reverse("cases:detail", args=[self.case.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.get(url)
        views = AuditEvent.objects.filter(
            action=Action.VIEW_SENSITIVE, subject_type="cases.case", subject_id=str(self.case.pk)
        )
        self.assertEqual(views.count(), 2)

    def test_an_assigned_officer_from_elsewhere_sees_the_case(self):
        Case.objects.filter(pk=self.case.pk).update(assigned_officer=self.officer_b)
        self.assertTrue(Case.objects.visible_to(self.officer_b).filter(pk=self.case.pk).exists())


class BreakTheGlassTests(CaseTestCase):
    def setUp(self):
        self.case = self.intake()

    def test_another_wards_officer_gets_time_limited_access_with_a_reason(self):
        self.login(self.officer_b)
        response = self.client.post(
            reverse("cases:break-glass"),
            {"number": self.case.number, "reason": "Trẻ đang ở phường tôi, cần biết lịch sử"},
        )
        self.assertRedirects(response, reverse("cases:detail", args=[self.case.pk]))
        grant = AccessGrant.objects.get(case=self.case, user=self.officer_b)
        self.assertAlmostEqual(
            (grant.expires_at - grant.granted_at).total_seconds(), 4 * 3600, delta=1
        )
        page = self.client.get(reverse("cases:detail", args=[self.case.pk]))
        self.assertContains(page, 'id="glass-note"')
        # Reading only: the steps stay closed to them.
        step = self.client.get(reverse("cases:step", args=[self.case.pk, "verification"]))
        self.assertEqual(step.status_code, 404)

    def test_the_access_ends_when_the_time_is_up(self):
        grant = break_glass(self.case.pk, actor=self.officer_b, reason="Cần xem gấp vì trẻ ở đây")
        AccessGrant.objects.filter(pk=grant.pk).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        self.assertFalse(Case.objects.visible_to(self.officer_b).filter(pk=self.case.pk).exists())

    def test_a_reason_is_required(self):
        with self.assertRaises(CaseError):
            break_glass(self.case.pk, actor=self.officer_b, reason="xem")

    def test_the_wards_approver_is_told_and_sees_it_on_the_landing_page(self):
        break_glass(self.case.pk, actor=self.officer_b, reason="Trẻ chuyển đến phường tôi")
        self.assertTrue(
            self.approver_a.case_notifications.filter(key__startswith="glass:").exists()
        )
        self.login(self.approver_a)
        self.assertContains(self.client.get("/"), 'id="glass-events"')
        self.assertTrue(
            AuditEvent.objects.filter(
                subject_type="cases.accessgrant", actor=self.officer_b
            ).exists()
        )

    def test_users_without_case_permission_cannot_break_the_glass(self):
        for user in (self.collaborator_a, self.reporter_a, self.viewer):
            self.login(user)
            self.assertEqual(self.client.get(reverse("cases:break-glass")).status_code, 404)


class IntakeByReportersTests(CaseTestCase):
    def test_a_collaborator_records_a_report_and_sees_only_their_intake(self):
        self.login(self.collaborator_a)
        response = self.client.post(
            reverse("cases:intake"),
            {
                "channel": "collaborator",
                "received_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
                "event_ward": self.ward_a.pk,
                "event_place": "Ngõ 3",
                "description": "Trẻ bị bỏ đói",
                "harm_kinds": [self.violence.pk],
                "perpetrator_relation": "parent",
                "full_name": "Lê Văn Cường",
                "date_of_birth": "01/02/2018",
                "sex": "M",
                "unit": self.group_a.pk,
            },
        )
        self.assertRedirects(response, reverse("cases:my-reports"))
        case = Case.objects.get(child__given_name="Cường")
        self.assertEqual(case.unit, self.ward_a)
        self.assertEqual(case.status, CaseStatus.INITIAL_ASSESSMENT)
        self.assertContains(self.client.get(reverse("cases:my-reports")), "Trẻ bị bỏ đói")
        self.assertEqual(self.client.get(case.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(reverse("cases:list")).status_code, 404)

    def test_the_duplicate_guard_refuses_a_known_id_with_a_link(self):
        from treem.children.services.registry import update_child

        update_child(self.child_a, actor=None, data={"personal_id": "040316000123"})
        self.login(self.officer_a)
        response = self.client.post(
            reverse("cases:intake"),
            {
                "channel": "citizen",
                "received_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
                "event_ward": self.ward_a.pk,
                "event_place": "Ngõ 3",
                "description": "Trẻ bị đánh",
                "harm_kinds": [self.violence.pk],
                "perpetrator_relation": "parent",
                "full_name": "Nguyễn Thị Ánh",
                "date_of_birth": "14/03/2016",
                "sex": "F",
                "personal_id": "040316000123",
                "unit": self.group_a.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, str(self.child_a.pk))
        self.assertFalse(Case.objects.exists())

    def test_a_hotline_report_is_transferred_to_the_ward_of_the_event(self):
        case = self.intake(ward=self.ward_b, channel="hotline_111", actor=self.province_officer)
        self.assertEqual(case.unit, self.ward_b)
        transfer = case.transfers.get()
        self.assertIn("111", transfer.from_label)
        self.assertEqual(transfer.to_unit, self.ward_b)

    def test_a_report_received_in_another_ward_is_recorded_as_transferred(self):
        case = self.intake(ward=self.ward_b, actor=self.officer_a, received_by_unit=self.ward_a)
        self.assertEqual(case.unit, self.ward_b)
        self.assertEqual(case.transfers.get().from_unit, self.ward_a)
        self.assertFalse(Case.objects.visible_to(self.officer_a).filter(pk=case.pk).exists())

    def test_an_open_case_transferred_ends_here_and_opens_there(self):
        from treem.cases.services import transfer_case

        case = self.intake()
        new = transfer_case(
            case, actor=self.officer_a, to_unit=self.ward_b, reason="Trẻ sống ở Thành Vinh"
        )
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.TRANSFERRED)
        self.assertEqual(
            (new.unit, new.status, new.transferred_from),
            (self.ward_b, CaseStatus.INITIAL_ASSESSMENT, case),
        )
        self.assertEqual(list(new.intake.harm_kinds.all()), [self.violence])

    def test_viewers_and_nobody_cannot_record(self):
        for user in (self.viewer, self.nobody, self.admin):
            self.login(user)
            self.assertEqual(self.client.get(reverse("cases:intake")).status_code, 404)


class ReporterLandingTests(CaseTestCase):
    def test_collaborators_find_the_report_form_on_their_landing_page(self):
        self.login(self.collaborator_a)
        self.assertContains(self.client.get("/"), 'id="report-links"')
        self.login(self.viewer)
        self.assertNotContains(self.client.get("/"), 'id="report-links"')
