from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from treem.accounts.permissions import Role
from treem.audit.models import AuditEvent
from treem.core.testing import make_user

from ..gaps import collaborator_coverage, missing_topics
from ..landing import untrained_section
from ..measures import contributions
from ..models import Basis, Requirement
from ..services import TrainingError, TrainingPermissionError
from ..services.reference import create_topic, set_requirement, update_topic
from .base import TrainingTestCase


class GapTests(TrainingTestCase):
    def test_a_collaborator_lacks_the_basics_until_passing_them(self):
        self.assertEqual(
            missing_topics([self.collaborator_a.pk])[self.collaborator_a.pk], [self.basics]
        )
        course = self.course()
        self.passed(course, self.collaborator_a)
        self.assertEqual(missing_topics([self.collaborator_a.pk]), {})

    def test_attending_without_passing_is_not_training(self):
        from ..services.courses import add_participants

        add_participants(self.course(), [self.collaborator_a], actor=None)
        self.assertIn(self.collaborator_a.pk, missing_topics([self.collaborator_a.pk]))

    def test_an_officer_needs_the_basics_and_case_management(self):
        missing = missing_topics([self.officer_a.pk, self.viewer.pk])
        self.assertEqual(missing[self.officer_a.pk], [self.basics, self.case_topic])
        self.assertNotIn(self.viewer.pk, missing)

    def test_a_requirement_taken_out_of_force_no_longer_counts(self):
        set_requirement(
            actor=self.admin,
            role=Role.COLLABORATOR,
            topic=self.basics,
            basis=Basis.LOCAL,
            source="Kế hoạch tỉnh",
            active=False,
        )
        self.assertNotIn(self.collaborator_a.pk, missing_topics([self.collaborator_a.pk]))

    def test_coverage_counts_collaborators_and_trained_per_group(self):
        second = make_user("xuan", Role.COLLABORATOR, self.group_a)
        self.passed(self.course(), self.collaborator_a)
        rows = {r["group"].pk: r for r in collaborator_coverage(self.ward_a)}
        self.assertEqual((rows[self.group_a.pk]["total"], rows[self.group_a.pk]["trained"]), (2, 1))
        self.assertEqual(rows[self.group_a.pk]["lacking"], [second])
        self.assertEqual(
            (rows[self.group_a2.pk]["total"], rows[self.group_a2.pk]["trained"]), (0, 0)
        )
        self.assertEqual(list(rows), [self.group_a.pk, self.group_a2.pk])

    def test_the_indicator_source_counts_by_residential_group_and_year(self):
        today = timezone.localdate()
        key = (str(today.year), self.group_a.pk)
        before = contributions([today.year])
        self.assertEqual(before[(*key, "collaborators", "", -1, "")], 1)
        self.assertEqual(before[(*key, "collaborators_trained", "", -1, "")], 0)
        self.passed(self.course(day=today), self.collaborator_a)
        after = contributions([today.year, today.year + 1])
        self.assertEqual(after[(*key, "collaborators_trained", "", -1, "")], 1)
        # A year still to come counts nobody.
        self.assertFalse([k for k in after if k[0] == str(today.year + 1)])


class ReferenceTests(TrainingTestCase):
    def test_admin_edits_topics_and_requirements_with_audit_events(self):
        topic = create_topic(actor=self.admin, name="Sơ cứu ban đầu")
        update_topic(topic, actor=self.admin, name="Sơ cứu ban đầu cho trẻ em")
        req = set_requirement(
            actor=self.admin,
            role=Role.WARD_APPROVER,
            topic=topic,
            basis=Basis.LOCAL,
            source="Kế hoạch tỉnh",
        )
        self.assertEqual(
            AuditEvent.objects.filter(subject_type__startswith="trainings.").count(), 3
        )
        self.assertIn(self.approver_a.pk, missing_topics([self.approver_a.pk]))
        self.assertEqual(req.source, "Kế hoạch tỉnh")

    def test_a_legal_requirement_must_cite_its_source(self):
        with self.assertRaises(TrainingError):
            set_requirement(
                actor=self.admin, role=Role.COLLABORATOR, topic=self.basics, basis=Basis.LAW
            )

    def test_others_cannot_edit_reference_data(self):
        with self.assertRaises(TrainingPermissionError):
            create_topic(actor=self.officer_a, name="Chủ đề")
        self.login(self.officer_a)
        self.assertEqual(self.client.get(reverse("trainings:reference")).status_code, 404)

    def test_admin_page_adds_a_requirement(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("trainings:reference"),
            {
                "req-role": Role.WARD_APPROVER,
                "req-topic": self.basics.pk,
                "req-basis": "local",
                "req-source": "Thực tiễn địa phương",
                "req-active": "on",
            },
        )
        self.assertRedirects(response, reverse("trainings:reference"))
        self.assertTrue(Requirement.objects.filter(role=Role.WARD_APPROVER).exists())


