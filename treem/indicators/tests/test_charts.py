"""Charts: axes with ticks and unit, targets as labelled lines, a legend,
bars coloured by their light, hidden values that read as hidden, numbers
as Vietnamese readers write them."""

import re
from decimal import Decimal

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from treem.indicators import charts

from .helpers import IndicatorTestCase

NBSP = "\u00a0"


class NumberFormatTests(SimpleTestCase):
    def test_percentages_have_one_decimal_and_a_comma(self):
        self.assertEqual(charts.with_unit(Decimal("45.3"), "percentage"), f"45,3{NBSP}%")
        self.assertEqual(charts.with_unit(Decimal("90"), "percentage"), f"90,0{NBSP}%")
        self.assertEqual(charts.number(Decimal("45.25"), "percentage"), "45,3")

    def test_counts_have_a_dot_for_thousands(self):
        self.assertEqual(charts.number(1204, "count"), "1.204")
        self.assertEqual(charts.with_unit(Decimal("12.5"), "per_1000"), f"12,5{NBSP}‰")

    def test_no_value_is_a_dash(self):
        self.assertEqual(charts.number(None), "–")


class ChartDrawingTests(SimpleTestCase):
    def setUp(self):
        translation.activate("vi")
        self.addCleanup(translation.deactivate)

    def wards(self, **kwargs):
        bars = [
            charts.Bar("Trường Vinh", Decimal("95.0"), "green"),
            charts.Bar("Thành Vinh", Decimal("88.0"), "amber"),
            charts.Bar("Vinh Hưng", Decimal("40.0"), "red"),
            charts.Bar("Vinh Phú", Decimal("50.0"), None),
            charts.Bar("Vinh Lộc", None, None, True),
            charts.Bar("Cửa Lò", None, None, False),
        ]
        return charts.bar_chart(
            bars,
            title="Tỷ lệ",
            unit="%",
            kind="percentage",
            targets=[(2025, Decimal("90")), (2030, Decimal("95"))],
            **kwargs,
        )

    def test_bars_take_the_colour_of_their_light(self):
        svg = self.wards()
        fills = dict(re.findall(r'fill="(#[0-9a-f]{6})" class="chart-bar chart-bar-(\w+)"', svg))
        self.assertEqual(
            {state: fill for fill, state in fills.items()},
            {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "none": "#8a8a8a"},
        )

    def test_the_legend_says_what_each_colour_means(self):
        svg = self.wards()
        self.assertIn('class="chart-legend"', svg)
        for word in ("Đạt mục tiêu", "Gần đạt mục tiêu", "Chưa đạt mục tiêu", "Chưa có mục tiêu"):
            self.assertIn(word, svg)
        # The word goes with the colour on each bar too.
        self.assertIn(f"95,0{NBSP}% · Đạt", svg)
        self.assertIn(f"40,0{NBSP}% · Chưa đạt", svg)

    def test_bars_have_an_axis_with_ticks_and_unit_and_both_targets(self):
        svg = self.wards()
        ticks = re.findall(r'class="chart-tick">([^<]+)</text>', svg)
        for tick in ("0", "20", "40", "60", "80", "100"):
            self.assertIn(tick, ticks)
        self.assertIn("Đơn vị: %", svg)
        self.assertIn('class="chart-target chart-target-2025"', svg)
        self.assertIn('class="chart-target chart-target-2030"', svg)
        self.assertIn("2025: 90", svg)
        self.assertIn(f"Mục tiêu 2030: ≥ 95,0{NBSP}%", svg)

    def test_a_hidden_bar_reads_as_hidden_and_a_missing_one_as_missing(self):
        svg = self.wards()
        self.assertIn("Vinh Lộc: &lt;5 (ẩn)", svg)
        self.assertIn("Cửa Lò: Chưa có số liệu", svg)
        self.assertIn("&lt;5 (ẩn): dưới 5 trẻ em, không hiển thị", svg)

    def test_long_labels_wrap_and_keep_their_full_text_in_the_title(self):
        long = (
            "Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ nghèo "
            "hoặc hộ cận nghèo, hoặc thuộc gia đình có hoàn cảnh đặc biệt khó khăn"
        )
        svg = charts.bar_chart([charts.Bar(long, 7)], title="Nhóm", lights=False)
        self.assertIn(f"<title>{long}: 7</title>", svg)
        lines = re.findall(r'class="chart-label">([^<]+)</text>', svg)
        self.assertTrue(any(line.endswith("…") for line in lines), lines)
        self.assertEqual(len(lines), 3 + 1, lines)  # three lines of label and the legend
        self.assertTrue(all(len(line) <= 32 for line in lines), lines)

    def test_the_chart_is_an_image_with_a_title_and_points_to_its_table(self):
        svg = self.wards(uid="w")
        self.assertIn('role="img" aria-labelledby="w-t w-d"', svg)
        self.assertIn('<title id="w-t">Tỷ lệ</title>', svg)

    def test_the_line_chart_has_a_y_axis_target_lines_and_a_legend(self):
        svg = charts.line_chart(
            [
                charts.Point("2023", Decimal("80.5")),
                charts.Point("2024", None, True),
                charts.Point("2025", Decimal("85.0")),
            ],
            title="Tỷ lệ",
            unit="%",
            kind="percentage",
            targets=[(2025, Decimal("90")), (2030, Decimal("95"))],
        )
        ticks = re.findall(r'text-anchor="end" class="chart-tick">([^<]+)</text>', svg)
        self.assertEqual(ticks, ["0", "20", "40", "60", "80", "100"])
        self.assertIn("Đơn vị: %", svg)
        self.assertEqual(svg.count('class="chart-target'), 2 + 2)  # lines + legend keys
        self.assertIn('class="chart-legend"', svg)
        self.assertIn("80,5", svg)
        self.assertIn("&lt;5 (ẩn)", svg)

    def test_drawn_wide_and_narrow(self):
        html = charts.responsive(charts.bar_chart, "g", bars=[("A", 3)], title="T", lights=False)
        self.assertIn('class="chart-box chart-wide"', html)
        self.assertIn('class="chart-box chart-narrow"', html)
        self.assertIn('id="g-w-t"', html)
        self.assertIn('id="g-n-t"', html)


class DashboardHiddenValueTests(IndicatorTestCase):
    def row_of(self, content, code):
        match = re.search(rf"<tr>\s*<td[^>]*>{code}</td>.*?</tr>", content, re.S)
        self.assertIsNotNone(match, code)
        return match.group(0)

    def test_a_hidden_value_reads_as_hidden_not_as_a_missing_target(self):
        # Ward A has 3 children in special circumstances in 2025: BV03 is hidden.
        self.login(self.officer_a)
        url = reverse("indicators:dashboard", args=[self.ward_a.pk])
        content = self.client.get(url + "?nam=2025&chi-tieu=BV03").content.decode()
        row = self.row_of(content, "BV03")
        self.assertIn("&lt;5 (ẩn)", row)
        self.assertIn("Ẩn số liệu", row)
        self.assertNotIn("Chưa có mục tiêu", row)

    def test_the_province_ward_chart_has_a_legend_of_lights(self):
        self.login(self.province_officer)
        url = reverse("indicators:dashboard", args=[self.province.pk])
        content = self.client.get(url + "?nam=2025&chi-tieu=TE02").content.decode()
        self.assertIn('class="chart-legend"', content)
        self.assertIn("Chưa có mục tiêu", content)
        self.assertIn("Đơn vị:", content)
