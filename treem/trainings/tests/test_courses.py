import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from treem.activities.kinds import load_kinds
from treem.activities.models import ActivityKind
from treem.activities.services.activities import record_activity
from treem.audit.models import AuditEvent

from ..models import Course, Participant
from ..services import TrainingError, TrainingPermissionError
from ..services.courses import (
    add_participants,
    attach_certificate,
    remove_participant,
    update_course,
    update_participant,
)
from .base import DAY, TrainingTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class RecordingTests(TrainingTestCase):
    def test_officer_records_a_course_of_their_ward_with_its_audit_event(self):
        course = self.course(actor=self.officer_a, tasks=[self.capacity_task])
        event = AuditEvent.objects.get(subject_type="trainings.course", subject_id=str(course.pk))
        self.assertEqual(event.unit_id, self.ward_a.pk)
        self.assertEqual(event.changes["tasks"]["new"], [self.capacity_task.pk])
        self.assertEqual(list(course.tasks.all()), [self.capacity_task])

    def test_officer_cannot_record_a_course_of_another_ward(self):
        with self.assertRaises(TrainingPermissionError):
            self.course(self.ward_b, actor=self.officer_a)
        self.assertFalse(Course.objects.exists())

    def test_a_course_needs_a_provider_hours_and_dates_in_order(self):
        with self.assertRaises(TrainingError):
            self.course(provider_name=" ")
        with self.assertRaises(TrainingError):
            self.course(hours=0)
        with self.assertRaises(TrainingError):
            self.course(ends_on=DAY - datetime.timedelta(days=1))

    def test_agency_reporter_records_a_course_their_agency_provides(self):
        course = self.course(provider_agency=self.police_a, provider_name="", actor=self.reporter_a)
        self.assertEqual(course.provider, self.police_a.name)
        with self.assertRaises(TrainingPermissionError):
            self.course(provider_name="Hội Phụ nữ", actor=self.reporter_a)

    def test_linked_activity_must_be_a_training_the_user_sees(self):
        load_kinds()
        meeting = record_activity(
            actor=None,
            kind=ActivityKind.objects.get(code="meeting"),
            title="Hội nghị",
            agency=self.police_a,
            tasks=[self.police_task],
            starts_on=DAY,
            ends_on=DAY,
        )
        with self.assertRaises(TrainingError):
            self.course(activity=meeting)
        training = record_activity(
            actor=None,
            kind=ActivityKind.objects.get(code="training"),
            title="Tập huấn",
            agency=self.police_b,
            tasks=[self.police_task],
            starts_on=DAY,
            ends_on=DAY,
        )
        with self.assertRaises(TrainingPermissionError):
            self.course(activity=training, actor=self.officer_a)
        course = self.course(activity=training, unit=self.ward_b, actor=self.officer_b)
        self.assertEqual(course.activity, training)

    def test_update_is_audited_and_cannot_move_a_course_out_of_scope(self):
        course = self.course(actor=self.officer_a)
        update_course(course, actor=self.officer_a, title="Tập huấn mới")
        event = AuditEvent.objects.filter(subject_id=str(course.pk), action="update").get()
        self.assertEqual(event.changes["title"]["new"], "Tập huấn mới")
        with self.assertRaises(TrainingPermissionError):
            update_course(course, actor=self.officer_a, unit=self.ward_b)
        with self.assertRaises(TrainingPermissionError):
            update_course(course, actor=self.officer_b, title="x")


