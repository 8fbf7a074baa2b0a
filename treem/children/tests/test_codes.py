"""Reference codes: administrators edit them (audited, never deleted); the
bundled lists load idempotently."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from treem.audit.models import Action, AuditEvent
from treem.children.models import CodeKind, ReferenceCode
from treem.children.services import add_circumstance, update_code
from treem.children.tests.base import RegistryTestCase, code

CODES = reverse("children:codes")
CREATE = reverse("children:code-create")


def edit_url(obj):
    return reverse("children:code-edit", args=[obj.pk])


def form_data(obj, **changes):
    data = {
        "name": obj.name,
        "name_en": obj.name_en,
        "order": obj.order,
        "source": obj.source,
        **({"sensitive": "on"} if obj.sensitive else {}),
        **({"active": "on"} if obj.active else {}),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class CodeAdminTests(RegistryTestCase):
    def setUp(self):
        self.code = code(CodeKind.RISK_CATEGORY, "r05")

    def test_admin_sees_every_list_with_its_sources(self):
        response = self.login(self.admin).get(CODES)
        self.assertEqual(response.status_code, 200)
        kinds = {k for k, _, _ in response.context["groups"]}
        self.assertLessEqual({CodeKind.CIRCUMSTANCE_GROUP, CodeKind.ETHNICITY}, kinds)
        self.assertContains(response, self.code.source)

    def test_admin_filters_by_kind(self):
        response = self.login(self.admin).get(CODES, {"kind": CodeKind.ETHNICITY})
        groups = response.context["groups"]
        self.assertEqual([k for k, _, _ in groups], [CodeKind.ETHNICITY])
        self.assertEqual(
            len(groups[0][2]), ReferenceCode.objects.filter(kind=CodeKind.ETHNICITY).count()
        )

    def test_admin_edits_a_code_and_the_change_is_audited(self):
        old_name = self.code.name
        response = self.login(self.admin).post(
            edit_url(self.code),
            form_data(
                self.code, name="Có nguy cơ bỏ học giữa chừng", source="Quyết định 12/QĐ-UBND"
            ),
        )
        self.assertEqual(response.status_code, 302)
        self.code.refresh_from_db()
        self.assertEqual(self.code.name, "Có nguy cơ bỏ học giữa chừng")
        self.assertEqual(self.code.source, "Quyết định 12/QĐ-UBND")
        event = AuditEvent.objects.get(
            action=Action.UPDATE,
            subject_type="children.referencecode",
            subject_id=str(self.code.pk),
        )
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(
            event.changes["name"], {"old": old_name, "new": "Có nguy cơ bỏ học giữa chừng"}
        )

    def test_a_code_is_taken_out_of_use_not_deleted(self):
        self.login(self.admin).post(edit_url(self.code), form_data(self.code, active=None))
        self.code.refresh_from_db()
        self.assertFalse(self.code.active)
        self.assertNotIn(self.code, ReferenceCode.objects.of(CodeKind.RISK_CATEGORY))

    def test_admin_marks_a_code_sensitive(self):
        self.login(self.admin).post(edit_url(self.code), form_data(self.code, sensitive="on"))
        self.code.refresh_from_db()
        self.assertTrue(self.code.sensitive)

    def test_an_invalid_edit_changes_nothing(self):
        response = self.login(self.admin).post(edit_url(self.code), form_data(self.code, name=""))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(
            AuditEvent.objects.filter(
                action=Action.UPDATE, subject_type="children.referencecode"
            ).exists()
        )

    def test_admin_adds_a_risk_category(self):
        response = self.login(self.admin).post(
            CREATE,
            {
                "kind": CodeKind.RISK_CATEGORY,
                "code": "r99",
                "name": "Có nguy cơ tảo hôn",
                "order": 99,
                "source": "Kế hoạch của tỉnh",
                "active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        created = code(CodeKind.RISK_CATEGORY, "r99")
        self.assertEqual((created.source, created.active), ("Kế hoạch của tỉnh", True))
        self.assertTrue(
            AuditEvent.objects.filter(
                action=Action.CREATE,
                actor=self.admin,
                subject_type="children.referencecode",
                subject_id=str(created.pk),
            ).exists()
        )

    def test_a_sub_group_needs_a_parent_group(self):
        data = {
            "kind": CodeKind.CIRCUMSTANCE_SUBGROUP,
            "code": "a9",
            "name": "Mồ côi mới",
            "order": 1,
            "source": "x",
        }
        response = self.login(self.admin).post(CREATE, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("parent", response.context["form"].errors)
        self.assertFalse(ReferenceCode.objects.filter(code="a9").exists())
        self.client.post(CREATE, {**data, "parent": self.orphan.pk})
        self.assertEqual(code(CodeKind.CIRCUMSTANCE_SUBGROUP, "a9").parent, self.orphan)

    def test_only_sub_groups_take_a_parent(self):
        response = self.login(self.admin).post(
            CREATE,
            {
                "kind": CodeKind.RISK_CATEGORY,
                "code": "r98",
                "name": "x",
                "order": 1,
                "parent": self.orphan.pk,
            },
        )
        self.assertIn("parent", response.context["form"].errors)

    def test_an_existing_code_is_refused(self):
        response = self.login(self.admin).post(
            CREATE,
            {
                "kind": CodeKind.RISK_CATEGORY,
                "code": "r05",
                "name": "x",
                "order": 1,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("code", response.context["form"].errors)
        self.assertEqual(
            ReferenceCode.objects.filter(kind=CodeKind.RISK_CATEGORY, code="r05").count(), 1
        )

    def test_everyone_but_the_administrator_gets_404(self):
        for user in (
            self.officer_a,
            self.province_officer,
            self.approver_a,
            self.viewer,
            self.nobody,
        ):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(CODES).status_code, 404)
                self.assertEqual(self.client.get(CREATE).status_code, 404)
                self.assertEqual(self.client.get(edit_url(self.code)).status_code, 404)
                self.assertEqual(
                    self.client.post(
                        edit_url(self.code), form_data(self.code, name="x")
                    ).status_code,
                    404,
                )
        self.code.refresh_from_db()
        self.assertNotEqual(self.code.name, "x")

    def test_editing_a_missing_code_gets_404(self):
        self.assertEqual(
            self.login(self.admin).get(reverse("children:code-edit", args=[999999])).status_code,
            404,
        )

    def test_the_list_does_not_grow_in_queries_with_the_codes(self):
        def more():
            for n in range(5):
                ReferenceCode.objects.create(
                    kind=CodeKind.RISK_CATEGORY, code=f"t{n}", name=f"t{n}"
                )

        self.login(self.admin)
        self.assert_queries_constant(CODES, more)


class LoadCommandTests(TestCase):
    def run_command(self):
        out = StringIO()
        call_command("load_reference_codes", stdout=out)
        return out.getvalue()

    def test_loading_twice_creates_nothing_the_second_time(self):
        first = self.run_command()
        count = ReferenceCode.objects.count()
        self.assertGreater(count, 0)
        self.assertEqual(first.split()[0], str(count))
        second = self.run_command()
        self.assertEqual(second.split()[0], "0")
        self.assertEqual(ReferenceCode.objects.count(), count)

    def test_loading_again_keeps_an_administrators_change(self):
        self.run_command()
        kinh = ReferenceCode.objects.get(kind=CodeKind.ETHNICITY, code="01")
        update_code(kinh, actor=None, name="Kinh (Việt)")
        self.run_command()
        kinh.refresh_from_db()
        self.assertEqual(kinh.name, "Kinh (Việt)")


class SubGroupsFollowDecree56Tests(TestCase):
    """Decree 56/2017/NĐ-CP, Arts. 3-5: group a has 4 sub-groups (Art. 3), b has
    2 (Art. 4), c has 12 (Art. 5), each worded as its clause and citing it."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_reference_codes", stdout=StringIO())

    def subgroups_of(self, group):
        return list(
            ReferenceCode.objects.filter(
                kind=CodeKind.CIRCUMSTANCE_SUBGROUP, parent__code=group
            ).order_by("order")
        )

    def test_each_group_has_one_sub_group_per_clause_of_its_article(self):
        for group, article, clauses in (("a", 3, 4), ("b", 4, 2), ("c", 5, 12)):
            with self.subTest(group=group):
                subgroups = self.subgroups_of(group)
                self.assertEqual(
                    [s.code for s in subgroups], [f"{group}{n}" for n in range(1, clauses + 1)]
                )
                for n, sub in enumerate(subgroups, 1):
                    self.assertIn(f"Nghị định 56/2017/NĐ-CP, Điều {article} khoản {n} ", sub.source)

    def test_sub_groups_are_worded_as_the_clauses(self):
        # Art. 5(1) and 5(2) are two sub-groups, no longer one merged "c1".
        c1, c2 = self.subgroups_of("c")[:2]
        self.assertEqual(
            c1.name,
            "Trẻ em mồ côi cha hoặc mẹ và người còn lại mất tích theo quy định của pháp luật",
        )
        self.assertTrue(c2.name.startswith("Trẻ em mồ côi cha hoặc mẹ và người còn lại đang hưởng"))
        self.assertEqual(
            self.subgroups_of("b")[0].name, "Trẻ em bị bỏ rơi chưa được chăm sóc thay thế"
        )

    def test_every_source_shown_to_users_is_vietnamese(self):
        english = ("appendix", "[s]", "[v]", "[?]", "Chapter", "unverified")
        for source in ReferenceCode.objects.values_list("source", flat=True):
            with self.subTest(source=source):
                self.assertTrue(source)
                self.assertFalse([w for w in english if w in source])

    def test_province_codes_cite_the_circular_in_vietnamese(self):
        hanoi = ReferenceCode.objects.get(kind=CodeKind.PROVINCE, code="001")
        self.assertEqual(hanoi.source, "Thông tư 07/2016/TT-BCA, Phụ lục I (đã đối chiếu văn bản)")


