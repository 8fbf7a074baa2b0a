"""The training topics and the requirements shipped as a starting point.
Which training each role needs is local practice in the province's plan for
Directive 28 (no legal text found that names courses per role), so the rules
are data the administrator edits, each with its basis and source. Loaded by
migration 0002 and again by `load_topics` where the database was emptied
(live-server tests flush the migration's rows)."""

TOPICS = [
    ("child_protection_basics", "Kiến thức, kỹ năng cơ bản về bảo vệ trẻ em"),
    ("abuse_prevention", "Phòng ngừa, phát hiện, can thiệp xâm hại trẻ em"),
    ("case_management", "Quản lý trường hợp trẻ em cần bảo vệ"),
    ("child_participation", "Kỹ năng thúc đẩy sự tham gia của trẻ em"),
    ("injury_prevention", "Phòng, chống tai nạn thương tích, đuối nước trẻ em"),
    ("child_data", "Thu thập, cập nhật cơ sở dữ liệu trẻ em"),
]

LOCAL_SOURCE = "Kế hoạch thực hiện Chỉ thị 28-CT/TW của tỉnh; thực tiễn địa phương"

REQUIREMENTS = [
    ("ward_officer", "child_protection_basics"),
    ("ward_officer", "case_management"),
    ("collaborator", "child_protection_basics"),
]


def load_topics(topic_model=None, requirement_model=None):
    """Adds what is missing; an administrator's edits are kept."""
    if topic_model is None:
        from .models import Requirement as requirement_model
        from .models import Topic as topic_model
    topics = {}
    for order, (code, name) in enumerate(TOPICS, start=1):
        topics[code], _ = topic_model.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
    for role, code in REQUIREMENTS:
        requirement_model.objects.get_or_create(
            role=role,
            topic=topics[code],
            defaults={"basis": "local", "source": LOCAL_SOURCE},
        )
