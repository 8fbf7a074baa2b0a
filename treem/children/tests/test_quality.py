"""The data-quality panel of a ward: counts, drill-down lists, suspected
duplicates, scope and the cost in queries."""

from unittest import mock

from django.urls import reverse

from treem.accounts import scope
from treem.accounts.permissions import Perm
from treem.children import services
from treem.children.models import Child, MergeProposal, Status
from treem.children.tests.base import RegistryTestCase, child_data


def add_child(officer, ward, unit=None, **data):
    """A record as a careless import would leave it: no duplicate check."""
    return services.create_child(
        actor=officer, unit=unit or ward, ward=ward, data=child_data(**data), check=False
    )


class QualityFixture(RegistryTestCase):
    """Ward A's working list, beside the fixture's child_a (complete) and
    child_a2 (no ID, no ethnicity, no caregiver):

    - dup: "Nguyen Thi Ngoc Anh" without accents, born the same day as child_a
    - invalid: an ID whose century digit contradicts sex and year of birth
    - year_only, no_sex, no_family: one gap each (plus no ID, no caregiver)
    Outside the working list or the ward: an aged-out child, a moved-out
    child, a child of ward B."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        officer, ward = cls.officer_a, cls.ward_a
        kinh = {"ethnicity": cls.kinh}
        cls.dup = add_child(officer, ward, family="Nguyen", middle="Thi Ngoc", given="Anh")
        cls.invalid = add_child(
            officer, ward, given="Bình", dob=(2014, 6, 1), personal_id="040114000001", **kinh
        )
        cls.year_only = add_child(
            officer, ward, given="Cúc", dob=(2017, 1, 1), dob_precision="year", **kinh
        )
        cls.no_sex = add_child(officer, ward, given="Dũng", dob=(2019, 2, 2), sex="", **kinh)
        cls.no_family = add_child(officer, ward, family="", given="Em", dob=(2020, 4, 4), **kinh)
        add_child(officer, ward, given="Lớn", dob=(2005, 1, 1))
        moved = add_child(officer, ward, given="Đi", dob=(2016, 5, 5))
        services.change_status(moved, Status.MOVED_OUT, actor=officer)
        add_child(cls.officer_b, cls.ward_b, unit=cls.group_b, given="Giang", dob=(2016, 1, 20))


def without_sensitive():
    """No role reads a whole ward without the sensitive-data permission
    today; the rule is tested by withholding that one permission."""
    real = scope.has_perm

    def has_perm(user, perm, unit=None):
        return False if perm == Perm.VIEW_SENSITIVE else real(user, perm, unit)

    return mock.patch("treem.children.views.quality.has_perm", has_perm)


def panel_url(ward=None):
    url = reverse("children:quality")
    return f"{url}?ward={ward.pk}" if ward else url


def list_url(kind, ward):
    return f"{reverse('children:quality-list', args=[kind])}?ward={ward.pk}"


def counts_of(response):
    return {row["check"].slug: row["count"] for row in response.context["rows"]}


class PanelCountTests(QualityFixture):
    def test_the_fixture_ids_have_the_expected_status(self):
        self.assertEqual(self.invalid.id_status, "invalid")
        self.assertEqual(self.dup.id_status, "missing")

    def test_officer_sees_the_counts_of_their_ward_by_default(self):
        response = self.login(self.officer_a).get(panel_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["ward"], self.ward_a)
        self.assertEqual(response.context["total"], 7)
        self.assertEqual(
            counts_of(response),
            {
                "no-id": 5,
                "invalid-id": 1,
                "name": 1,
                "dob": 1,
                "sex": 1,
                "ethnicity": 2,
                "caregiver": 6,
            },
        )
        self.assertEqual(response.context["duplicate_count"], 1)

    def test_approver_and_province_officer_see_the_same_counts(self):
        expected = counts_of(self.login(self.officer_a).get(panel_url()))
        for user in (self.approver_a, self.province_officer):
            with self.subTest(user=user.username):
                response = self.login(user).get(panel_url(self.ward_a))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(counts_of(response), expected)

    def test_province_officer_without_a_ward_is_offered_the_wards(self):
        response = self.login(self.province_officer).get(panel_url())
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["ward"])
        self.assertIn(self.ward_a, response.context["wards"])
        self.assertIn(self.ward_b, response.context["wards"])

    def test_missing_ethnicity_is_counted_only_for_sensitive_roles(self):
        self.login(self.officer_a)
        with without_sensitive():
            response = self.client.get(panel_url(self.ward_a))
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("ethnicity", counts_of(response))
            self.assertEqual(counts_of(response)["no-id"], 5)
            self.assertEqual(self.client.get(list_url("ethnicity", self.ward_a)).status_code, 404)

    def test_officer_of_ward_b_sees_only_their_own_ward(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(panel_url(self.ward_a)).status_code, 404)
        response = self.client.get(panel_url())
        self.assertEqual(response.context["ward"], self.ward_b)
        self.assertEqual(response.context["total"], 2)
        self.assertEqual(counts_of(response)["no-id"], 1)
        self.assertEqual([w.pk for w in response.context["wards"]], [self.ward_b.pk])

    def test_roles_without_personal_data_get_404(self):
        for user in (self.viewer, self.admin, self.reporter_a, self.nobody):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(panel_url(self.ward_a)).status_code, 404)
                self.assertEqual(self.client.get(panel_url()).status_code, 404)
                self.assertEqual(self.client.get(list_url("no-id", self.ward_a)).status_code, 404)

    def test_collaborator_of_one_group_gets_404_for_the_ward_panel(self):
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get(panel_url(self.ward_a)).status_code, 404)
        self.assertEqual(self.client.get(list_url("no-id", self.ward_a)).status_code, 404)

    def test_a_unit_that_is_not_a_ward_or_garbage_gets_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(panel_url(self.group_a)).status_code, 404)
        self.assertEqual(self.client.get(panel_url() + "?ward=abc").status_code, 404)

    def test_anonymous_user_is_sent_to_log_in(self):
        response = self.client.get(panel_url(self.ward_a))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])


class DrillDownTests(QualityFixture):
    def listed(self, kind, user=None):
        response = self.login(user or self.officer_a).get(list_url(kind, self.ward_a))
        self.assertEqual(response.status_code, 200)
        return {c.pk for c in response.context["page"].object_list}

    def test_each_list_holds_the_children_behind_its_count(self):
        self.assertEqual(
            self.listed("no-id"),
            {c.pk for c in (self.child_a2, self.dup, self.year_only, self.no_sex, self.no_family)},
        )
        self.assertEqual(self.listed("invalid-id"), {self.invalid.pk})
        self.assertEqual(self.listed("name"), {self.no_family.pk})
        self.assertEqual(self.listed("dob"), {self.year_only.pk})
        self.assertEqual(self.listed("sex"), {self.no_sex.pk})
        self.assertEqual(self.listed("ethnicity"), {self.child_a2.pk, self.dup.pk})
        self.assertNotIn(self.child_a.pk, self.listed("caregiver"))
        self.assertEqual(len(self.listed("caregiver")), 6)

    def test_the_list_links_to_the_main_list_with_the_same_filter(self):
        response = self.login(self.officer_a).get(list_url("no-id", self.ward_a))
        self.assertEqual(
            response.context["list_url"],
            f"{reverse('children:list')}?id_status=missing&ward={self.ward_a.pk}",
        )
        response = self.client.get(list_url("caregiver", self.ward_a))
        self.assertIsNone(response.context["list_url"])

    def test_an_unknown_check_gets_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(list_url("shoe-size", self.ward_a)).status_code, 404)

    def test_officer_of_ward_b_cannot_list_ward_a(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(list_url("no-id", self.ward_a)).status_code, 404)
        self.assertEqual(self.client.get(list_url("duplicates", self.ward_a)).status_code, 404)


class DuplicateTests(QualityFixture):
    def pairs(self, user=None):
        response = self.login(user or self.officer_a).get(list_url("duplicates", self.ward_a))
        self.assertEqual(response.status_code, 200)
        return response, [(p.keep.pk, p.drop.pk) for p in response.context["pairs"]]

    def test_a_name_typed_without_accents_is_a_suspected_duplicate(self):
        response, pairs = self.pairs()
        # The record with a valid ID is the one offered to keep.
        self.assertEqual(pairs, [(self.child_a.pk, self.dup.pk)])
        self.assertTrue(response.context["can_propose"])

    def test_the_same_name_born_another_day_is_not_a_duplicate(self):
        add_child(
            self.officer_a,
            self.ward_a,
            family="Nguyen",
            middle="Thi Ngoc",
            given="Anh",
            dob=(2015, 3, 15),
        )
        self.assertEqual(self.pairs()[1], [(self.child_a.pk, self.dup.pk)])

    def test_a_different_name_born_the_same_day_is_not_a_duplicate(self):
        add_child(self.officer_a, self.ward_a, family="Hồ", middle="Văn", given="Toàn")
        self.assertEqual(self.pairs()[1], [(self.child_a.pk, self.dup.pk)])

    def test_the_same_child_in_another_ward_is_not_paired(self):
        add_child(
            self.officer_b,
            self.ward_b,
            unit=self.group_b,
            family="Nguyen",
            middle="Thi Ngoc",
            given="Anh",
        )
        self.assertEqual(self.pairs()[1], [(self.child_a.pk, self.dup.pk)])

    def test_an_approver_sees_the_pair_but_cannot_propose(self):
        response, pairs = self.pairs(self.approver_a)
        self.assertEqual(len(pairs), 1)
        self.assertFalse(response.context["can_propose"])

    def test_an_open_proposal_is_linked_and_a_rejected_pair_is_no_longer_suspected(self):
        proposal = services.propose_merge(self.child_a, self.dup, actor=self.officer_a)
        response, _ = self.pairs()
        self.assertEqual(response.context["pairs"][0].open_proposal_id, proposal.pk)
        services.reject_merge(proposal, actor=self.approver_a)
        self.assertEqual(self.pairs()[1], [])
        self.assertEqual(self.client.get(panel_url(self.ward_a)).context["duplicate_count"], 0)
        self.assertEqual(MergeProposal.objects.count(), 1)


class QueryCountTests(QualityFixture):
    def add_many(self):
        for n in range(15):
            add_child(
                self.officer_a,
                self.ward_a,
                given=f"Thêm{n}",
                dob=(2012, 1, 1 + n),
                personal_id=None,
            )
        # A second suspected pair, and a large group born the same day.
        add_child(
            self.officer_a,
            self.ward_a,
            family="Dang",
            middle="Van",
            given="Minh",
            dob=(2018, 9, 2),
            sex="M",
        )
        for family, given in (("Phạm", "An"), ("Hồ", "Bảo"), ("Võ", "Chi"), ("Lý", "Duy")):
            add_child(
                self.officer_a, self.ward_a, family=family, middle="", given=given, dob=(2013, 7, 7)
            )

    def test_the_panel_does_not_grow_with_the_ward(self):
        self.login(self.officer_a)
        self.assert_queries_constant(panel_url(self.ward_a), self.add_many)
        self.assertEqual(self.client.get(panel_url(self.ward_a)).context["duplicate_count"], 2)

    def test_the_drill_down_lists_do_not_grow_with_the_ward(self):
        self.login(self.officer_a)
        self.assert_queries_constant(list_url("no-id", self.ward_a), self.add_many)

    def test_the_duplicates_list_does_not_grow_with_the_pairs(self):
        self.login(self.officer_a)
        self.assert_queries_constant(list_url("duplicates", self.ward_a), self.add_many)


class WorkingListTests(QualityFixture):
    def test_children_who_left_the_working_list_are_not_counted(self):
        self.assertEqual(Child.objects.filter(ward=self.ward_a).count(), 9)
        response = self.login(self.officer_a).get(panel_url(self.ward_a))
        self.assertEqual(response.context["total"], 7)

    def test_a_merged_record_leaves_the_counts(self):
        proposal = services.propose_merge(self.child_a, self.dup, actor=self.officer_a)
        services.confirm_merge(proposal, actor=self.approver_a)
        response = self.login(self.officer_a).get(panel_url(self.ward_a))
        self.assertEqual(response.context["total"], 6)
        self.assertEqual(response.context["duplicate_count"], 0)
        self.assertEqual(counts_of(response)["no-id"], 4)
