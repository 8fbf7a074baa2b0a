"""Demo data: the retention rules and purposes with their sources, and one
incident being handled, so the register and its deadline show something."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .legal import ensure_defaults
from .models import Incident
from .services import record_incident


def seed_privacy(people, options):
    ensure_defaults()
    admin = get_user_model().objects.filter(username="quantri").first()
    if admin is None or Incident.objects.exists():
        return []
    record_incident(
        actor=admin,
        detected_at=timezone.now() - datetime.timedelta(hours=20),
        description=(
            "Một cán bộ gửi nhầm bảng kê trẻ em có hoàn cảnh đặc biệt của một khối phố "
            "qua thư điện tử ra ngoài cơ quan."
        ),
        data_kinds="Họ tên, ngày sinh, nhóm hoàn cảnh đặc biệt",
        people_affected=27,
        severity=Incident.Severity.HIGH,
        measures="Đề nghị người nhận xóa thư; đổi quy trình gửi bảng kê.",
    )
    return ["privacy: retention rules, processing purposes, 1 incident; /bao-ve-du-lieu/"]
