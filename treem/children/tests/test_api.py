"""The registry API: scoped like the pages, writes through the services,
sensitive fields hidden and their reads audited."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from treem.accounts.models import User
from treem.accounts.services import issue_token
from treem.audit.models import Action, AuditEvent
from treem.children.models import Child, CircumstanceEpisode, CodeKind, RiskEpisode
from treem.children.services import create_child

from .base import RegistryTestCase, child_data, code

URL = "/api/v1/children/"


def detail(child):
    return f"{URL}{child.pk}/"


def new_child(unit_pk, **extra):
    return {
        "family_name": "Hoàng",
        "middle_name": "Gia",
        "given_name": "Bảo",
        "date_of_birth": "02/09/2019",
        "sex": "M",
        "unit": unit_pk,
        **extra,
    }


class ApiTestCase(RegistryTestCase):
    def setUp(self):
        self.api = APIClient()

    def as_user(self, user):
        self.api.force_authenticate(user)
        return self.api

    def events(self, action, **filters):
        return AuditEvent.objects.filter(action=action, **filters)


class ScopeTests(ApiTestCase):
    def test_officer_lists_only_children_of_their_ward(self):
        response = self.as_user(self.officer_a).get(URL)
        self.assertEqual(response.status_code, 200)
        ids = {row["id"] for row in response.json()["results"]}
        self.assertEqual(ids, {self.child_a.pk, self.child_a2.pk})

    def test_list_query_count_does_not_grow_with_rows(self):
        def fresh():
            # A new user object per request, as in production: scopes are
            # cached on the object.
            return self.as_user(User.objects.get(pk=self.officer_a.pk))

        with CaptureQueriesContext(connection) as before:
            fresh().get(URL)
        for given in ("An", "Bình", "Chi"):
            create_child(
                actor=self.officer_a,
                unit=self.group_a2,
                ward=self.ward_a,
                data=child_data(family="Phạm", middle="Thị", given=given, dob=(2017, 1, 1)),
            )
        with CaptureQueriesContext(connection) as after:
            response = fresh().get(URL)
        self.assertEqual(len(response.json()["results"]), 5)
        self.assertEqual(len(before), len(after))

    def test_officer_cannot_see_other_ward_child(self):
        api = self.as_user(self.officer_a)
        self.assertEqual(api.get(detail(self.child_b)).status_code, 404)

    def test_officer_cannot_update_other_ward_child(self):
        response = self.as_user(self.officer_a).patch(
            detail(self.child_b), {"given_name": "Hoa", "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 404)
        self.child_b.refresh_from_db()
        self.assertEqual(self.child_b.given_name, "Hòa")

    def test_officer_cannot_reach_nested_resources_of_other_ward(self):
        api = self.as_user(self.officer_a)
        for what in ("circumstances", "risks", "caregivers"):
            url = f"{detail(self.child_b)}{what}/"
            self.assertEqual(api.get(url).status_code, 404, what)
            self.assertEqual(api.post(url, {}, format="json").status_code, 404, what)

    def test_token_auth_is_scoped_the_same_way(self):
        _, token = issue_token(self.officer_a, actor=None, days=1)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        ids = {row["id"] for row in api.get(URL).json()["results"]}
        self.assertEqual(ids, {self.child_a.pk, self.child_a2.pk})
        self.assertEqual(api.get(detail(self.child_b)).status_code, 404)
        self.assertEqual(api.get(f"{detail(self.child_b)}risks/").status_code, 404)
        response = api.patch(detail(self.child_b), {"version": 1}, format="json")
        self.assertEqual(response.status_code, 404)

    def test_anonymous_gets_401(self):
        self.assertEqual(APIClient().get(URL).status_code, 401)

    def test_collaborator_sees_only_their_group_without_sensitive_fields(self):
        api = self.as_user(self.collaborator_a)
        rows = api.get(URL).json()["results"]
        self.assertEqual([r["id"] for r in rows], [self.child_a.pk])
        for name in Child.SENSITIVE_FIELDS:
            self.assertNotIn(name, rows[0])
        self.assertEqual(api.get(detail(self.child_a2)).status_code, 404)
        body = api.get(detail(self.child_a)).json()
        self.assertNotIn("nutrition_status", body)
        self.assertNotIn("ethnicity", body)

    def test_collaborator_does_not_see_sensitive_episodes(self):
        rows = self.as_user(self.collaborator_a).get(f"{detail(self.child_a)}circumstances/")
        self.assertEqual(rows.json(), [])
        officer_rows = self.as_user(self.officer_a).get(f"{detail(self.child_a)}circumstances/")
        self.assertEqual([r["code"] for r in officer_rows.json()], ["đ"])

    def test_viewer_gets_404_on_the_list(self):
        self.assertEqual(self.as_user(self.viewer).get(URL).status_code, 404)
        self.assertEqual(self.as_user(self.viewer).get(detail(self.child_a)).status_code, 404)

    def test_approver_reads_but_may_not_write(self):
        api = self.as_user(self.approver_a)
        self.assertEqual(api.get(detail(self.child_a)).status_code, 200)
        response = api.patch(detail(self.child_a), {"given_name": "X", "version": 1}, format="json")
        self.assertEqual(response.status_code, 403)
        response = api.post(
            f"{detail(self.child_a)}risks/", {"code": "r04", "started_on": "2024-01-01"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(api.post(URL, new_child(self.group_a.pk)).status_code, 403)


class SensitiveViewTests(ApiTestCase):
    def test_officer_retrieve_writes_a_view_sensitive_event(self):
        body = self.as_user(self.officer_a).get(detail(self.child_a)).json()
        self.assertEqual(body["nutrition_status"], "stunting")
        self.assertEqual(body["ethnicity"], "01")
        event = self.events(Action.VIEW_SENSITIVE, subject_id=str(self.child_a.pk)).get()
        self.assertEqual(event.actor, self.officer_a)
        self.assertEqual(event.changes["fields"]["new"], ["ethnicity", "nutrition_status"])

    def test_collaborator_retrieve_writes_no_event(self):
        self.as_user(self.collaborator_a).get(detail(self.child_a))
        self.assertFalse(self.events(Action.VIEW_SENSITIVE).exists())

    def test_a_list_page_with_sensitive_values_writes_one_event(self):
        self.as_user(self.officer_a).get(URL)
        event = self.events(Action.VIEW_SENSITIVE).get()
        self.assertEqual(event.changes["fields"]["new"], ["ethnicity", "nutrition_status"])
        self.assertIn(str(self.child_a.pk), event.note)
        self.assertEqual(event.unit_id, self.ward_a.pk)

    def test_listing_sensitive_episodes_is_audited(self):
        self.as_user(self.officer_a).get(f"{detail(self.child_a)}circumstances/")
        event = self.events(Action.VIEW_SENSITIVE, subject_id=str(self.child_a.pk)).get()
        self.assertEqual(event.changes["fields"]["new"], ["circumstance:đ"])


class CreateTests(ApiTestCase):
    def test_officer_registers_a_child_through_the_service(self):
        response = self.as_user(self.officer_a).post(
            URL, new_child(self.group_a2.pk, personal_id="040219000123"), format="json"
        )
        self.assertEqual(response.status_code, 201, response.json())
        child = Child.objects.get(pk=response.json()["id"])
        self.assertEqual(child.ward, self.ward_a)
        self.assertEqual(child.name_folded, "hoang gia bao")
        self.assertEqual(child.date_of_birth, datetime.date(2019, 9, 2))
        self.assertTrue(
            self.events(Action.CREATE, subject_type="children.child", subject_id=str(child.pk))
        )

    def test_validation_errors_are_field_errors_and_nothing_is_written(self):
        before = Child.objects.count()
        response = self.as_user(self.officer_a).post(
            URL,
            new_child(
                self.group_a.pk, family_name="", date_of_birth="31/02/2019", personal_id="040"
            ),
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        errors = response.json()
        self.assertEqual(set(errors), {"family_name", "date_of_birth", "personal_id"})
        self.assertIn("31/02/2019", errors["date_of_birth"][0])
        self.assertEqual(Child.objects.count(), before)

    def test_id_digit_inconsistent_with_sex_gets_the_precise_message(self):
        response = self.as_user(self.officer_a).post(
            URL, new_child(self.group_a.pk, personal_id="040319000123"), format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Chữ số thứ 4", response.json()["personal_id"][0])

    def test_unit_outside_the_officers_area_is_refused(self):
        response = self.as_user(self.officer_a).post(URL, new_child(self.group_b.pk))
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.json())
        self.assertFalse(Child.objects.filter(given_name="Bảo").exists())

    def test_collaborator_may_not_send_sensitive_fields(self):
        response = self.as_user(self.collaborator_a).post(
            URL, new_child(self.group_a.pk, health_insurance_card="HS123"), format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("health_insurance_card", response.json())

    def test_duplicate_id_is_refused_with_the_existing_record(self):
        response = self.as_user(self.officer_a).post(
            URL,
            new_child(
                self.group_a.pk,
                family_name="Nguyễn",
                middle_name="Thị",
                given_name="Lan",
                date_of_birth="14/03/2015",
                sex="F",
                personal_id=self.child_a.personal_id,
            ),
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["existing_id"], self.child_a.pk)
        self.assertFalse(Child.objects.filter(given_name="Lan").exists())

    def test_possible_duplicate_needs_confirmation(self):
        api = self.as_user(self.officer_a)
        payload = new_child(
            self.group_a2.pk,
            family_name="Nguyen",
            middle_name="Thi Ngoc",
            given_name="Anh",
            date_of_birth="2015-03-14",
            sex="F",
        )
        response = api.post(URL, payload, format="json")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["candidates"], [self.child_a.pk])
        self.assertEqual(Child.objects.filter(ward=self.ward_a).count(), 2)
        response = api.post(URL, {**payload, "confirm_not_duplicate": True}, format="json")
        self.assertEqual(response.status_code, 201)


class UpdateTests(ApiTestCase):
    def test_patch_with_current_version_updates_through_the_service(self):
        response = self.as_user(self.officer_a).patch(
            detail(self.child_a2), {"given_name": "minh  khang", "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.json())
        self.assertEqual(response.json()["given_name"], "Minh Khang")
        self.assertEqual(response.json()["version"], 2)
        event = self.events(Action.UPDATE, subject_id=str(self.child_a2.pk)).get()
        self.assertEqual(event.changes["given_name"]["new"], "Minh Khang")

    def test_stale_version_is_409_with_both_versions_and_nothing_overwritten(self):
        api = self.as_user(self.officer_a)
        api.patch(detail(self.child_a2), {"given_name": "Khang", "version": 1}, format="json")
        response = api.patch(
            detail(self.child_a2), {"given_name": "Khoa", "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual((body["your_version"], body["current_version"]), (1, 2))
        self.assertEqual(body["current"]["given_name"], "Khang")
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.given_name, "Khang")

    def test_update_without_version_is_refused(self):
        response = self.as_user(self.officer_a).patch(
            detail(self.child_a2), {"given_name": "Khang"}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("version", response.json())

    def test_invalid_update_is_a_field_error(self):
        response = self.as_user(self.officer_a).patch(
            detail(self.child_a2), {"sex": "", "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("sex", response.json())

    def test_moving_to_another_group_uses_the_move_service(self):
        response = self.as_user(self.officer_a).patch(
            detail(self.child_a2), {"unit": self.group_a.pk, "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.json())
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.unit, self.group_a)
        self.assertEqual(self.child_a2.residences.count(), 2)

    def test_put_requires_the_identity_fields(self):
        response = self.as_user(self.officer_a).put(
            detail(self.child_a2), {"version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("family_name", response.json())

    def test_delete_is_not_allowed(self):
        response = self.as_user(self.officer_a).delete(detail(self.child_a2))
        self.assertEqual(response.status_code, 405)
        self.assertTrue(Child.objects.filter(pk=self.child_a2.pk).exists())


class NestedTests(ApiTestCase):
    def test_circumstance_create_and_end_go_through_services(self):
        api = self.as_user(self.officer_a)
        url = f"{detail(self.child_a2)}circumstances/"
        response = api.post(url, {"code": "h", "started_on": "2024-02-01"}, format="json")
        self.assertEqual(response.status_code, 201, response.json())
        episode = CircumstanceEpisode.objects.get(pk=response.json()["id"])
        self.assertEqual(episode.recorded_by, self.officer_a)
        self.assertTrue(self.events(Action.CREATE, subject_id=str(episode.pk)).exists())
        response = api.patch(f"{url}{episode.pk}/", {"ended_on": "2024-06-30"}, format="json")
        self.assertEqual(response.status_code, 200, response.json())
        self.assertFalse(response.json()["is_open"])
        episode.refresh_from_db()
        self.assertEqual(episode.ended_on, datetime.date(2024, 6, 30))
        event = self.events(Action.UPDATE, subject_id=str(episode.pk)).get()
        self.assertEqual(event.changes["ended_on"]["new"], "2024-06-30")

    def test_service_refusal_is_a_400(self):
        url = f"{detail(self.child_a2)}circumstances/"
        response = self.as_user(self.officer_a).post(
            url, {"code": "a", "started_on": "2024-01-01"}, format="json"
        )
        self.assertEqual(response.status_code, 400)  # already open in group a
        self.assertEqual(self.child_a2.circumstances.count(), 1)

    def test_ending_before_the_start_is_refused(self):
        episode = self.child_a2.circumstances.get()
        response = self.as_user(self.officer_a).patch(
            f"{detail(self.child_a2)}circumstances/{episode.pk}/",
            {"ended_on": "2020-01-01"},
            format="json",
        )
        self.assertEqual(response.status_code, 400)

    def test_collaborator_may_not_record_a_sensitive_group(self):
        response = self.as_user(self.collaborator_a).post(
            f"{detail(self.child_a)}circumstances/",
            {"code": "đ", "started_on": "2024-01-01"},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("code", response.json())

    def test_risk_create_and_end(self):
        api = self.as_user(self.officer_a)
        url = f"{detail(self.child_a2)}risks/"
        response = api.post(url, {"code": "r04", "started_on": "2025-01-01"}, format="json")
        self.assertEqual(response.status_code, 201, response.json())
        risk = RiskEpisode.objects.get(pk=response.json()["id"])
        response = api.patch(f"{url}{risk.pk}/", {"ended_on": None}, format="json")
        self.assertEqual(response.status_code, 200)
        risk.refresh_from_db()
        self.assertIsNotNone(risk.ended_on)
        self.assertEqual([r["code"] for r in api.get(url).json()], ["r04"])

    def test_caregiver_create_reuses_the_shared_record(self):
        api = self.as_user(self.officer_a)
        response = api.post(
            f"{detail(self.child_a2)}caregivers/",
            {
                "relation": "me",
                "family_name": "Trần",
                "middle_name": "Thị",
                "given_name": "Hoa",
                "phone": "0912345678",
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.json())
        mother = self.child_a.caregiver_links.get().caregiver_id
        self.assertEqual(response.json()["caregiver"], mother)
        self.assertTrue(self.events(Action.CREATE, subject_type="children.childcaregiver"))
        rows = api.get(f"{detail(self.child_a2)}caregivers/").json()
        self.assertEqual([r["full_name"] for r in rows], ["Trần Thị Hoa"])

    def test_caregiver_without_a_name_is_refused(self):
        response = self.as_user(self.officer_a).post(
            f"{detail(self.child_a2)}caregivers/", {"relation": "me"}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.child_a2.caregiver_links.exists())


class SearchTests(ApiTestCase):
    def ids(self, user, **params):
        response = self.as_user(user).get(URL, params)
        self.assertEqual(response.status_code, 200, response.content)
        return [row["id"] for row in response.json()["results"]]

    def test_search_without_accents(self):
        self.assertEqual(self.ids(self.officer_a, q="ngoc anh"), [self.child_a.pk])
        self.assertEqual(self.ids(self.officer_a, q="dang"), [self.child_a2.pk])
        self.assertEqual(self.ids(self.officer_a, q="Đặng"), [self.child_a2.pk])

    def test_search_by_caregiver_and_id_digits(self):
        self.assertEqual(self.ids(self.officer_a, q="tran thi hoa"), [self.child_a.pk])
        self.assertEqual(self.ids(self.officer_a, q="123456"), [self.child_a.pk])

    def test_search_stays_inside_the_scope(self):
        self.assertEqual(self.ids(self.officer_a, q="le thi hoa"), [])
        self.assertEqual(self.ids(self.officer_b, q="le thi hoa"), [self.child_b.pk])

    def test_filters_of_the_list_page(self):
        orphan = code(CodeKind.CIRCUMSTANCE_GROUP, "a")
        self.assertEqual(self.ids(self.officer_a, circumstance=orphan.pk), [self.child_a2.pk])
        self.assertEqual(self.ids(self.officer_a, group=self.group_a.pk), [self.child_a.pk])
        self.assertEqual(self.ids(self.officer_a, sex="M"), [self.child_a2.pk])

    def test_a_filter_outside_the_scope_is_a_400(self):
        response = self.as_user(self.officer_a).get(URL, {"ward": self.ward_b.pk})
        self.assertEqual(response.status_code, 400)


class SchemaTests(RegistryTestCase):
    def test_schema_lists_the_registry_endpoints(self):
        response = self.client.get("/api/schema/", {"format": "json"})
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        for path in (
            "/api/v1/children/",
            "/api/v1/children/{id}/",
            "/api/v1/children/{child_pk}/circumstances/",
            "/api/v1/children/{child_pk}/circumstances/{id}/",
            "/api/v1/children/{child_pk}/risks/",
            "/api/v1/children/{child_pk}/caregivers/",
        ):
            self.assertIn(path, paths)
        params = {p["name"] for p in paths["/api/v1/children/"]["get"]["parameters"]}
        self.assertTrue({"q", "ward", "age", "circumstance", "page"} <= params)
