import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command

from treem.accounts.models import User
from treem.plans.models import ProgressReport, Reminder, ReminderKind, ReportState
from treem.plans.services.reports import change_report_state, open_reports, send_reminders

from .helpers import PlanTestCase, freeze_today

BEFORE_Q4_DUE = datetime.date(2026, 12, 27)  # 4 days before the Q4 reports are due


class ReminderTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User.objects.filter(pk=cls.reporter_a.pk).update(email="em@example.vn")

    def run_command(self, day):
        out = StringIO()
        call_command("plan_reminders", date=day.isoformat(), stdout=out)
        return out.getvalue()

    def test_the_command_opens_reports_and_reminds_once(self):
        self.run_command(BEFORE_Q4_DUE)
        q4 = ProgressReport.objects.get(
            agency=self.police_a, task=self.police_task, period_end=datetime.date(2026, 12, 31)
        )
        self.assertTrue(Reminder.objects.filter(report=q4, kind=ReminderKind.BEFORE_DUE).exists())
        # Earlier quarters are past due and not submitted: one overdue reminder each.
        q3 = ProgressReport.objects.get(
            agency=self.police_a, task=self.police_task, period_end=datetime.date(2026, 9, 30)
        )
        self.assertTrue(Reminder.objects.filter(report=q3, kind=ReminderKind.OVERDUE).exists())
        reminders, sent = Reminder.objects.count(), len(mail.outbox)
        self.assertEqual(sent, 1)  # one digest for the one reporter with an address
        self.run_command(BEFORE_Q4_DUE)
        self.run_command(BEFORE_Q4_DUE + datetime.timedelta(days=1))
        self.assertEqual(Reminder.objects.count(), reminders)
        self.assertEqual(len(mail.outbox), sent)

    def test_the_e_mail_names_tasks_and_dates_but_no_person(self):
        self.run_command(BEFORE_Q4_DUE)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["em@example.vn"])
        self.assertIn("III.4.1", message.body)
        self.assertIn("31/12/2026", message.body)
        self.assertNotIn(self.reporter_a.get_full_name(), message.body)
        self.assertNotIn("em@", message.body)

    def test_when_a_due_report_becomes_overdue_it_is_reminded_again_once(self):
        open_reports(self.plan, on=BEFORE_Q4_DUE)
        send_reminders(on=BEFORE_Q4_DUE)
        q4 = ProgressReport.objects.get(
            agency=self.police_a, task=self.police_task, period_end=datetime.date(2026, 12, 31)
        )
        send_reminders(on=datetime.date(2027, 1, 2))
        send_reminders(on=datetime.date(2027, 1, 3))
        self.assertEqual(
            sorted(q4.reminders.values_list("kind", flat=True)),
            [ReminderKind.BEFORE_DUE, ReminderKind.OVERDUE],
        )

    def test_submitted_reports_are_not_reminded(self):
        open_reports(self.plan, on=BEFORE_Q4_DUE)
        q4 = ProgressReport.objects.get(
            agency=self.police_a, task=self.police_task, period_end=datetime.date(2026, 12, 31)
        )
        from treem.plans.services.reports import save_report

        save_report(q4, actor=None, done_text="Đã làm")
        change_report_state(q4, ReportState.SUBMITTED, actor=None)
        send_reminders(on=BEFORE_Q4_DUE)
        self.assertFalse(q4.reminders.exists())

    def test_reminders_far_from_the_due_date_wait(self):
        open_reports(self.plan, on=datetime.date(2026, 10, 5))
        send_reminders(on=datetime.date(2026, 10, 5))
        self.assertFalse(
            Reminder.objects.filter(report__period_end=datetime.date(2026, 12, 31)).exists()
        )

    def test_the_overdue_list_shows_late_reports_of_the_area(self):
        freeze_today(self, datetime.date(2026, 11, 28))
        late = self.make_report()  # Q3, due 30/09/2026
        self.make_report(agency=self.police_b)
        self.login(self.officer_a)
        response = self.client.get("/ke-hoach/bao-cao/qua-han/")
        rows = response.context["rows"]
        self.assertEqual([r.pk for r, _shown, _days in rows], [late.pk])
        self.assertEqual(rows[0][2], 59)
        self.login(self.province_officer)
        response = self.client.get("/ke-hoach/bao-cao/qua-han/")
        self.assertEqual(len(response.context["rows"]), 2)

    def test_the_reporter_sees_its_reminders_on_its_page(self):
        self.run_command(BEFORE_Q4_DUE)
        self.login(self.reporter_a)
        response = self.client.get(f"/ke-hoach/co-quan/{self.police_a.pk}/")
        self.assertTrue(response.context["reminders"])
        self.login(self.viewer)
        response = self.client.get(f"/ke-hoach/co-quan/{self.police_a.pk}/")
        self.assertFalse(response.context["reminders"])
