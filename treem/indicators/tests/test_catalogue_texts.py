"""The catalogue as its texts give it: Thông tư 13/2021/TT-BLĐTBXH (indicators
and their codes) and QĐ 23/QĐ-TTg (the National Action Programme's targets)."""

from decimal import Decimal

from django.utils import timezone

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level
from treem.audit.models import AuditEvent
from treem.core.testing import PersonaTestCase
from treem.indicators.models import Indicator, SubmissionLine, Target
from treem.indicators.query import indicator_table
from treem.indicators.refresh import refresh_full
from treem.indicators.services.catalogue import load_indicators
from treem.indicators.services.entry import Figure, open_submission, save_figures
from treem.places.tests.base import new_place


def targets(code):
    return {t.year: t.value for t in Target.objects.filter(indicator__code=code).order_by("year")}


class CatalogueTextsTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_indicators()

    def test_every_indicator_says_whether_the_circular_gives_it_a_code(self):
        # Codes such as TE01 are the system's; the catalogue says so, and names the
        # circular's code where it is known or says the circular has none.
        for ind in Indicator.objects.all():
            with self.subTest(code=ind.code):
                legal = ind.legal_source
                self.assertIn(f"{ind.code} là mã của hệ thống", legal)
                self.assertTrue(
                    "mã chỉ tiêu của Thông tư chưa đối chiếu" in legal
                    or "Không có trong Thông tư 13/2021" in legal
                    or "Không phải chỉ tiêu của Thông tư 13/2021" in legal
                    or "mã của Thông tư: 0101" in legal,
                    legal,
                )

    def test_abused_children_carry_the_code_of_appendix_iv(self):
        # Thông tư 13/2021/TT-BLĐTBXH, appendix IV: indicator 0101 "Số trẻ em bị xâm hại".
        self.assertIn(
            "Phụ lục IV, chỉ tiêu mã 0101", Indicator.objects.get(code="BV04").legal_source
        )

    def test_nursery_attendance_counts_children_of_3_to_36_months(self):
        # Thông tư 13/2021: "trẻ em từ 3 tháng đến 36 tháng tuổi đi nhà trẻ".
        gd01 = Indicator.objects.get(code="GD01")
        self.assertIn("3 đến 36 tháng", gd01.name)
        self.assertIn("từ 3 đến 36 tháng tuổi", gd01.numerator_definition)
        self.assertIn("từ 3 đến 36 tháng tuổi", gd01.denominator_definition)
        self.assertNotIn("Trẻ em 0–2 tuổi.", gd01.denominator_definition)
        self.assertEqual((gd01.age_min, gd01.age_max), (0, 2))

    def test_the_play_space_target_applies_to_communes_and_wards(self):
        # QĐ 23/QĐ-TTg: 40 % (2025) and 45 % (2030) of communes and wards with play spaces.
        vh02 = Indicator.objects.get(code="VH02")
        self.assertIn("xã, phường", vh02.name)
        self.assertIn("xã, phường", vh02.denominator_definition)
        self.assertEqual(targets("VH02"), {2025: Decimal(40), 2030: Decimal(45)})
        # The residential-group share is kept as VH03, without the communes' target.
        vh03 = Indicator.objects.get(code="VH03")
        self.assertIn("tổ dân phố", vh03.name)
        self.assertEqual(targets("VH03"), {})

    def test_the_circulars_participation_indicator_is_in_the_catalogue(self):
        tg01 = Indicator.objects.get(code="TG01")
        self.assertEqual(
            tg01.name, "Tỷ lệ trẻ em từ 7 tuổi trở lên được lấy ý kiến về các vấn đề của trẻ em"
        )
        self.assertIn("Thông tư 13/2021/TT-BLĐTBXH, Phụ lục I", tg01.legal_source)

    def test_the_programmes_targets_for_child_friendly_wards_and_young_children(self):
        # QĐ 23/QĐ-TTg: child-friendly communes 65 %/75 %; children up to 8 with
        # comprehensive development services 90 %/95 %.
        self.assertEqual(targets("PH01"), {2025: Decimal(65), 2030: Decimal(75)})
        self.assertEqual(targets("PT01"), {2025: Decimal(90), 2030: Decimal(95)})
        for code in ("PH01", "PT01"):
            for target in Target.objects.filter(indicator__code=code):
                self.assertIn("23/QĐ-TTg", target.source)
        self.assertIn("06/QĐ-TTg ngày 03/01/2019", Indicator.objects.get(code="PH01").definition)


