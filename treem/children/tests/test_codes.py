"""Reference codes: administrators edit them (audited, never deleted); the
bundled lists load idempotently."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from treem.audit.models import Action, AuditEvent
from treem.children.models import CodeKind, ReferenceCode
from treem.children.services import update_code
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
            "code": "a1",
            "name": "Mồ côi mới",
            "order": 1,
            "source": "x",
        }
        response = self.login(self.admin).post(CREATE, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("parent", response.context["form"].errors)
        self.assertFalse(ReferenceCode.objects.filter(code="a1").exists())
        self.client.post(CREATE, {**data, "parent": self.orphan.pk})
        self.assertEqual(code(CodeKind.CIRCUMSTANCE_SUBGROUP, "a1").parent, self.orphan)

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
