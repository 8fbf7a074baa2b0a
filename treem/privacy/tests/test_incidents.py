"""The incident register: the deadline to inform the authority is stored,
computed from the notification rule (72 hours, with its source), kept when
the rule changes later, recomputed when the detection time is corrected."""

import datetime

from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.audit.services import subject_type
from treem.core.testing import PersonaTestCase

from ..models import Incident
from ..services import IncidentError, change_incident, record_incident, update_notification_rule
from ..services.incidents import notification_rule


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


class IncidentTests(PersonaTestCase):
    def record(self, detected_at=None, **values):
        return record_incident(
            actor=self.admin,
            detected_at=detected_at or hours_ago(1),
            description="Máy tính của phường bị mất, có bản xuất danh sách trẻ",
            data_kinds="Họ tên, ngày sinh",
            people_affected=120,
            **values,
        )

    def test_the_deadline_is_72_hours_after_detection_with_its_source(self):
        detected = hours_ago(10)
        incident = self.record(detected)
        self.assertEqual(incident.notify_by, detected + datetime.timedelta(hours=72))
        self.assertIn("Điều 23", incident.deadline_source)
        self.assertIn("A05", incident.authority)
        self.assertEqual(incident.hours_left, 61)
        self.assertFalse(incident.overdue)
        event = AuditEvent.objects.get(
            subject_type=subject_type(incident), subject_id=str(incident.pk)
        )
        self.assertEqual(event.action, "create")
        self.assertNotIn("Máy tính", str(event.changes))

    def test_an_unreported_incident_past_its_deadline_is_overdue(self):
        incident = self.record(hours_ago(80))
        self.assertTrue(incident.overdue)
        self.assertEqual(incident.hours_late, 8)
        change_incident(incident, actor=self.admin, authority_notified_at=hours_ago(1))
        incident.refresh_from_db()
        self.assertFalse(incident.overdue)
        self.assertIsNone(incident.hours_left)

    def test_a_later_change_of_the_rule_does_not_move_a_recorded_deadline(self):
        incident = self.record()
        update_notification_rule(notification_rule(), actor=self.admin, hours=24)
        incident.refresh_from_db()
        self.assertEqual(incident.deadline_hours, 72)
        self.assertEqual(self.record().deadline_hours, 24)

    def test_correcting_the_detection_time_recomputes_the_deadline(self):
        incident = self.record()
        detected = hours_ago(30)
        incident = change_incident(incident, actor=self.admin, detected_at=detected)
        self.assertEqual(incident.notify_by, detected + datetime.timedelta(hours=72))

    def test_closing_needs_the_authority_informed_and_a_closed_incident_stays(self):
        incident = self.record()
        with self.assertRaisesMessage(IncidentError, "cơ quan"):
            change_incident(incident, actor=self.admin, status=Incident.Status.CLOSED)
        incident = change_incident(
            incident,
            actor=self.admin,
            status=Incident.Status.CLOSED,
            authority_notified_at=timezone.now(),
            subjects_notified_at=timezone.now(),
            subjects_notice="Gọi điện cho 120 gia đình",
        )
        with self.assertRaises(IncidentError):
            change_incident(incident, actor=self.admin, status=Incident.Status.OPEN)

    def test_no_one_is_informed_before_detection(self):
        incident = self.record()
        with self.assertRaises(IncidentError):
            change_incident(incident, actor=self.admin, authority_notified_at=hours_ago(5))