class LoadingUpdatesExistingDatabasesTests(RegistryTestCase):
    """A database loaded by an earlier version of the lists takes the corrected
    rows; an administrator's edits stay; a second run changes nothing."""

    def make_legacy(self, obj, **fields):
        """The row as the earlier loader left it: no remembered values."""
        ReferenceCode.objects.filter(pk=obj.pk).update(loaded_values={}, **fields)
        obj.refresh_from_db()
        return obj

    def updates_of(self, obj):
        return AuditEvent.objects.filter(
            action=Action.UPDATE, subject_type="children.referencecode", subject_id=str(obj.pk)
        ).count()

    def test_corrected_wording_and_sources_reach_an_existing_row(self):
        tay = self.make_legacy(
            code(CodeKind.ETHNICITY, "02"), source="Danh mục các dân tộc Việt Nam [s]"
        )
        call_command("load_reference_codes", stdout=StringIO())
        tay.refresh_from_db()
        self.assertEqual(
            tay.source,
            "Danh mục các dân tộc Việt Nam, QĐ 121-TCTK/PPCĐ (1979) (chưa đối chiếu văn bản)",
        )
        self.assertEqual(tay.loaded_values["source"], tay.source)

    def test_an_administrators_edit_of_a_legacy_row_is_kept(self):
        tay = self.make_legacy(code(CodeKind.ETHNICITY, "02"), source="cũ [s]")
        update_code(tay, actor=self.admin, name="Tày (Thổ)")
        call_command("load_reference_codes", stdout=StringIO())
        tay.refresh_from_db()
        self.assertEqual(tay.name, "Tày (Thổ)")
        self.assertNotIn("[s]", tay.source)

    def test_an_edit_after_loading_is_kept_when_the_file_changes(self):
        tay = code(CodeKind.ETHNICITY, "02")
        update_code(tay, actor=self.admin, source="Nguồn của tỉnh")
        ReferenceCode.objects.filter(pk=tay.pk).update(
            loaded_values={**tay.loaded_values, "source": "nguồn trước đây", "name": "Tay"},
            name="Tay",
        )
        call_command("load_reference_codes", stdout=StringIO())
        tay.refresh_from_db()
        self.assertEqual((tay.name, tay.source), ("Tày", "Nguồn của tỉnh"))

    def test_loading_again_writes_no_event(self):
        before = AuditEvent.objects.count()
        call_command("load_reference_codes", stdout=StringIO())
        self.assertEqual(AuditEvent.objects.count(), before)


