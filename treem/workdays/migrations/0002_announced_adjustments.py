"""The make-up working days announced for 2025 and 2026. The days off they
pay for are in the `holidays` library already; the make-up Saturdays are not.
Shipped as editable rows marked [s]: the announcements were seen through the
library's references, not read in full."""

import datetime

from django.db import migrations

ANNOUNCED = [
    (
        datetime.date(2025, 4, 26),
        "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025 (dịp 30/4 – 1/5)",
        "Thông báo 6150/TB-LĐTBXH ngày 25/11/2024 của Bộ Lao động – Thương binh và Xã hội: "
        "hoán đổi ngày làm việc thứ Sáu 02/05/2025 sang thứ Bảy 26/04/2025 (theo tài liệu "
        "tham chiếu của thư viện holidays; chưa đọc toàn văn).",
    ),
    (
        datetime.date(2026, 8, 22),
        "Làm bù cho ngày nghỉ thứ Hai 31/08/2026 (dịp Quốc khánh 2/9)",
        "Lịch nghỉ lễ Quốc khánh 2/9 năm 2026: hoán đổi ngày làm việc thứ Hai 31/08/2026 "
        "sang thứ Bảy 22/08/2026 (thuvienphapluat.vn, theo tài liệu tham chiếu của thư viện "
        "holidays; chưa đọc văn bản gốc).",
    ),
]


def add(apps, schema_editor):
    CalendarAdjustment = apps.get_model("workdays", "CalendarAdjustment")
    for date, name, source in ANNOUNCED:
        CalendarAdjustment.objects.get_or_create(
            date=date,
            defaults={
                "kind": "working_day",
                "name": name,
                "source": source,
                "certainty": "summary",
            },
        )


def remove(apps, schema_editor):
    CalendarAdjustment = apps.get_model("workdays", "CalendarAdjustment")
    CalendarAdjustment.objects.filter(date__in=[d for d, _n, _s in ANNOUNCED]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
