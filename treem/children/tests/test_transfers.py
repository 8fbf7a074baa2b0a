"""A personal ID registered in another ward (issue 13 §2.3): the answer names
no record, and the ward the child moved to asks for a transfer that the
ward holding the record accepts or declines; both sides audited."""

from django.urls import reverse
from rest_framework.test import APIClient

from treem.audit.models import Action, AuditEvent
from treem.children.models import Child, ChildTransfer, Residence, TransferStatus
from treem.children.services.transfers import (
    TransferError,
    change_transfer_status,
    request_transfer,
)

from .base import RegistryTestCase

B_ID = "040316654321"  # child_b's ID, in ward B (Thành Vinh)
API = "/api/v1/child-transfers/"


def new_child_form(**extra):
    return {
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Hòa",
        "date_of_birth": "20/01/2016",
        "sex": "F",
        "birth_registration": "registered",
        **extra,
    }


class TransferTestCase(RegistryTestCase):
    def setUp(self):
        self.api = APIClient()

    def as_user(self, user):
        self.api.force_authenticate(user)
        return self.api

    def ask(self, **extra):
        return request_transfer(
            actor=self.officer_a,
            personal_id=B_ID,
            unit=self.group_a,
            reason="Gia đình chuyển đến Khối 1 từ tháng 9.",
            address_line="Số 5, ngõ 3",
            **extra,
        )


