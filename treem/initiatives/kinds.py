"""The kinds of model and initiative: reference data an administrator edits
(/mo-hinh/loai/), loaded by migration 0002 and again by `load_kinds` where the
database was emptied (live-server tests flush the migration's rows).

The plan (Kế hoạch of the Vinh City Party Committee implementing Directive
28-CT/TW) asks to "biểu dương, nhân rộng các phong trào, mô hình, sáng kiến"
(sections II.1 and III.5) and names safe, healthy, child-friendly schools and
families (II.2, III.3, III.6) and child-friendly investigation (III.4). The
other kinds are the models wards in Nghệ An run in practice: their source says
so. The interval between evaluations is local practice, not a legal rule."""

PLAN = "Kế hoạch thực hiện Chỉ thị 28-CT/TW của Thành ủy Vinh"
PRACTICE = "Thực tiễn địa phương (chưa có văn bản quy định; quản trị viên sửa được)"

# (code, name, source, months between evaluations)
KINDS = [
    ("trusted_address", "Địa chỉ tin cậy tại cộng đồng", PRACTICE, 12),
    (
        "friendly_school",
        "Trường học an toàn, lành mạnh, thân thiện với trẻ em",
        f"{PLAN}, mục II.2 và III.3",
        12,
    ),
    (
        "safe_family",
        "Gia đình an toàn, lành mạnh, thân thiện với trẻ em",
        f"{PLAN}, mục II.2 và III.3",
        12,
    ),
    ("children_club", "Câu lạc bộ, đội, nhóm trẻ em", PRACTICE, 12),
    ("safe_house", "Ngôi nhà an toàn", PRACTICE, 12),
    ("swimming", "Lớp dạy bơi, phòng chống đuối nước cho trẻ em", PRACTICE, 12),
    ("play_space", "Điểm vui chơi, sinh hoạt văn hóa cho trẻ em", f"{PLAN}, mục III.3", 12),
    ("friendly_investigation", "Điều tra thân thiện với trẻ em", f"{PLAN}, mục III.4", 12),
    (
        "movement",
        "Mô hình trong phong trào “Toàn dân chăm sóc, giáo dục và bảo vệ trẻ em”",
        f"{PLAN}, mục III.5",
        12,
    ),
    ("other", "Mô hình, sáng kiến khác", f"{PLAN}, mục II.1", 12),
]


def load_kinds(model=None):
    """Adds the kinds that are missing; an administrator's edits are kept."""
    if model is None:
        from .models import InitiativeKind as model
    for order, (code, name, source, months) in enumerate(KINDS, start=1):
        model.objects.get_or_create(
            code=code,
            defaults={"name": name, "order": order, "source": source, "evaluation_months": months},
        )
