"""The entry pages: open, save, move, template, upload; negatives."""

from django.urls import reverse

from treem.indicators.models import EntryState, Submission
from treem.indicators.services.entry import open_submission

from .test_entry import EntryTestCase
from .test_xlsx import XlsxTests


class EntryViewTests(EntryTestCase):
    def test_health_reporter_enters_and_submits_and_approver_locks(self):
        self.login(self.nurse_a)
        response = self.client.post(
            reverse("indicators:entry"), {"agency": self.health_a.pk, "period": "2025-Q1"}
        )
        sub = Submission.objects.get()
        self.assertRedirects(response, sub.get_absolute_url(), fetch_redirect_response=False)
        save = reverse("indicators:submission-save", args=[sub.pk])
        response = self.client.post(save, {"num-YT02": "120", "den-YT02": "100", "version": 1})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(sub.lines.exists())
        self.client.post(save, {"num-YT02": "97", "den-YT02": "100", "version": 1})
        self.assertEqual(sub.lines.get().numerator, 97)
        self.client.post(reverse("indicators:submission-move", args=[sub.pk, "nop"]))
        sub.refresh_from_db()
        self.assertEqual(sub.state, EntryState.SUBMITTED)
        # The reporter cannot approve their own figures.
        self.client.post(reverse("indicators:submission-move", args=[sub.pk, "duyet"]))
        sub.refresh_from_db()
        self.assertEqual(sub.state, EntryState.SUBMITTED)
        self.login(self.approver_a)
        self.assertContains(self.client.get(reverse("indicators:approvals")), "2025-Q1")
        self.client.post(reverse("indicators:submission-move", args=[sub.pk, "duyet"]))
        sub.refresh_from_db()
        self.assertEqual(sub.state, EntryState.LOCKED)

    def test_other_ward_and_other_roles_get_404(self):
        sub = open_submission(self.health_a, "2025-Q2", actor=None)
        url = reverse("indicators:submission", args=[sub.pk])
        for user in (
            self.officer_b,
            self.collaborator_a,
            self.viewer,
            self.reporter_a,
            self.nobody,
        ):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user)
            response = self.client.post(
                reverse("indicators:submission-save", args=[sub.pk]),
                {"num-YT02": "1", "den-YT02": "2"},
            )
            self.assertEqual(response.status_code, 404, user)
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("indicators:entry")).status_code, 404)

    def test_reporter_cannot_open_a_form_for_another_agency(self):
        self.login(self.nurse_a)
        response = self.client.post(
            reverse("indicators:entry"), {"agency": self.health_b.pk, "period": "2025-Q1"}
        )
        self.assertEqual(response.status_code, 200)  # the form again, with the error
        self.assertFalse(Submission.objects.exists())

    def test_list_query_count_is_constant(self):
        self.login(self.approver_a)
        quarters = iter(["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        open_submission(self.health_a, "2025-Q1", actor=None)
        self.assert_queries_constant(
            reverse("indicators:entry"),
            lambda: [open_submission(self.health_a, q, actor=None) for q in quarters],
        )


class UploadViewTests(XlsxTests):
    def test_template_download_and_upload_through_the_page(self):
        self.login(self.nurse_a)
        response = self.client.get(reverse("indicators:submission-template", args=[self.sub.pk]))
        self.assertEqual(response.status_code, 200)
        from django.core.files.uploadedfile import SimpleUploadedFile

        good = SimpleUploadedFile("a.xlsx", self.filled({"BV08": (4, None)}))
        response = self.client.post(
            reverse("indicators:submission-upload", args=[self.sub.pk]), {"file": good}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.sub.lines.get().numerator, 4)
        bad = SimpleUploadedFile("b.xlsx", self.filled({"YT06": (9, 3)}))
        response = self.client.post(
            reverse("indicators:submission-upload", args=[self.sub.pk]), {"file": bad}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "YT06", status_code=400)


class LandingTests(EntryTestCase):
    def test_home_page_counts_figures_to_finish_and_to_approve(self):
        from treem.indicators.services.entry import Figure, change_state, save_figures

        sub = open_submission(self.health_a, "2025-Q1", actor=None)
        save_figures(sub, {"YT02": Figure(9, 10)}, actor=None)
        self.login(self.nurse_a)
        self.assertContains(self.client.get("/"), reverse("indicators:entry"))
        change_state(sub, EntryState.SUBMITTED, actor=None)
        self.login(self.approver_a)
        response = self.client.get("/")
        self.assertContains(response, reverse("indicators:approvals"))
        self.login(self.viewer)
        self.assertNotContains(self.client.get("/"), reverse("indicators:approvals"))