class DuplicateIdMessageTests(TransferTestCase):
    def test_api_names_no_record_outside_the_callers_area(self):
        response = self.as_user(self.officer_a).post(
            "/api/v1/children/",
            {**new_child_form(), "unit": self.group_a.pk, "personal_id": B_ID},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertNotIn("existing_id", body)
        self.assertTrue(body["transfer_possible"])
        text = str(body)
        self.assertNotIn(str(self.child_b.pk), text.replace(B_ID, ""))
        self.assertIn("khu vực khác", body["personal_id"][0])

    def test_api_links_the_record_inside_the_callers_area(self):
        response = self.as_user(self.officer_b).post(
            "/api/v1/children/",
            {**new_child_form(given_name="Hà"), "unit": self.group_b.pk, "personal_id": B_ID},
            format="json",
        )
        self.assertEqual(response.json()["existing_id"], self.child_b.pk)

    def test_page_names_no_record_and_offers_a_transfer(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("children:create"),
            {**new_child_form(), "unit": self.group_a.pk, "personal_id": B_ID},
        )
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertNotIn(f"#{self.child_b.pk}", content)
        self.assertNotIn(reverse("children:detail", args=[self.child_b.pk]), content)
        self.assertContains(response, "khu vực khác")
        self.assertContains(response, reverse("children:transfer-create"))
        self.assertIsNone(response.context["existing"])


class TransferServiceTests(TransferTestCase):
    def test_request_is_pending_and_audited_on_both_sides(self):
        transfer = self.ask()
        self.assertEqual(transfer.status, TransferStatus.PENDING)
        self.assertEqual((transfer.from_ward, transfer.to_ward), (self.ward_b, self.ward_a))
        events = AuditEvent.objects.filter(
            subject_type="children.childtransfer", subject_id=str(transfer.pk)
        )
        self.assertEqual({e.unit_id for e in events}, {self.ward_a.pk, self.ward_b.pk})
        requester_side = events.get(unit=self.ward_a)
        self.assertNotIn("child", requester_side.changes)
        self.assertNotIn("from_ward", requester_side.changes)

    def test_acceptance_moves_the_record_with_its_history(self):
        transfer = self.ask()
        change_transfer_status(transfer, TransferStatus.ACCEPTED, actor=self.officer_b)
        child = Child.objects.get(pk=self.child_b.pk)
        self.assertEqual((child.unit, child.ward), (self.group_a, self.ward_a))
        self.assertEqual(child.address_line, "Số 5, ngõ 3")
        self.assertEqual(Residence.objects.filter(child=child).count(), 2)
        self.assertTrue(Child.objects.visible_to(self.officer_a).filter(pk=child.pk).exists())
        decided = AuditEvent.objects.filter(
            action=Action.UPDATE, subject_type="children.childtransfer"
        )
        self.assertEqual({e.unit_id for e in decided}, {self.ward_a.pk, self.ward_b.pk})

    def test_decline_needs_a_reason_and_leaves_the_record(self):
        transfer = self.ask()
        with self.assertRaises(TransferError):
            change_transfer_status(transfer, TransferStatus.DECLINED, actor=self.officer_b)
        change_transfer_status(
            transfer, TransferStatus.DECLINED, actor=self.officer_b, reason="Không phải trẻ này."
        )
        self.assertEqual(Child.objects.get(pk=self.child_b.pk).ward, self.ward_b)

    def test_the_requester_cannot_accept_their_own_request(self):
        transfer = self.ask()
        with self.assertRaises(TransferError):
            change_transfer_status(transfer, TransferStatus.ACCEPTED, actor=self.officer_a)

    def test_a_decided_request_cannot_change_again(self):
        transfer = self.ask()
        change_transfer_status(transfer, TransferStatus.CANCELLED, actor=self.officer_a)
        with self.assertRaises(TransferError):
            change_transfer_status(transfer, TransferStatus.ACCEPTED, actor=self.officer_b)

    def test_a_record_already_in_the_area_is_not_requested(self):
        with self.assertRaises(TransferError):
            request_transfer(
                actor=self.officer_a,
                personal_id=self.child_a.personal_id,
                unit=self.group_a,
                reason="x",
            )

    def test_one_pending_request_per_record(self):
        self.ask()
        with self.assertRaises(TransferError):
            self.ask()

    def test_collaborator_cannot_request_into_another_group(self):
        with self.assertRaises(TransferError):
            request_transfer(
                actor=self.collaborator_a, personal_id=B_ID, unit=self.group_a2, reason="x"
            )


class TransferPageTests(TransferTestCase):
    def test_requester_files_the_request_from_the_form(self):
        self.login(self.officer_a)
        url = reverse("children:transfer-create")
        form = self.client.get(url, {"personal_id": B_ID, "unit": self.group_a.pk})
        self.assertEqual(form.status_code, 200)
        response = self.client.post(
            url,
            {
                "personal_id": B_ID,
                "unit": self.group_a.pk,
                "reason": "Chuyển đến ở với bà ngoại.",
                "address_line": "Số 1",
                "moved_in_on": "",
            },
        )
        transfer = ChildTransfer.objects.get()
        self.assertRedirects(response, transfer.get_absolute_url())

    def test_requester_sees_only_what_they_typed_before_acceptance(self):
        transfer = self.ask()
        self.login(self.officer_a)
        response = self.client.get(transfer.get_absolute_url())
        self.assertContains(response, B_ID)
        self.assertNotContains(response, self.child_b.full_name)
        self.assertNotContains(response, reverse("children:detail", args=[self.child_b.pk]))
        self.assertNotContains(response, self.ward_b.name)

    def test_owner_sees_the_child_and_accepts(self):
        transfer = self.ask()
        self.login(self.officer_b)
        pending = self.client.get(reverse("children:transfers"))
        self.assertContains(pending, transfer.get_absolute_url())
        detail = self.client.get(transfer.get_absolute_url())
        self.assertContains(detail, self.child_b.full_name)
        response = self.client.post(
            reverse("children:transfer-decide", args=[transfer.pk]), {"decision": "accepted"}
        )
        self.assertRedirects(response, reverse("children:transfers"))
        self.assertEqual(Child.objects.get(pk=self.child_b.pk).ward, self.ward_a)

    def test_owner_declines_with_a_reason_shown_to_the_requester(self):
        transfer = self.ask()
        self.login(self.officer_b)
        self.client.post(
            reverse("children:transfer-decide", args=[transfer.pk]),
            {"decision": "declined", "reason": "Trẻ vẫn ở Thành Vinh."},
        )
        self.login(self.officer_a)
        self.assertContains(self.client.get(transfer.get_absolute_url()), "Trẻ vẫn ở Thành Vinh.")

    def test_other_roles_get_404(self):
        transfer = self.ask()
        for user in (
            self.collaborator_a,
            self.approver_a,
            self.viewer,
            self.admin,
            self.reporter_a,
        ):
            self.login(user)
            self.assertEqual(
                self.client.get(transfer.get_absolute_url()).status_code, 404, user.username
            )
            response = self.client.post(
                reverse("children:transfer-decide", args=[transfer.pk]), {"decision": "accepted"}
            )
            self.assertEqual(response.status_code, 404, user.username)
        self.assertEqual(ChildTransfer.objects.get().status, TransferStatus.PENDING)

    def test_province_officer_sees_the_request(self):
        transfer = self.ask()
        self.login(self.province_officer)
        self.assertEqual(self.client.get(transfer.get_absolute_url()).status_code, 200)

    def test_list_page_links_to_the_transfers(self):
        self.login(self.officer_b)
        self.assertContains(
            self.client.get(reverse("children:list")), reverse("children:transfers")
        )


class TransferApiTests(TransferTestCase):
    def payload(self, **extra):
        return {
            "personal_id": B_ID,
            "unit": self.group_a.pk,
            "reason": "Chuyển đến.",
            **extra,
        }

    def test_requester_creates_and_sees_no_child_data(self):
        response = self.as_user(self.officer_a).post(API, self.payload(), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertIsNone(body["child"])
        self.assertIsNone(body["child_name"])
        self.assertIsNone(body["from_ward"])
        self.assertEqual(body["status"], "pending")

    def test_create_refusal_is_a_documented_400(self):
        response = self.as_user(self.officer_a).post(API, self.payload(reason=""), format="json")
        self.assertEqual(response.status_code, 400)

    def test_owner_lists_and_accepts(self):
        transfer = self.ask()
        api = self.as_user(self.officer_b)
        rows = api.get(API).json()["results"]
        self.assertEqual([r["id"] for r in rows], [transfer.pk])
        self.assertEqual(rows[0]["child"], self.child_b.pk)
        response = api.post(f"{API}{transfer.pk}/accept/", {}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "accepted")
        self.assertEqual(Child.objects.get(pk=self.child_b.pk).ward, self.ward_a)

    def test_owner_declines_with_a_reason(self):
        transfer = self.ask()
        api = self.as_user(self.officer_b)
        self.assertEqual(
            api.post(f"{API}{transfer.pk}/decline/", {}, format="json").status_code, 400
        )
        response = api.post(f"{API}{transfer.pk}/decline/", {"reason": "Sai."}, format="json")
        self.assertEqual(response.json()["status"], "declined")

    def test_requester_may_not_accept(self):
        transfer = self.ask()
        response = self.as_user(self.officer_a).post(
            f"{API}{transfer.pk}/accept/", {}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ChildTransfer.objects.get().status, TransferStatus.PENDING)

    def test_not_visible_is_404(self):
        transfer = self.ask()
        for user in (self.collaborator_a, self.approver_a):
            api = self.as_user(user)
            self.assertEqual(api.get(f"{API}{transfer.pk}/").status_code, 404)
            self.assertEqual(
                api.post(f"{API}{transfer.pk}/accept/", {}, format="json").status_code, 404
            )


class TransferLandingTests(TransferTestCase):
    def test_owner_landing_page_counts_the_requests_to_decide(self):
        self.ask()
        self.login(self.officer_b)
        response = self.client.get("/")
        self.assertContains(response, reverse("children:transfers"))

    def test_collaborator_landing_page_has_no_transfer_link(self):
        self.login(self.collaborator_a)
        self.assertNotContains(self.client.get("/"), reverse("children:transfers"))