class PageTests(TrainingTestCase):
    def test_gaps_page_shows_own_ward_only(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("trainings:gaps"))
        self.assertContains(page, self.collaborator_a.get_full_name())
        self.assertNotContains(page, self.officer_b.get_full_name())
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("trainings:gaps")).status_code, 404)

    def test_gaps_role_filter(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("trainings:gaps"), {"vai-tro": Role.COLLABORATOR})
        self.assertContains(page, self.collaborator_a.get_full_name())
        self.assertNotContains(page, self.officer_a.get_full_name() + "</th>")

    def test_coverage_page_offers_only_wards_in_scope(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("trainings:coverage"), {"phuong": self.ward_b.pk})
        self.assertEqual(page.context["ward"], self.ward_a)
        self.login(self.province_officer)
        page = self.client.get(reverse("trainings:coverage"), {"phuong": self.ward_b.pk})
        self.assertEqual(page.context["ward"], self.ward_b)

    def test_staff_list_marks_and_filters_who_lacks_training(self):
        self.passed(self.course(), self.collaborator_a)
        self.login(self.officer_a)
        url = reverse("accounts:user-list")
        page = self.client.get(url)
        users = {u.pk: u for u in page.context["page_obj"]}
        self.assertEqual(users[self.collaborator_a.pk].training_missing, [])
        self.assertTrue(users[self.collaborator_a.pk].training_needed)
        self.assertEqual(users[self.officer_a.pk].training_missing, [self.basics, self.case_topic])
        lacking = self.client.get(url, {"thieu-tap-huan": "1"})
        shown = {u.pk for u in lacking.context["page_obj"]}
        self.assertIn(self.officer_a.pk, shown)
        self.assertNotIn(self.collaborator_a.pk, shown)

    def test_landing_section_for_a_ward_officer_only(self):
        request = RequestFactory().get("/")
        request.user = self.officer_a
        section = untrained_section(request)
        self.assertEqual([r["user"] for r in section["rows"]], [self.collaborator_a])
        request.user = self.province_officer
        self.assertIsNone(untrained_section(request))
        self.passed(self.course(), self.collaborator_a)
        request.user = self.officer_a
        self.assertIsNone(untrained_section(request))


class QueryCountTests(TrainingTestCase):
    def more_collaborators(self, prefix, trained):
        def add():
            for n in range(3):
                user = make_user(f"{prefix}{n}", Role.COLLABORATOR, self.group_a2)
                if trained:
                    self.passed(self.course(title=f"Khóa {prefix}{n}"), user)

        return add

    def test_coverage_page_queries_do_not_grow_with_collaborators(self):
        self.login(self.officer_a)
        self.assert_queries_constant(
            reverse("trainings:coverage"), self.more_collaborators("cov", True)
        )

    def test_gaps_page_queries_do_not_grow_with_people(self):
        self.login(self.officer_a)
        self.assert_queries_constant(
            reverse("trainings:gaps"), self.more_collaborators("gap", False)
        )

    def test_staff_list_queries_do_not_grow_with_the_training_column(self):
        self.login(self.officer_a)
        self.assert_queries_constant(
            reverse("accounts:user-list"), self.more_collaborators("staff", True)
        )