class PlaySpacesAreCountedByWardTests(PersonaTestCase):
    """VH02 is the share of wards with at least one play space, counted from
    the places register (treem/places): each ward in force counts 1 out of 1
    when a play space is open in it, 0 otherwise; the province adds them up."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_indicators()
        new_place(cls.group_a, name="Sân chơi Khối 1")
        refresh_full()
        cls.wards = (
            AdminUnit.objects.in_force().filter(level__in=[Level.WARD, Level.COMMUNE]).count()
        )

    def value(self, unit, year=None):
        # Suppression on, as the dashboards ask: the counts are wards, not children.
        year = year or timezone.localdate().year
        rows = indicator_table(user=self.province_officer, unit=unit, year=year, codes=["VH02"])
        self.assertFalse(rows[0].suppressed)
        return rows[0].value

    def test_the_province_share_is_the_share_of_wards(self):
        self.assertEqual(
            self.value(self.province), (Decimal(100) / self.wards).quantize(Decimal("0.1"))
        )

    def test_counts_of_wards_and_places_are_not_hidden_as_small_cells(self):
        # Only indicators that count people hide counts below 5.
        hidden = set(Indicator.objects.filter(counts_people=False).values_list("code", flat=True))
        # TG02 counts children's recommendations (treem/activities), not children;
        # MH01 counts trusted addresses in the community (treem/initiatives).
        self.assertEqual(hidden, {"VH01", "VH02", "VH03", "PH01", "TG02", "MH01"})

    def test_a_ward_shows_whether_it_has_a_play_space(self):
        self.assertEqual(self.value(self.ward_a), Decimal(100))
        self.assertEqual(self.value(self.ward_b), Decimal(0))


class RenamingKeepsStoredValuesTests(PersonaTestCase):
    """A database loaded when VH02 counted residential groups: its entered figures
    move with the row to VH03, without the communes' target; VH02 is created anew."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_indicators()
        # The earlier catalogue: no VH03, VH02 about residential groups with the target.
        Indicator.objects.filter(code="VH03").delete()
        cls.old = Indicator.objects.get(code="VH02")
        # Then entered by the people's committees (now computed from treem/places).
        Indicator.objects.filter(pk=cls.old.pk).update(
            name="Tỷ lệ tổ dân phố, khối, xóm có điểm vui chơi cho trẻ em",
            source="entered",
            agency_kinds=["peoples_committee"],
            numerator_measure="",
            denominator_measure="",
        )
        committee = Agency.objects.get(name=f"Ủy ban nhân dân phường {cls.ward_a.name}")
        sub = open_submission(committee, "2025", actor=None)
        save_figures(sub, {"VH02": Figure(12, 30)}, actor=None)
        cls.line = sub.lines.get()

    def test_entered_figures_follow_the_row_to_its_new_code(self):
        load_indicators()
        line = SubmissionLine.objects.get(pk=self.line.pk)
        self.assertEqual(line.indicator.code, "VH03")
        self.assertEqual(line.indicator.pk, self.old.pk)
        self.assertEqual((line.numerator, line.denominator), (12, 30))
        self.assertEqual(targets("VH03"), {})
        new = Indicator.objects.get(code="VH02")
        self.assertNotEqual(new.pk, self.old.pk)
        self.assertEqual(targets("VH02"), {2025: Decimal(40), 2030: Decimal(45)})

    def test_the_rename_happens_once(self):
        load_indicators()
        events = AuditEvent.objects.count()
        load_indicators()
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertEqual(SubmissionLine.objects.get(pk=self.line.pk).indicator.code, "VH03")
