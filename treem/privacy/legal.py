# ruff: noqa: E501  (the legal sentences read better unbroken than cut at 100 columns)
"""The starting values of the retention rules, the incident notification rule
and the record of processing purposes, with their legal sources.

Checked (December 2026, through published copies of the texts):
  Law 91/2025/QH15 on personal data protection, in force 01/01/2026:
    Art. 14(1): personal data are deleted or destroyed when (b) the purpose of
      processing is complete, (c) the storage period set by law has ended;
      deletion must prevent unauthorised recovery.
    Art. 24(1)-(3): children's data; the legal representative exercises the
      child's rights, except the cases of Art. 19(1) (processing without
      consent); publishing a child's private life from age 7 needs the child's
      and the representative's consent.
  Decree 356/2025/NĐ-CP (31/12/2025, in force 01/01/2026, replaces Decree
    13/2023): Arts. 3-4 list basic and sensitive personal data (ethnic
    origin, health, ...); Art. 1 says it details Art. 23(5) of the Law (the
    notification of violations).
  Decree 13/2023/NĐ-CP Art. 23 (the former rule): the controller told the
    Ministry of Public Security (A05) no later than 72 hours after the
    violation.
Not checked against the text ("chưa đối chiếu văn bản"): the 72-hour limit
as Law 91/2025 Art. 23 now words it, every retention period (no text sets one
for a child's record or a protection case; the archives rules for case files
were not found), and the legal-basis articles of the purposes below. They are
rows the administrator edits, and each says so in its source.
"""

from django.db import transaction

NOT_CHECKED = "chưa đối chiếu văn bản"

RETENTION_DEFAULTS = [
    {
        "kind": "aged_out_children",
        "period": 5,
        "period_unit": "years",
        "action": "pseudonymise",
        "counted_from": "ngày trẻ đủ 18 tuổi, khi không còn vụ việc nào đang mở hoặc còn trong thời hạn lưu",
        "source": (
            "Điều 14 khoản 1 điểm b, c Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (mục đích xử lý "
            "đã hoàn thành); thời hạn 5 năm: thực tiễn địa phương, " + NOT_CHECKED
        ),
        "verified": False,
        "note": (
            "Hồ sơ trẻ không bị xóa: các vụ việc, trợ cấp, sổ gộp hồ sơ và nhật ký kiểm tra "
            "vẫn trỏ tới. Thay họ tên, số định danh, thẻ BHYT, địa chỉ, trường học bằng bí danh; "
            "ngày sinh chỉ giữ năm."
        ),
    },
    {
        "kind": "closed_cases",
        "period": 10,
        "period_unit": "years",
        "action": "archive",
        "counted_from": "ngày đóng vụ việc",
        "source": (
            "Nghị định 56/2017/NĐ-CP (hồ sơ quản lý trường hợp); thời hạn lưu hồ sơ theo "
            "pháp luật về lưu trữ: " + NOT_CHECKED
        ),
        "verified": False,
        "note": (
            "Lưu trữ: hồ sơ giữ nguyên, được đánh dấu đã lưu trữ. Giả danh hóa: xóa tên và "
            "liên lạc của người báo tin, tên cha mẹ và người chăm sóc trong Mẫu 01."
        ),
    },
    {
        "kind": "register_rows",
        "period": 30,
        "period_unit": "days",
        "action": "delete",
        "counted_from": "ngày chạy đối chiếu với CSDL quốc gia về dân cư",
        "source": (
            "Điều 14 khoản 1 điểm b Luật 91/2025/QH15: đối chiếu xong thì mục đích đã hoàn thành; "
            "30 ngày để cán bộ xem lại các cặp cần duyệt (thực tiễn địa phương)"
        ),
        "verified": True,
        "note": "Kết quả đối chiếu (liên kết, số định danh đã gắn) được giữ; chỉ xóa các dòng trích xuất.",
    },
    {
        "kind": "job_files",
        "period": 30,
        "period_unit": "days",
        "action": "delete",
        "counted_from": "ngày tác vụ chạy xong",
        "source": (
            "Điều 14 khoản 1 điểm b Luật 91/2025/QH15: tệp xuất đã được tải về, mục đích hoàn thành"
        ),
        "verified": True,
        "note": "Tệp xuất, báo cáo nhập trên máy chủ; tác vụ vẫn còn trong danh sách, không còn tệp.",
    },
    {
        "kind": "audit_trail",
        "period": 10,
        "period_unit": "years",
        "action": "keep",
        "counted_from": "ngày ghi sự kiện",
        "source": "Nhật ký xử lý dữ liệu cá nhân (Nghị định 356/2025/NĐ-CP); " + NOT_CHECKED,
        "verified": False,
        "note": (
            "Không bao giờ xóa: nhật ký được niêm phong theo chuỗi băm (treem/audit/chain.py), "
            "xóa một sự kiện sẽ làm gãy chuỗi. Đây chính là hồ sơ các hoạt động xử lý."
        ),
    },
]

