import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from treem.audit.models import AuditEvent

from ..models import Activity, ActivityFile, AgeBand, Audience, FileKind, Sex
from ..services import ActivityError, ActivityPermissionError
from ..services.activities import add_activity_file, record_activity, update_activity
from .base import ActivityTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class RecordingTests(ActivityTestCase):
    def test_reporter_records_an_activity_of_their_agency_with_its_audit_event(self):
        activity = record_activity(
            actor=self.reporter_a,
            kind=self.campaign,
            title="Tuyên truyền phòng chống xâm hại",
            agency=self.police_a,
            tasks=[self.police_task],
            starts_on=datetime.date(2026, 8, 1),
            ends_on=datetime.date(2026, 8, 2),
            cost=0,
            audience={(Audience.CHILDREN, Sex.FEMALE, AgeBand.FROM_11): 7},
        )
        self.assertEqual(activity.unit, self.ward_a)
        self.assertEqual(activity.totals()[Audience.CHILDREN], 7)
        event = AuditEvent.objects.get(subject_type="activities.activity", subject_id=activity.pk)
        self.assertEqual(event.changes["tasks"]["new"], [self.police_task.pk])

    def test_reporter_cannot_record_for_another_agency(self):
        with self.assertRaises(ActivityPermissionError):
            record_activity(
                actor=self.reporter_a,
                kind=self.campaign,
                title="x",
                agency=self.police_b,
                tasks=[self.police_task],
                starts_on=datetime.date(2026, 8, 1),
                ends_on=datetime.date(2026, 8, 1),
            )

    def test_an_activity_needs_a_task_and_ordered_dates(self):
        with self.assertRaises(ActivityError):
            record_activity(
                actor=None,
                kind=self.campaign,
                title="x",
                agency=self.police_a,
                tasks=[],
                starts_on=datetime.date(2026, 8, 1),
                ends_on=datetime.date(2026, 8, 1),
            )
        with self.assertRaises(ActivityError):
            self.activity(ends_on=datetime.date(2026, 1, 1))

    def test_update_records_changed_audience(self):
        activity = self.activity()
        update_activity(
            activity,
            actor=self.officer_a,
            title="Đổi tên",
            audience={(Audience.CHILDREN, Sex.MALE, AgeBand.UNDER_6): 3},
        )
        event = AuditEvent.objects.filter(subject_id=activity.pk, action="update").get()
        self.assertEqual(event.changes["title"]["new"], "Đổi tên")
        self.assertEqual(event.changes["audience"]["new"], {"children/M/0-5": 3})


class ScopeTests(ActivityTestCase):
    def setUp(self):
        self.mine = self.activity()
        self.other = self.activity(self.police_b, title="Ở phường khác")

    def test_reporter_sees_only_their_agency(self):
        self.assertEqual(list(Activity.objects.visible_to(self.reporter_a)), [self.mine])

    def test_ward_officer_sees_their_ward_and_province_sees_all(self):
        self.assertEqual(list(Activity.objects.visible_to(self.officer_a)), [self.mine])
        self.assertEqual(Activity.objects.visible_to(self.province_officer).count(), 2)

    def test_officer_cannot_open_another_wards_activity(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(self.other.get_absolute_url()).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("activities:edit", args=[self.other.pk])).status_code, 404
        )
        self.assertEqual(self.client.get(self.mine.get_absolute_url()).status_code, 200)

    def test_viewer_and_collaborator_have_no_activity_pages(self):
        for user in (self.viewer, self.collaborator_a, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get(reverse("activities:list")).status_code, 404)

    def test_list_shows_own_activities_with_constant_queries(self):
        self.login(self.reporter_a)
        response = self.client.get(reverse("activities:list"))
        self.assertContains(response, "Tuyên truyền")
        self.assertNotContains(response, "Ở phường khác")
        self.assert_queries_constant(reverse("activities:list"), lambda: self.activity())

    def test_reporter_records_through_the_page(self):
        self.login(self.reporter_a)
        response = self.client.post(
            reverse("activities:new"),
            {
                "kind": self.month.pk,
                "title": "Tháng hành động vì trẻ em",
                "agency": self.police_a.pk,
                "tasks": [self.police_task.pk],
                "starts_on": "2026-06-01",
                "ends_on": "2026-06-30",
                "cost": "2000000",
                "n_children_F_6_10": "30",
                "n_parents_M_adult": "4",
            },
        )
        activity = Activity.objects.get(title="Tháng hành động vì trẻ em")
        self.assertRedirects(response, activity.get_absolute_url())
        self.assertEqual(activity.totals(), {"children": 30, "parents": 4, "officials": 0})

    def test_reporter_cannot_post_for_another_agency(self):
        self.login(self.reporter_a)
        response = self.client.post(
            reverse("activities:new"),
            {
                "kind": self.campaign.pk,
                "title": "x",
                "agency": self.police_b.pk,
                "tasks": [self.police_task.pk],
                "starts_on": "2026-06-01",
                "ends_on": "2026-06-01",
            },
        )
        self.assertEqual(response.status_code, 200)  # the agency is not a choice
        self.assertFalse(Activity.objects.filter(title="x").exists())


class FileTests(ActivityTestCase):
    def test_photo_is_kept_and_downloaded_only_in_scope(self):
        activity = self.activity()
        item = add_activity_file(
            activity,
            SimpleUploadedFile("anh.png", PNG),
            actor=self.reporter_a,
            kind=FileKind.PHOTO,
        )
        self.assertEqual(item.content_type, "image/png")
        url = reverse("activities:file-download", args=[item.pk])
        self.login(self.reporter_a)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.login(self.officer_b)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_cases_upload_rules_apply(self):
        activity = self.activity()
        with self.assertRaises(ActivityError):
            add_activity_file(
                activity, SimpleUploadedFile("bao-cao.pdf", PNG), actor=None
            )  # content and name disagree
        with self.assertRaises(ActivityError):
            add_activity_file(activity, SimpleUploadedFile("a.exe", b"MZ" * 10), actor=None)
        with self.assertRaises(ActivityError):
            add_activity_file(
                activity,
                SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
                actor=None,
                kind=FileKind.PHOTO,
            )
        self.assertFalse(ActivityFile.objects.exists())