class MergedSubGroupSplitTests(RegistryTestCase):
    """Decree 56/2017/NĐ-CP Art. 5(1) and 5(2) were shipped merged as "c1".
    Loading the clause-by-clause list keeps every episode recorded under the
    merged code on a valid row, renamed "c1-cu" and out of use, and gives "c1"
    to clause 1 alone."""

    MERGED = "Mồ côi cha hoặc mẹ, người còn lại mất tích hoặc không đủ năng lực nuôi dưỡng"

    def setUp(self):
        # The database as the earlier lists left it, with an episode under "c1".
        self.merged = code(CodeKind.CIRCUMSTANCE_SUBGROUP, "c1")
        ReferenceCode.objects.filter(pk=self.merged.pk).update(
            loaded_values={},
            name=self.MERGED,
            source="Nghị định 56/2017/NĐ-CP, Chương II [s] — cần đối chiếu văn bản gốc",
        )
        self.merged.refresh_from_db()
        self.episode = add_circumstance(
            self.child_a2,
            actor=self.officer_a,
            code=code(CodeKind.CIRCUMSTANCE_GROUP, "c"),
            subgroup=self.merged,
            started_on=datetime.date(2024, 2, 1),
        )

    def test_episodes_under_the_merged_code_keep_it_renamed_and_out_of_use(self):
        call_command("load_reference_codes", stdout=StringIO())
        self.episode.refresh_from_db()
        legacy = self.episode.subgroup
        self.assertEqual(legacy.pk, self.merged.pk)
        self.assertEqual((legacy.code, legacy.name, legacy.active), ("c1-cu", self.MERGED, False))
        self.assertIn("Điều 5 khoản 1 và 2", legacy.source)
        self.assertEqual(legacy.parent.code, "c")
        self.assertNotIn(legacy, ReferenceCode.objects.of(CodeKind.CIRCUMSTANCE_SUBGROUP))

    def test_the_code_c1_now_means_clause_1_alone(self):
        call_command("load_reference_codes", stdout=StringIO())
        c1 = code(CodeKind.CIRCUMSTANCE_SUBGROUP, "c1")
        self.assertNotEqual(c1.pk, self.merged.pk)
        self.assertTrue(c1.active)
        self.assertIn("Điều 5 khoản 1 ", c1.source)

    def test_the_split_happens_once(self):
        call_command("load_reference_codes", stdout=StringIO())
        events = AuditEvent.objects.count()
        call_command("load_reference_codes", stdout=StringIO())
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertEqual(ReferenceCode.objects.filter(code__endswith="-cu").count(), 1)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.subgroup.code, "c1-cu")


class CountryCodesTests(RegistryTestCase):
    """Decree 137/2015/NĐ-CP Art. 13: a birth registered abroad carries a country
    code in place of the province code; the country list is the administrator's."""

    def test_a_country_code_the_administrator_adds_is_accepted_on_import(self):
        from treem.children import idnumber
        from treem.children.services import create_code
        from treem.children.validation import Lookups

        create_code(
            actor=self.admin,
            kind=CodeKind.BIRTH_COUNTRY,
            code="900",
            name="Cộng hòa Pháp",
            source="Thông tư 59/2021/TT-BCA (chưa đối chiếu văn bản)",
        )
        codes = Lookups().province_codes
        self.assertIn("900", codes)
        self.assertIn("040", codes)
        self.assertTrue(
            idnumber.is_valid(
                "900215123456",
                date_of_birth=datetime.date(2015, 3, 2),
                sex="M",
                province_codes=codes,
            )
        )