NOTIFICATION_DEFAULT = {
    "hours": 72,
    "authority": "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an",
    "source": (
        "Điều 23 Luật 91/2025/QH15 (thông báo vi phạm; Nghị định 356/2025/NĐ-CP quy định chi tiết "
        "khoản 5); 72 giờ theo Điều 23 Nghị định 13/2023/NĐ-CP trước đây, mức trong Luật mới: "
        + NOT_CHECKED
    ),
    "verified": False,
}

_LAW = (
    "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Điều 19 khoản 1 (xử lý không cần sự đồng ý khi cơ quan nhà nước thực hiện nhiệm vụ theo luật): "
    + NOT_CHECKED
)

PURPOSE_DEFAULTS = [
    {
        "code": "child-registry",
        "purpose": "Theo dõi, quản lý trẻ em trên địa bàn (sổ theo dõi trẻ em, nhóm hoàn cảnh đặc biệt)",
        "legal_basis": "Luật Trẻ em 2016; Nghị định 56/2017/NĐ-CP; " + _LAW,
        "data_kinds": (
            "Họ tên, ngày sinh, giới tính, số định danh, nơi ở, người chăm sóc (cơ bản); dân tộc, "
            "sức khỏe, khuyết tật, dinh dưỡng (nhạy cảm, Điều 4 Nghị định 356/2025/NĐ-CP)"
        ),
        "sensitive": True,
        "subjects": "Trẻ em dưới 16 tuổi và người 16-18 tuổi còn được hỗ trợ; cha mẹ, người chăm sóc",
        "recipients": "Cán bộ phường được phân công; cán bộ tỉnh (số liệu tổng hợp)",
        "retention": "Giả danh hóa 5 năm sau khi đủ 18 tuổi (quy tắc lưu giữ)",
    },
    {
        "code": "case-management",
        "purpose": "Quản lý trường hợp trẻ em bị xâm hại hoặc có nguy cơ (tiếp nhận, đánh giá, kế hoạch hỗ trợ)",
        "legal_basis": "Nghị định 56/2017/NĐ-CP, Điều 25-30 (Mẫu 01-05); " + _LAW,
        "data_kinds": (
            "Thông tin trẻ, người báo tin, cha mẹ, người gây hại; diễn biến sự việc, tổn hại, "
            "sức khỏe (nhạy cảm)"
        ),
        "sensitive": True,
        "subjects": "Trẻ em, người báo tin, gia đình, người liên quan",
        "recipients": "Cán bộ được phân công, người phê duyệt của phường; cơ quan được chuyển gửi",
        "retention": "Lưu trữ 10 năm sau khi đóng (quy tắc lưu giữ)",
    },
    {
        "code": "plan-reporting",
        "purpose": "Lập kế hoạch, báo cáo chỉ tiêu và đánh giá phường phù hợp với trẻ em",
        "legal_basis": "Luật Trẻ em 2016; các chương trình, kế hoạch của tỉnh",
        "data_kinds": "Số liệu tổng hợp; số nhỏ hơn 5 được ẩn",
        "sensitive": False,
        "subjects": "Trẻ em (chỉ số liệu tổng hợp)",
        "recipients": "Lãnh đạo phường, tỉnh; cơ quan báo cáo cấp trên",
        "retention": "Theo chế độ báo cáo",
    },
    {
        "code": "assistance",
        "purpose": "Trợ cấp xã hội hằng tháng và hỗ trợ khác cho trẻ em",
        "legal_basis": "Nghị định 20/2021/NĐ-CP; " + _LAW,
        "data_kinds": "Họ tên, nhóm đối tượng (có thể cho biết khuyết tật, HIV: nhạy cảm), quyết định, chi trả",
        "sensitive": True,
        "subjects": "Trẻ em hưởng trợ cấp, người nhận thay",
        "recipients": "Cán bộ phường; đơn vị chi trả",
        "retention": "Theo hồ sơ trẻ (quy tắc trẻ đã lớn)",
    },
    {
        "code": "injury-prevention",
        "purpose": "Sổ theo dõi tai nạn, thương tích, đuối nước của trẻ em",
        "legal_basis": "Luật Trẻ em 2016; " + _LAW,
        "data_kinds": "Trẻ bị tai nạn, nơi, nguyên nhân, mức độ thương tích (sức khỏe: nhạy cảm)",
        "sensitive": True,
        "subjects": "Trẻ em",
        "recipients": "Cán bộ phường; số liệu tổng hợp lên tỉnh",
        "retention": "Theo hồ sơ trẻ",
    },
    {
        "code": "population-linkage",
        "purpose": "Đối chiếu với Cơ sở dữ liệu quốc gia về dân cư để bổ sung số định danh, tìm trẻ chưa có trong sổ",
        "legal_basis": "Luật Căn cước 2023; " + _LAW,
        "data_kinds": "Số định danh, họ tên, ngày sinh, giới tính, tên cha mẹ, phường trong bản trích xuất",
        "sensitive": False,
        "subjects": "Trẻ em và người trong bản trích xuất của công an",
        "recipients": "Cán bộ tỉnh chạy đối chiếu; danh sách chưa khớp gửi công an phường",
        "retention": "Xóa dòng trích xuất 30 ngày sau lần chạy (quy tắc lưu giữ)",
    },
    {
        "code": "accounts-audit",
        "purpose": "Tài khoản cán bộ và nhật ký kiểm tra mọi hoạt động xử lý",
        "legal_basis": "Nghị định 356/2025/NĐ-CP (ghi nhật ký xử lý): " + NOT_CHECKED,
        "data_kinds": "Tên đăng nhập, họ tên, vai trò, địa chỉ IP, thời điểm và nội dung thao tác",
        "sensitive": False,
        "subjects": "Cán bộ sử dụng hệ thống",
        "recipients": "Quản trị viên; người kiểm tra được phân quyền",
        "retention": "Nhật ký giữ lâu dài, không xóa (chuỗi băm)",
    },
]


@transaction.atomic
def ensure_defaults():
    """Create the rows that do not exist yet; never overwrite an edited one."""
    from treem.population.services import retention_days

    from .models import NotificationRule, ProcessingPurpose, RetentionRule

    kinds = set(RetentionRule.objects.values_list("kind", flat=True))
    codes = set(ProcessingPurpose.objects.values_list("code", flat=True))
    # Every page calls this: two reads when nothing is missing.
    complete = kinds >= {v["kind"] for v in RETENTION_DEFAULTS} and codes >= {
        v["code"] for v in PURPOSE_DEFAULTS
    }
    if complete and NotificationRule.objects.exists():
        return
    for values in RETENTION_DEFAULTS:
        if values["kind"] == "register_rows":
            # The period a linkage run purges its own rows with at its end.
            values = {**values, "period": retention_days()}
        RetentionRule.objects.get_or_create(kind=values["kind"], defaults=values)
    if not NotificationRule.objects.exists():
        NotificationRule.objects.create(**NOTIFICATION_DEFAULT)
    for order, values in enumerate(PURPOSE_DEFAULTS):
        ProcessingPurpose.objects.get_or_create(
            code=values["code"], defaults={**values, "order": order}
        )
