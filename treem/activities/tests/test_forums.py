import datetime

from django.test import RequestFactory
from django.urls import reverse

from treem.audit.models import AuditEvent

from ..landing import recommendations_section
from ..models import Forum, ForumLevel, Recommendation
from ..models import RecommendationStatus as S
from ..services import ActivityError, ActivityPermissionError
from ..services.forums import change_recommendation, record_forum
from ..workflow import RECOMMENDATION_TRANSITIONS
from .base import ActivityTestCase

HELD = datetime.date(2026, 6, 1)
DUE = datetime.date(2026, 7, 1)


class TransitionTests(ActivityTestCase):
    def assign(self, rec, body=None):
        return change_recommendation(
            rec, S.ASSIGNED, actor=self.officer_a, addressee=body or self.police_a, deadline=DUE
        )

    def test_the_full_loop_on_time(self):
        rec = self.assign(self.recommendation())
        rec = change_recommendation(
            rec, S.ANSWERED, actor=self.reporter_a, text="Sẽ lắp trong quý 3", on=DUE
        )
        self.assertIs(rec.answered_on_time, True)
        rec = change_recommendation(rec, S.FOLLOWED_UP, actor=self.officer_a, text="Đã lắp 6 đèn")
        rec = change_recommendation(rec, S.CLOSED, actor=self.officer_a)
        self.assertEqual(rec.status, S.CLOSED)
        events = AuditEvent.objects.filter(
            subject_type="activities.recommendation", subject_id=rec.pk
        )
        self.assertEqual(events.count(), 5)

    def test_an_answer_after_the_deadline_is_late(self):
        rec = self.assign(self.recommendation())
        rec = change_recommendation(
            rec, S.ANSWERED, actor=self.reporter_a, text="Muộn", on=DUE + datetime.timedelta(1)
        )
        self.assertIs(rec.answered_on_time, False)

    def test_moves_outside_the_table_are_refused(self):
        rec = self.recommendation()
        for target in (S.ANSWERED, S.FOLLOWED_UP):
            self.assertNotIn(target, RECOMMENDATION_TRANSITIONS[S.RAISED])
            with self.assertRaises(ActivityError):
                change_recommendation(rec, target, actor=None, text="x")

    def test_closing_unanswered_needs_a_reason(self):
        rec = self.recommendation()
        with self.assertRaises(ActivityError):
            change_recommendation(rec, S.CLOSED, actor=self.officer_a)
        rec = change_recommendation(rec, S.CLOSED, actor=self.officer_a, text="Trùng kiến nghị")
        self.assertEqual(rec.follow_up, "Trùng kiến nghị")

    def test_sending_needs_a_body_and_a_date_not_before_the_forum(self):
        rec = self.recommendation()
        with self.assertRaises(ActivityError):
            change_recommendation(rec, S.ASSIGNED, actor=None, addressee=self.police_a)
        with self.assertRaises(ActivityError):
            change_recommendation(
                rec,
                S.ASSIGNED,
                actor=None,
                addressee=self.police_a,
                deadline=HELD - datetime.timedelta(1),
            )

    def test_only_the_addressee_answers_and_only_managers_send(self):
        rec = self.recommendation()
        with self.assertRaises(ActivityPermissionError):
            change_recommendation(
                rec, S.ASSIGNED, actor=self.reporter_a, addressee=self.police_a, deadline=DUE
            )
        rec = self.assign(rec, self.health_a)
        with self.assertRaises(ActivityPermissionError):
            change_recommendation(rec, S.ANSWERED, actor=self.reporter_a, text="x")
        with self.assertRaises(ActivityPermissionError):
            change_recommendation(rec, S.ANSWERED, actor=self.officer_b, text="x")


class ForumScopeTests(ActivityTestCase):
    def test_level_comes_from_the_unit(self):
        self.assertEqual(self.forum().level, ForumLevel.WARD)
        self.assertEqual(self.forum(self.province).level, ForumLevel.PROVINCE)
        with self.assertRaises(ActivityError):
            self.forum(self.group_a)

    def test_officer_records_forums_of_their_ward_only(self):
        with self.assertRaises(ActivityPermissionError):
            record_forum(actor=self.officer_a, unit=self.ward_b, title="x", held_on=HELD)
        with self.assertRaises(ActivityPermissionError):
            record_forum(actor=self.reporter_a, unit=self.ward_a, title="x", held_on=HELD)

    def test_other_ward_gets_404(self):
        forum = self.forum()
        rec = self.recommendation(forum)
        self.login(self.officer_b)
        self.assertEqual(self.client.get(forum.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(rec.get_absolute_url()).status_code, 404)
        move = reverse("activities:recommendation-move", args=[rec.pk, "dong"])
        self.assertEqual(self.client.post(move, {"text": "x"}).status_code, 404)
        self.assertEqual(self.client.get(reverse("activities:forum-list")).status_code, 200)
        self.assertEqual(list(Forum.objects.visible_to(self.officer_b)), [])
        self.assertEqual(Forum.objects.visible_to(self.province_officer).count(), 1)

    def test_agency_sees_only_recommendations_sent_to_it(self):
        forum = self.forum()
        mine = change_recommendation(
            self.recommendation(forum),
            S.ASSIGNED,
            actor=None,
            addressee=self.police_a,
            deadline=DUE,
        )
        change_recommendation(
            self.recommendation(forum, "Khác"),
            S.ASSIGNED,
            actor=None,
            addressee=self.health_a,
            deadline=DUE,
        )
        self.assertEqual(list(Recommendation.objects.visible_to(self.reporter_a)), [mine])
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(forum.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(mine.get_absolute_url()).status_code, 200)

    def test_officer_records_a_forum_and_a_recommendation_through_the_pages(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("activities:forum-new"),
            {
                "unit": self.ward_a.pk,
                "title": "Diễn đàn hè",
                "held_on": "2026-06-05",
                "n_special_F_11_15": "2",
                "n_pupils_M_6_10": "10",
            },
        )
        forum = Forum.objects.get(title="Diễn đàn hè")
        self.assertRedirects(response, forum.get_absolute_url())
        self.client.post(
            reverse("activities:recommendation-new", args=[forum.pk]), {"text": "Thêm sân chơi"}
        )
        rec = forum.recommendations.get()
        self.client.post(
            reverse("activities:recommendation-move", args=[rec.pk, "gui"]),
            {"addressee": self.police_a.pk, "deadline": "2026-07-05"},
        )
        rec.refresh_from_db()
        self.assertEqual((rec.status, rec.addressee), (S.ASSIGNED, self.police_a))


class LandingTests(ActivityTestCase):
    def test_agency_landing_lists_recommendations_to_answer(self):
        rec = change_recommendation(
            self.recommendation(), S.ASSIGNED, actor=None, addressee=self.police_a, deadline=DUE
        )
        request = RequestFactory().get("/")
        request.user = self.reporter_a
        section = recommendations_section(request)
        self.assertEqual(section["total"], 1)
        self.assertEqual(section["rows"][0]["rec"], rec)
        request.user = self.officer_a
        self.assertIsNone(recommendations_section(request))
        self.login(self.reporter_a)
        self.assertContains(self.client.get("/"), rec.get_absolute_url())
