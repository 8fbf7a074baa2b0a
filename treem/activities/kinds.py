"""The kinds of activity the plan names (Directive 28 plan, sections II–III):
reference data, loaded by migration 0002 and again by `load_kinds` where the
database was emptied (live-server tests flush the migration's rows)."""

KINDS = [
    ("campaign", "Chiến dịch truyền thông"),
    ("month_of_action", "Tháng hành động vì trẻ em (tháng 6)"),
    ("media", "Tin, bài, phóng sự truyền thông"),
    ("training", "Tập huấn, bồi dưỡng"),
    ("meeting", "Hội nghị, họp"),
    ("competition", "Hội thi"),
    ("visit", "Thăm hỏi, tặng quà"),
    ("movement", "Hoạt động phong trào “Toàn dân chăm sóc, giáo dục và bảo vệ trẻ em”"),
]


def load_kinds(model=None):
    """Adds the kinds that are missing; an administrator's renames are kept."""
    if model is None:
        from .models import ActivityKind as model
    for order, (code, name) in enumerate(KINDS, start=1):
        model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
