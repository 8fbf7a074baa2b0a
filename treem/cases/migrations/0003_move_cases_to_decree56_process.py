"""Moves the cases recorded under the former procedure to the one of Decree
56/2017/NĐ-CP as corrected in 2026-12 (issue 14):

- a case waiting for, or in, verification goes straight on to the initial
  assessment (Art. 26(1) "chuyển ngay"); its verification record stays, and
  its current deadline becomes the initial assessment's, counted as before
  from the time the information was received (12 hours, or the StepLimit an
  administrator set); the former deadline is kept in the timeline note;
- a case in an emergency measure returns, when the measure is done, to the
  next step as before: the detailed assessment (resume_status);
- the emergency and plan deadlines (emergency_due_at, plan_due_at) and every
  step record are kept as they are;
- the time limits of the two former stages are removed: no limit may hold
  the initial assessment back.

`move_cases` takes the app registry so a test can run it on today's models.
"""

import datetime

from django.db import migrations
from django.utils import timezone

OLD_STAGES = ("received", "verification")
NOTE = (
    "Chuyển sang quy trình Nghị định 56/2017 (sửa 12/2026): thông tin được chuyển ngay đến "
    "đánh giá ban đầu (Điều 26 khoản 1). Thời hạn trước đây: %s."
)
SOURCE = (
    "Thực tiễn địa phương: đánh giá ban đầu trước hạn can thiệp khẩn cấp 12 giờ kể từ "
    "khi nhận thông tin (Nghị định 56/2017, Điều 26 khoản 1, 3)"
)


def _initial_due(case, limit):
    if limit is None or limit.unit == "clock_hours":
        hours = limit.amount if limit is not None else 12
        return case.received_at + datetime.timedelta(hours=hours)
    from treem.workdays.services import working_day_deadline

    return working_day_deadline(case.received_at, limit.amount)


def move_cases(apps, schema_editor=None):
    Case = apps.get_model("cases", "Case")
    StatusChange = apps.get_model("cases", "StatusChange")
    StepLimit = apps.get_model("cases", "StepLimit")
    limit = StepLimit.objects.filter(step="initial_assessment").first()
    now = timezone.now()
    moved = 0
    for case in Case.objects.filter(status__in=OLD_STAGES).order_by("pk"):
        old_status, old_due = case.status, case.due_at
        case.status = "initial_assessment"
        case.status_changed_at = now
        case.due_at = _initial_due(case, limit)
        case.due_source = limit.source if limit is not None else SOURCE
        case.due_local_practice = True if limit is None else limit.local_practice
        case.version += 1
        case.save()
        before = timezone.localtime(old_due).strftime("%d/%m/%Y %H:%M") if old_due else "—"
        StatusChange.objects.create(
            case=case,
            from_status=old_status,
            to_status="initial_assessment",
            cycle=case.cycle,
            at=now,
            note=NOTE % before,
        )
        moved += 1
    Case.objects.filter(status="emergency", resume_status="").update(
        resume_status="initial_assessment"
    )
    StepLimit.objects.filter(step__in=OLD_STAGES).delete()
    return moved


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_decree56_process")]

    operations = [migrations.RunPython(move_cases, migrations.RunPython.noop)]