class ParticipantTests(TrainingTestCase):
    def test_participants_come_from_the_course_area_only(self):
        course = self.course()
        rows = add_participants(course, [self.collaborator_a, self.officer_a], actor=self.officer_a)
        self.assertEqual(len(rows), 2)
        # Adding again adds nothing; someone of another ward is refused.
        self.assertEqual(add_participants(course, [self.officer_a], actor=None), [])
        with self.assertRaises(TrainingError) as outside:
            add_participants(course, [self.officer_b], actor=None)
        with self.assertRaises(TrainingError) as roleless:
            add_participants(course, [self.nobody], actor=None)
        # Same words for someone of another ward and someone with no role.
        self.assertEqual(str(outside.exception), str(roleless.exception))
        self.assertEqual(AuditEvent.objects.filter(subject_type="trainings.participant").count(), 2)

    def test_province_course_takes_officers_of_every_ward(self):
        course = self.course(self.province, actor=self.province_officer)
        rows = add_participants(course, [self.officer_a, self.officer_b], actor=None)
        self.assertEqual(len(rows), 2)

    def test_certificate_needs_attendance_and_a_pass(self):
        course = self.course()
        (row,) = add_participants(course, [self.collaborator_a], actor=None)
        with self.assertRaises(TrainingError):
            update_participant(row, actor=None, certificate_number="12/2026")
        with self.assertRaises(TrainingError):
            update_participant(row, actor=None, attended=False, passed=True)
        row = update_participant(
            row,
            actor=self.officer_a,
            passed=True,
            certificate_number="12/2026",
            certificate_date=DAY,
            certificate_issuer="UBND phường Trường Vinh",
        )
        self.assertTrue(row.completed)
        with self.assertRaises(TrainingPermissionError):
            update_participant(row, actor=self.officer_b, passed=False)

    def test_certificate_scan_follows_the_cases_upload_rules(self):
        course = self.course()
        (row,) = self.passed(course, self.collaborator_a, number="CN")
        with self.assertRaises(TrainingError):
            attach_certificate(row, SimpleUploadedFile("a.exe", b"MZ" * 10), actor=None)
        row = attach_certificate(row, SimpleUploadedFile("cc.png", PNG), actor=self.officer_a)
        self.assertEqual(row.file_type, "image/png")
        url = reverse("trainings:certificate-file", args=[row.pk])
        self.login(self.officer_a)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.login(self.officer_b)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_removing_a_participant_is_audited(self):
        course = self.course()
        (row,) = add_participants(course, [self.collaborator_a], actor=None)
        pk = row.pk
        remove_participant(row, actor=self.officer_a)
        self.assertFalse(Participant.objects.exists())
        self.assertTrue(AuditEvent.objects.filter(action="delete", subject_id=str(pk)).exists())


class PageTests(TrainingTestCase):
    def test_officer_records_a_course_and_its_participants_through_the_pages(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("trainings:new"),
            {
                "topic": self.basics.pk,
                "title": "Tập huấn cho cộng tác viên",
                "hours": "8",
                "unit": self.ward_a.pk,
                "provider_name": "UBND phường",
                "starts_on": "2026-03-10",
                "ends_on": "2026-03-11",
            },
        )
        course = Course.objects.get()
        self.assertRedirects(response, course.get_absolute_url())
        page = self.client.get(course.get_absolute_url())
        self.assertContains(page, self.collaborator_a.get_full_name())
        self.assertNotContains(page, self.officer_b.get_full_name())
        response = self.client.post(
            reverse("trainings:participants-add", args=[course.pk]),
            {"users": [self.collaborator_a.pk], "passed": "on"},
        )
        self.assertRedirects(response, course.get_absolute_url())
        self.assertTrue(course.participants.get().passed)

    def test_adding_someone_outside_the_area_is_refused_like_a_missing_id(self):
        course = self.course()
        self.login(self.officer_a)
        url = reverse("trainings:participants-add", args=[course.pk])
        for pk in (self.officer_b.pk, 999999):
            self.client.post(url, {"users": [pk]})
        self.assertFalse(course.participants.exists())

    def test_form_error_is_shown_in_vietnamese_and_keeps_the_input(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("trainings:new"),
            {
                "topic": self.basics.pk,
                "title": "Tập huấn giữ lại",
                "hours": "8",
                "unit": self.ward_a.pk,
                "starts_on": "2026-03-10",
                "ends_on": "2026-03-09",
            },
            HTTP_ACCEPT_LANGUAGE="vi",
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tập huấn giữ lại")
        self.assertContains(response, "error-summary")

    def test_other_ward_course_is_404_like_a_missing_one(self):
        course = self.course()
        self.login(self.officer_b)
        for pk in (course.pk, 999999):
            self.assertEqual(
                self.client.get(reverse("trainings:detail", args=[pk])).status_code, 404
            )
            self.assertEqual(self.client.get(reverse("trainings:edit", args=[pk])).status_code, 404)

    def test_list_queries_do_not_grow_with_the_courses(self):
        self.course()
        self.login(self.officer_a)

        def more():
            for n in range(3):
                course = self.course(title=f"Khóa {n}")
                add_participants(course, [self.collaborator_a], actor=None)

        self.assert_queries_constant(reverse("trainings:list"), more)
