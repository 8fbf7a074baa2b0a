"""The sub-groups of group c (trẻ em không nơi nương tựa) as Nghị định 56/2017/NĐ-CP, Điều 5 words
its twelve clauses, read in the Pháp điển copy of the decree (Điều 8.1.NĐ.1.5). Clauses 5, 7, 8
and 9 were shipped with other wording: clause 5 had an added "hoặc không còn khả năng chăm sóc,
nuôi dưỡng", clause 7 merged two cases, clause 8 held clause 9's text and clause 9 a case the
article does not have."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from treem.children.models import CodeKind, ReferenceCode

PRISON = (
    "đang chấp hành án phạt tù tại trại giam hoặc đang chấp hành quyết định đưa vào cơ sở giáo "
    "dục bắt buộc, cơ sở cai nghiện bắt buộc"
)
FACILITY = "đang hưởng chế độ chăm sóc, nuôi dưỡng tại cơ sở trợ giúp xã hội"
MISSING = "mất tích theo quy định của pháp luật"
# Nghị định 56/2017/NĐ-CP, Điều 5, khoản 1-12, word for word.
ARTICLE_5 = {
    1: f"Trẻ em mồ côi cha hoặc mẹ và người còn lại {MISSING}",
    2: f"Trẻ em mồ côi cha hoặc mẹ và người còn lại {FACILITY} hoặc không còn khả năng chăm sóc, "
    "nuôi dưỡng",
    3: f"Trẻ em mồ côi cha hoặc mẹ và người còn lại {PRISON}",
    4: f"Trẻ em có cả cha và mẹ {MISSING}",
    5: f"Trẻ em có cha hoặc mẹ {MISSING} và người còn lại {FACILITY}",
    6: f"Trẻ em có cha hoặc mẹ {MISSING} và người còn lại {PRISON}",
    7: "Trẻ em có cả cha và mẹ không còn khả năng chăm sóc trẻ em",
    8: f"Trẻ em có cả cha và mẹ {FACILITY}",
    9: f"Trẻ em có cả cha và mẹ {PRISON}",
    10: f"Trẻ em có cha hoặc mẹ {FACILITY} và người còn lại {PRISON}",
    11: "Trẻ em sống trong gia đình có cả cha và mẹ trong độ tuổi trẻ em",
    12: "Trẻ em có cả cha và mẹ bị hạn chế quyền làm cha mẹ hoặc tạm thời cách ly khỏi cha hoặc "
    "mẹ theo quy định của pháp luật",
}


class Article5SubGroupsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_reference_codes", stdout=StringIO())

    def subgroup(self, clause):
        return ReferenceCode.objects.get(kind=CodeKind.CIRCUMSTANCE_SUBGROUP, code=f"c{clause}")

    def test_each_sub_group_is_worded_as_its_clause(self):
        for clause, text in ARTICLE_5.items():
            with self.subTest(clause=clause):
                self.assertEqual(self.subgroup(clause).name, text)

    def test_each_sub_group_cites_its_clause_as_verified(self):
        for clause in ARTICLE_5:
            with self.subTest(clause=clause):
                self.assertEqual(
                    self.subgroup(clause).source,
                    f"Nghị định 56/2017/NĐ-CP, Điều 5 khoản {clause} (đã đối chiếu văn bản)",
                )

    def test_the_groups_a_b_c_sub_groups_are_all_verified(self):
        # Arts. 3 (a1-a4), 4 (b1-b2) and 5 (c1-c12): no sub-group of these groups is left
        # unverified.
        for sub in ReferenceCode.objects.filter(
            kind=CodeKind.CIRCUMSTANCE_SUBGROUP, parent__code__in=["a", "b", "c"]
        ):
            with self.subTest(code=sub.code):
                self.assertTrue(sub.source.endswith("(đã đối chiếu văn bản)"), sub.source)

    def test_a_parent_in_prison_is_sensitive_a_parent_in_a_facility_is_not(self):
        # A sensitive code hides the records that carry it from roles without the sensitive-
        # data permission; the clauses naming prison or compulsory detention are sensitive,
        # as clause 3 already was.
        sensitive = {clause for clause in ARTICLE_5 if self.subgroup(clause).sensitive}
        self.assertEqual(sensitive, {3, 6, 9, 10})

    def test_an_existing_database_takes_the_corrected_wording(self):
        # Loaded while clause 8 carried clause 9's text: loading again corrects the row.
        c8 = self.subgroup(8)
        ReferenceCode.objects.filter(pk=c8.pk).update(
            name=ARTICLE_5[9],
            sensitive=True,
            loaded_values={**c8.loaded_values, "name": ARTICLE_5[9], "sensitive": True},
        )
        call_command("load_reference_codes", stdout=StringIO())
        c8.refresh_from_db()
        self.assertEqual(c8.name, ARTICLE_5[8])
        self.assertFalse(c8.sensitive)
