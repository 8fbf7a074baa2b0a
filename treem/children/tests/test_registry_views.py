"""The registry's pages: list and search, detail, create, edit, the small
writes of the detail page and the data-subject export, read persona by persona."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from treem.audit.models import Action, AuditEvent
from treem.children.models import (
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    CodeKind,
    Consent,
    DobPrecision,
    Residence,
    RiskEpisode,
    Status,
    Support,
)
from treem.children.services import add_caregiver, add_circumstance, change_status, create_child
from treem.jobs.models import Job

from .base import RegistryTestCase, child_data, code


def url(name, *args):
    return reverse(f"children:{name}", args=args)


def listed(response):
    return [row["child"] for row in response.context["rows"]]


class ListTests(RegistryTestCase):
    def test_officer_sees_the_children_of_their_ward_only(self):
        self.login(self.officer_a)
        response = self.client.get(url("list"))
        self.assertEqual(response.status_code, 200)
        self.assertCountEqual(listed(response), [self.child_a, self.child_a2])

    def test_collaborator_sees_only_their_residential_group(self):
        self.login(self.collaborator_a)
        self.assertEqual(listed(self.client.get(url("list"))), [self.child_a])

    def test_viewer_gets_404_on_the_list(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(url("list")).status_code, 404)

    def test_anonymous_user_is_sent_to_the_login_page(self):
        self.assertEqual(self.client.get(url("list")).status_code, 302)

    def test_list_is_sorted_by_given_name(self):
        create_child(
            actor=self.officer_a,
            unit=self.ward_a,
            ward=self.ward_a,
            data=child_data(family="Võ", middle="", given="Bình", dob=(2017, 1, 1), sex="M"),
        )
        self.login(self.officer_a)
        names = [c.given_name for c in listed(self.client.get(url("list")))]
        self.assertEqual(names, ["Ánh", "Bình", "Minh"])

    def search(self, q, user=None):
        self.login(user or self.officer_a)
        return listed(self.client.get(url("list"), {"q": q}))

    def test_search_by_full_name_without_accents(self):
        self.assertEqual(self.search("nguyen thi ngoc anh"), [self.child_a])

    def test_search_by_the_end_of_the_name(self):
        self.assertEqual(self.search("ngoc anh"), [self.child_a])

    def test_search_dang_finds_dang_with_a_stroke(self):
        self.assertEqual(self.search("dang"), [self.child_a2])
        self.assertEqual(self.search("Đặng"), [self.child_a2])

    def test_search_by_the_last_six_digits_of_the_id(self):
        self.assertEqual(self.search("123456"), [self.child_a])

    def test_search_by_the_full_id(self):
        self.assertEqual(self.search("040315123456"), [self.child_a])

    def test_search_by_caregiver_phone_and_name(self):
        self.assertEqual(self.search("0912345678"), [self.child_a])
        self.assertEqual(self.search("tran thi hoa"), [self.child_a])

    def test_search_never_reaches_another_ward(self):
        self.assertEqual(self.search("040316654321"), [])

    def test_a_search_counts_to_its_own_cap_and_a_list_to_the_lists(self):
        from treem.children.queries import SEARCH_CAP
        from treem.core.pagination import CappedPaginator

        self.login(self.officer_a)
        searched = self.client.get(url("list"), {"q": "nguyen"})
        self.assertEqual(searched.context["page_obj"].paginator.CAP, SEARCH_CAP)
        listed_page = self.client.get(url("list"))
        self.assertEqual(listed_page.context["page_obj"].paginator.CAP, CappedPaginator.CAP)
        # The filter form's selects (core/widgets.FastSelect) are whole elements.
        self.assertNotContains(listed_page, "&lt;/select")
        self.assertContains(listed_page, "</select>", count=listed_page.content.count(b"<select"))

    def test_the_results_fragment_links_each_row_to_its_record(self):
        self.login(self.officer_a)
        response = self.client.get(url("list"), {"q": "ngoc anh"}, headers={"HX-Request": "true"})
        self.assertContains(response, f'href="{self.child_a.get_absolute_url()}"')
        self.assertNotContains(response, "<nav")

    def test_moved_out_child_leaves_the_working_list_but_the_status_filter_finds_it(self):
        change_status(self.child_a2, Status.MOVED_OUT, actor=self.officer_a)
        self.login(self.officer_a)
        self.assertEqual(listed(self.client.get(url("list"))), [self.child_a])
        moved = listed(self.client.get(url("list"), {"status": "moved_out"}))
        self.assertEqual(moved, [self.child_a2])

    def test_htmx_request_gets_only_the_results(self):
        self.login(self.officer_a)
        response = self.client.get(url("list"), {"q": "minh"}, headers={"HX-Request": "true"})
        self.assertTemplateUsed(response, "children/registry/_results.html")
        self.assertTemplateNotUsed(response, "children/registry/list.html")
        self.assertEqual(listed(response), [self.child_a2])

    def test_list_query_count_does_not_grow_with_the_rows(self):
        self.login(self.officer_a)

        def add_rows():
            for i in range(4):
                child = create_child(
                    actor=self.officer_a,
                    unit=self.group_a,
                    ward=self.ward_a,
                    data=child_data(given=f"Bé{i}", dob=(2016, 1, 1 + i), sex="M"),
                    confirmed=True,
                )
                add_caregiver(child, actor=self.officer_a, relation=self.mother, full_name="Mẹ Bé")
                add_circumstance(
                    child, actor=self.officer_a, code=self.hiv, started_on=datetime.date(2024, 1, 1)
                )

        self.assert_queries_constant(url("list"), add_rows)


class DetailTests(RegistryTestCase):
    def test_officer_opens_a_child_of_their_ward(self):
        self.login(self.officer_a)
        response = self.client.get(url("detail", self.child_a.pk))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["child"], self.child_a)
        self.assertEqual(
            [link.caregiver.phone for link in response.context["links"]], ["0912345678"]
        )

    def test_officer_of_another_ward_gets_404(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(url("detail", self.child_a.pk)).status_code, 404)

    def test_collaborator_opens_their_group_but_not_another_group_of_the_ward(self):
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get(url("detail", self.child_a.pk)).status_code, 200)
        self.assertEqual(self.client.get(url("detail", self.child_a2.pk)).status_code, 404)

    def test_missing_child_gets_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(url("detail", 999999)).status_code, 404)

    def test_history_shows_who_created_the_record_and_what_changed(self):
        self.login(self.officer_a)
        self.client.post(url("status", self.child_a2.pk), {"status": Status.DECEASED})
        history = self.client.get(url("detail", self.child_a2.pk)).context["history"]
        self.assertEqual(history[0].action, Action.UPDATE)
        self.assertEqual(history[0].actor_label, "alice")
        self.assertIn(str(Status.DECEASED.label), [new for _label, _old, new in history[0].rows])
        self.assertIn(Action.CREATE, [e.action for e in history])

    def test_siblings_are_children_sharing_a_caregiver(self):
        sibling = create_child(
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            data=child_data(given="Bảo", dob=(2019, 2, 2), sex="M"),
        )
        add_caregiver(
            sibling,
            actor=self.officer_a,
            relation=self.mother,
            phone="0912345678",
            full_name="Trần Thị Hoa",
        )
        self.login(self.officer_a)
        response = self.client.get(url("detail", self.child_a.pk))
        self.assertEqual(list(response.context["siblings"]), [sibling])


def form_data(**extra):
    data = {
        "full_name": "Phạm Văn An",
        "date_of_birth": "05/06/2019",
        "sex": "M",
        "personal_id": "",
        "birth_registration": "registered",
        "nationality": "Việt Nam",
        "cg1-full_name": "Hồ Thị Lan",
        "cg1-phone": "0987654321",
        "cg1-lives_with": "on",
        "cg2-full_name": "",
    }
    data.update(extra)
    return data


class CreateTests(RegistryTestCase):
    def post(self, user=None, **extra):
        self.login(user or self.officer_a)
        extra.setdefault("unit", self.group_a.pk)
        extra.setdefault("cg1-relation", self.mother.pk)
        return self.client.post(url("create"), form_data(**extra))

    def test_officer_registers_a_child_with_a_caregiver(self):
        response = self.post()
        child = Child.objects.get(given_name="An")
        self.assertRedirects(response, url("detail", child.pk))
        self.assertEqual((child.family_name, child.middle_name), ("Phạm", "Văn"))
        self.assertEqual(child.date_of_birth, datetime.date(2019, 6, 5))
        self.assertEqual((child.unit, child.ward), (self.group_a, self.ward_a))
        link = ChildCaregiver.objects.get(child=child)
        self.assertEqual((link.caregiver.full_name, link.relation), ("Hồ Thị Lan", self.mother))
        self.assertTrue(Residence.objects.filter(child=child, unit=self.group_a).exists())

    def test_name_parts_win_over_the_full_name_field(self):
        self.post(full_name="", family_name="lê", middle_name="thị", given_name="thu")
        self.assertTrue(Child.objects.filter(family_name="Lê", given_name="Thu").exists())

    def test_year_only_date_of_birth_is_stored_with_its_precision(self):
        self.post(date_of_birth="2019")
        child = Child.objects.get(given_name="An")
        self.assertEqual(child.dob_precision, DobPrecision.YEAR)
        self.assertEqual(child.dob_display, "2019")

    def test_month_and_year_date_of_birth(self):
        self.post(date_of_birth="03/2020")
        self.assertEqual(Child.objects.get(given_name="An").dob_display, "03/2020")

    def test_invalid_input_shows_errors_per_field_and_writes_nothing(self):
        changes = AuditEvent.objects.exclude(action=Action.LOGIN)
        before = (Child.objects.count(), changes.count())
        response = self.post(
            full_name="", date_of_birth="31/02/2019", sex="", personal_id="040215000001"
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        for name in ("full_name", "date_of_birth", "sex"):
            self.assertIn(name, errors)
        self.assertEqual((Child.objects.count(), changes.count()), before)

    def test_id_inconsistent_with_sex_is_refused(self):
        # Century/sex digit 3 means a girl born in the 2000s.
        response = self.post(personal_id="040319123456")
        self.assertIn("personal_id", response.context["form"].errors)
        self.assertFalse(Child.objects.filter(given_name="An").exists())

    def test_bad_caregiver_phone_is_refused(self):
        response = self.post(**{"cg1-phone": "12ab"})
        self.assertIn("phone", response.context["form"].caregivers[0].errors)
        self.assertFalse(Child.objects.filter(given_name="An").exists())

    def test_same_id_is_refused_with_a_link_to_the_existing_record(self):
        response = self.post(
            full_name="Nguyễn Thị Ngọc Ánh",
            date_of_birth="14/03/2015",
            sex="F",
            personal_id="040315123456",
            unit=self.group_a2.pk,
        )
        self.assertIn("personal_id", response.context["form"].errors)
        self.assertEqual(response.context["existing"], self.child_a)
        self.assertEqual(Child.objects.filter(personal_id="040315123456").count(), 1)

    def test_same_id_from_another_ward_is_refused_without_a_link(self):
        response = self.post(
            full_name="Lê Thị Hòa", date_of_birth="20/01/2016", sex="F", personal_id="040316654321"
        )
        self.assertIn("personal_id", response.context["form"].errors)
        self.assertIsNone(response.context["existing"])

    def test_similar_child_needs_a_confirmation(self):
        extra = {"full_name": "Đặng Văn Minh", "date_of_birth": "02/09/2018", "sex": "M"}
        response = self.post(**extra)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["candidates"], [self.child_a2])
        self.assertEqual(Child.objects.filter(given_name="Minh").count(), 1)
        response = self.post(confirmed="on", **extra)
        self.assertEqual(Child.objects.filter(given_name="Minh").count(), 2)

    def test_collaborator_registers_in_their_group_only(self):
        response = self.post(user=self.collaborator_a, unit=self.group_a2.pk)
        self.assertIn("unit", response.context["form"].errors)
        self.assertFalse(Child.objects.filter(given_name="An").exists())
        self.post(user=self.collaborator_a, unit=self.group_a.pk)
        self.assertTrue(Child.objects.filter(given_name="An", unit=self.group_a).exists())

    def test_approver_cannot_register(self):
        self.login(self.approver_a)
        self.assertEqual(self.client.get(url("create")).status_code, 404)
        self.assertEqual(self.post(user=self.approver_a).status_code, 404)

    def test_collaborator_form_has_no_ethnicity_or_health_fields(self):
        self.login(self.collaborator_a)
        fields = self.client.get(url("create")).context["form"].fields
        self.assertNotIn("ethnicity", fields)
        self.assertNotIn("nutrition_status", fields)
        self.assertIn("school_level", fields)

    def test_field_check_on_blur_answers_with_that_fields_errors(self):
        self.login(self.officer_a)
        response = self.client.post(
            url("validate"),
            {"date_of_birth": "2099", "full_name": "A B"},
            headers={"HX-Request": "true", "HX-Trigger-Name": "date_of_birth"},
        )
        self.assertEqual(len(response.context["errors"]), 1)


class EditTests(RegistryTestCase):
    def edit_data(self, child, **extra):
        data = {
            "family_name": child.family_name,
            "middle_name": child.middle_name,
            "given_name": child.given_name,
            "date_of_birth": child.dob_display,
            "sex": child.sex,
            "personal_id": child.personal_id or "",
            "birth_registration": child.birth_registration,
            "nationality": child.nationality,
            "version": child.version,
        }
        data.update(extra)
        return data

    def test_officer_edits_a_child(self):
        self.login(self.officer_a)
        data = self.edit_data(self.child_a2, grade="3A", ethnicity=self.kinh.pk)
        response = self.client.post(url("edit", self.child_a2.pk), data)
        self.assertRedirects(response, url("detail", self.child_a2.pk))
        self.child_a2.refresh_from_db()
        self.assertEqual((self.child_a2.grade, self.child_a2.ethnicity), ("3A", self.kinh))
        self.assertEqual(self.child_a2.version, 2)

    def test_second_edit_from_the_same_version_gets_the_conflict_and_the_first_value_stays(self):
        self.login(self.officer_a)
        first = self.edit_data(self.child_a2, grade="1A")
        second = self.edit_data(self.child_a2, grade="2B")
        self.client.post(url("edit", self.child_a2.pk), first)
        response = self.client.post(url("edit", self.child_a2.pk), second)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["conflict"])
        self.assertIn(
            ("2B", "1A"), [(mine, saved) for _l, mine, saved in response.context["conflict_rows"]]
        )
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.grade, "1A")
        # Saving again from the conflict page applies the change knowingly.
        again = self.edit_data(self.child_a2, grade="2B", version=response.context["version"])
        self.client.post(url("edit", self.child_a2.pk), again)
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.grade, "2B")

    def test_collaborator_edit_keeps_the_sensitive_fields_it_cannot_see(self):
        self.login(self.collaborator_a)
        response = self.client.post(
            url("edit", self.child_a.pk), self.edit_data(self.child_a, grade="4C")
        )
        self.assertEqual(response.status_code, 302)
        self.child_a.refresh_from_db()
        self.assertEqual(self.child_a.grade, "4C")
        self.assertEqual(
            (self.child_a.ethnicity, self.child_a.nutrition_status), (self.kinh, "stunting")
        )

    def test_edit_with_errors_saves_nothing(self):
        self.login(self.officer_a)
        response = self.client.post(
            url("edit", self.child_a2.pk), self.edit_data(self.child_a2, given_name="", grade="9")
        )
        self.assertIn("given_name", response.context["form"].errors)
        self.child_a2.refresh_from_db()
        self.assertEqual((self.child_a2.given_name, self.child_a2.version), ("Minh", 1))

    def test_edit_to_an_id_already_registered_is_refused(self):
        self.login(self.officer_a)
        data = self.edit_data(self.child_a, personal_id="040316654321", date_of_birth="20/01/2016")
        response = self.client.post(url("edit", self.child_a.pk), data)
        self.assertIn("personal_id", response.context["form"].errors)
        self.child_a.refresh_from_db()
        self.assertEqual(self.child_a.personal_id, "040315123456")

    def test_officer_of_another_ward_collaborator_of_another_group_and_approver_get_404(self):
        for user, child in (
            (self.officer_b, self.child_a),
            (self.collaborator_a, self.child_a2),
            (self.approver_a, self.child_a),
        ):
            self.login(user)
            self.assertEqual(self.client.get(url("edit", child.pk)).status_code, 404)
            response = self.client.post(url("edit", child.pk), self.edit_data(child, grade="X"))
            self.assertEqual(response.status_code, 404)
        self.assertFalse(Child.objects.filter(grade="X").exists())


class SubActionTests(RegistryTestCase):
    def setUp(self):
        self.login(self.officer_a)

    def test_officer_records_and_closes_a_special_circumstance(self):
        response = self.client.post(
            url("circumstance-add", self.child_a2.pk),
            {"code": code(CodeKind.CIRCUMSTANCE_GROUP, "h").pk, "started_on": "01/02/2024"},
        )
        self.assertEqual(response.status_code, 302)
        episode = CircumstanceEpisode.objects.get(child=self.child_a2, code__code="h")
        self.client.post(
            url("circumstance-end", self.child_a2.pk, episode.pk), {"ended_on": "01/03/2024"}
        )
        episode.refresh_from_db()
        self.assertEqual(episode.ended_on, datetime.date(2024, 3, 1))

    def test_service_refusal_is_shown_and_nothing_written(self):
        future = (datetime.date.today() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
        response = self.client.post(
            url("risk-add", self.child_a2.pk),
            {"code": code(CodeKind.RISK_CATEGORY, "r01").pk, "started_on": future},
            follow=True,
        )
        self.assertEqual(len(list(response.context["messages"])), 1)
        self.assertFalse(RiskEpisode.objects.filter(child=self.child_a2).exists())

    def test_officer_records_and_closes_a_risk(self):
        self.client.post(
            url("risk-add", self.child_a2.pk),
            {"code": code(CodeKind.RISK_CATEGORY, "r05").pk, "started_on": "01/01/2025"},
        )
        risk = RiskEpisode.objects.get(child=self.child_a2)
        self.client.post(url("risk-end", self.child_a2.pk, risk.pk), {"ended_on": ""})
        risk.refresh_from_db()
        self.assertEqual(risk.ended_on, datetime.date.today())

    def test_officer_records_support(self):
        self.client.post(
            url("support-add", self.child_a2.pk),
            {
                "support_type": code(CodeKind.SUPPORT_TYPE, "giaoduc").pk,
                "received_on": "02/01/2025",
                "provider_name": "Hội Chữ thập đỏ",
            },
        )
        self.assertEqual(Support.objects.get(child=self.child_a2).provider_name, "Hội Chữ thập đỏ")

    def test_officer_adds_and_removes_a_caregiver(self):
        self.client.post(
            url("caregiver-add", self.child_a2.pk),
            {
                "cg-relation": code(CodeKind.RELATION, "cha").pk,
                "cg-full_name": "Đặng Văn Hùng",
                "cg-phone": "0911222333",
                "cg-lives_with": "on",
            },
        )
        link = ChildCaregiver.objects.get(child=self.child_a2)
        self.assertEqual(link.caregiver.full_name, "Đặng Văn Hùng")
        self.client.post(url("caregiver-remove", self.child_a2.pk, link.pk))
        self.assertFalse(ChildCaregiver.objects.filter(child=self.child_a2).exists())
        self.assertTrue(
            AuditEvent.objects.filter(action=Action.DELETE, subject_id=str(link.pk)).exists()
        )

    def test_officer_records_a_move_and_the_history_keeps_the_old_residence(self):
        self.client.post(
            url("move", self.child_a2.pk), {"unit": self.group_a.pk, "on": "01/06/2025"}
        )
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.unit, self.group_a)
        self.assertEqual(Residence.objects.filter(child=self.child_a2).count(), 2)

    def test_officer_cannot_move_a_child_out_of_their_area(self):
        self.client.post(url("move", self.child_a2.pk), {"unit": self.group_b.pk})
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.unit, self.group_a2)

    def test_officer_changes_the_status(self):
        self.client.post(url("status", self.child_a2.pk), {"status": Status.MOVED_OUT})
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.status, Status.MOVED_OUT)

    def test_officer_records_and_withdraws_a_consent(self):
        link = ChildCaregiver.objects.get(child=self.child_a)
        self.client.post(
            url("consent-add", self.child_a.pk),
            {
                "representative": link.caregiver.pk,
                "representative_agreed": "on",
                "child_agreed": "true",
                "scope": "Ảnh cho báo cáo của phường",
                "given_on": "01/02/2025",
            },
        )
        consent = Consent.objects.get(child=self.child_a)
        self.assertTrue(consent.child_agreed)
        self.client.post(url("consent-withdraw", self.child_a.pk, consent.pk))
        consent.refresh_from_db()
        self.assertIsNotNone(consent.withdrawn_on)

    def test_consent_for_a_child_of_7_needs_the_childs_answer(self):
        self.client.post(
            url("consent-add", self.child_a.pk),
            {"representative_agreed": "on", "scope": "Ảnh", "given_on": "01/02/2025"},
        )
        self.assertFalse(Consent.objects.exists())

    def test_collaborator_cannot_record_a_sensitive_group_support_or_consent(self):
        self.login(self.collaborator_a)
        self.client.post(
            url("circumstance-add", self.child_a.pk),
            {"code": code(CodeKind.CIRCUMSTANCE_GROUP, "g").pk, "started_on": "01/02/2024"},
        )
        self.assertFalse(CircumstanceEpisode.objects.filter(code__code="g").exists())
        data = {"support_type": code(CodeKind.SUPPORT_TYPE, "khac").pk, "received_on": "01/01/2025"}
        self.assertEqual(
            self.client.post(url("support-add", self.child_a.pk), data).status_code, 404
        )
        self.assertEqual(self.client.post(url("consent-add", self.child_a.pk), {}).status_code, 404)

    def test_collaborator_cannot_close_a_sensitive_episode(self):
        hiv = CircumstanceEpisode.objects.get(child=self.child_a, code=self.hiv)
        self.login(self.collaborator_a)
        response = self.client.post(url("circumstance-end", self.child_a.pk, hiv.pk))
        self.assertEqual(response.status_code, 404)

    def test_every_sub_action_is_404_for_the_officer_of_another_ward(self):
        child = self.child_a
        hiv = CircumstanceEpisode.objects.get(child=child, code=self.hiv)
        link = ChildCaregiver.objects.get(child=child)
        consent = Consent.objects.create(
            child=child,
            representative_agreed=True,
            child_agreed=True,
            scope="x",
            given_on=datetime.date(2025, 1, 1),
        )
        risk = RiskEpisode.objects.create(
            child=child,
            code=code(CodeKind.RISK_CATEGORY, "r01"),
            started_on=datetime.date(2025, 1, 1),
        )
        urls = [
            url("circumstance-add", child.pk),
            url("circumstance-end", child.pk, hiv.pk),
            url("risk-add", child.pk),
            url("risk-end", child.pk, risk.pk),
            url("support-add", child.pk),
            url("caregiver-add", child.pk),
            url("caregiver-remove", child.pk, link.pk),
            url("move", child.pk),
            url("status", child.pk),
            url("consent-add", child.pk),
            url("consent-withdraw", child.pk, consent.pk),
            url("subject-export", child.pk),
        ]
        self.login(self.officer_b)
        events = AuditEvent.objects.count()
        for address in urls:
            with self.subTest(address):
                self.assertEqual(self.client.post(address, {"status": "deceased"}).status_code, 404)
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertTrue(ChildCaregiver.objects.filter(pk=link.pk).exists())

    def test_sub_actions_answer_only_post(self):
        # A folded sub-form's address answers a GET with its empty form
        # (test_record_page.LazySubFormTests); the other writes only POST.
        link = self.child_a.caregiver_links.first()
        for address in (
            url("circumstance-end", self.child_a.pk, 1),
            url("caregiver-remove", self.child_a.pk, link.pk),
            url("subject-export", self.child_a.pk),
        ):
            with self.subTest(address):
                self.assertEqual(self.client.get(address).status_code, 405)
        self.assertEqual(self.client.put(url("status", self.child_a.pk)).status_code, 405)


class SubjectExportTests(RegistryTestCase):
    def test_officer_exports_everything_held_about_a_child(self):
        self.login(self.officer_a)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url("subject-export", self.child_a.pk))
        job = Job.objects.get(kind="child_subject_export")
        self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.DONE, job.error)
        data = json.loads((Path(settings.MEDIA_ROOT) / job.result_file).read_text("utf-8"))
        self.assertEqual(data["record"]["id"], self.child_a.pk)
        self.assertEqual(data["record"]["personal_id"]["value"], "040315123456")
        self.assertEqual(data["caregivers"][0]["phone"]["value"], "0912345678")
        self.assertEqual(len(data["special_circumstances"]), 1)
        self.assertTrue(data["history"])
        event = AuditEvent.objects.get(action=Action.EXPORT, subject_id=str(self.child_a.pk))
        self.assertEqual(event.actor, self.officer_a)
        download = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(download.status_code, 200)

    def test_collaborator_and_approver_and_other_ward_cannot_export(self):
        for user in (self.collaborator_a, self.approver_a, self.officer_b):
            self.login(user)
            self.assertEqual(
                self.client.post(url("subject-export", self.child_a.pk)).status_code, 404
            )
        self.assertFalse(Job.objects.exists())
