"""Demo data: the criteria, and a 2025 assessment for every ward, partly
scored, as a ward would have it half-way through."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from treem.areas.models import AdminUnit
from treem.demo.seed import slug

from .models import Assessment, AssessmentScore
from .services.assessments import create_assessment, save_assessment
from .services.criteria import load_child_friendly_criteria

DEMO_YEAR = 2025
# Points a ward typically gives itself for the items the system cannot
# compute; the rest stay empty for the demo user to fill in.
DEMO_POINTS = {"1.1": 50, "1.2": 15, "1.4": 15, "6.2": 75}


def seed_assessments(people, options):
    created = load_child_friendly_criteria(actor=None)
    wards = AdminUnit.objects.in_force().grassroots().order_by("pk")
    made = 0
    for ward in wards:
        if Assessment.objects.filter(unit=ward, year=DEMO_YEAR).exists():
            continue
        # The ward's demo officer starts it, so the indicator evidence is
        # read with an officer's rights, as in real use.
        officer = get_user_model().objects.filter(username=f"{slug(ward.name)}.canbo").first()
        assessment = create_assessment(ward, DEMO_YEAR, actor=officer)
        scores = AssessmentScore.objects.filter(
            assessment=assessment, item__code__in=DEMO_POINTS
        ).select_related("item")
        save_assessment(
            assessment,
            actor=officer,
            scores={
                s.item_id: {
                    "points": Decimal(DEMO_POINTS[s.item.code]),
                    "note": "Số liệu minh họa (demo)",
                }
                for s in scores
            },
        )
        made += 1
    return [f"reports: child-friendly criteria rows created: {created}; assessments: {made}"]


# Families named as a ward names them; the names are illustrative.
DEMO_FAMILIES = (
    ("Hộ ông Nguyễn Văn Hùng", "Số 12, ngõ 3"),
    ("Hộ bà Trần Thị Lan", "Số 40, đường Lê Lợi"),
)


def _score_all(assessment, actor, *, points, note):
    """Every item at `points(item)`, through the service as a ward would."""
    scores = assessment.scores.select_related("item")
    save_assessment(
        assessment,
        actor=actor,
        scores={s.item_id: {"points": points(s.item), "note": note} for s in scores},
    )


def seed_local_assessments(people, options):
    """The school and family sets, and in the wards that have a leader's
    account: a primary school confirmed by the leader, a lower-secondary
    school half-scored, a family submitted and a family in draft."""
    from treem.agencies.models import Agency

    from .models import CriteriaSet, SetKind
    from .services.assessments import change_assessment_status
    from .services.criteria import load_criteria_sets

    created = load_criteria_sets(actor=None)
    users = get_user_model().objects
    school_set = CriteriaSet.objects.filter(kind=SetKind.SCHOOL).first()
    family_set = CriteriaSet.objects.filter(kind=SetKind.FAMILY).first()
    made = 0
    for ward in AdminUnit.objects.in_force().grassroots().order_by("pk"):
        officer = users.filter(username=f"{slug(ward.name)}.canbo").first()
        leader = users.filter(username=f"{slug(ward.name)}.chutich").first()
        if officer is None or leader is None:
            continue
        if Assessment.objects.filter(unit=ward, kind__in=["school", "family"]).exists():
            continue
        schools = {
            s.name.split(" ")[1]: s
            for s in Agency.objects.in_force().filter(kind="school", unit=ward)
        }
        primary, lower = schools.get("Tiểu"), schools.get("THCS")
        if primary is not None:
            done = create_assessment(
                ward, DEMO_YEAR, actor=officer, criteria_set=school_set, school=primary
            )
            _score_all(
                done,
                officer,
                points=lambda item: item.max_points if item.code != "4.2" else 5,
                note="Đã kiểm tra tại trường (demo)",
            )
            change_assessment_status(done, "submitted", actor=officer)
            change_assessment_status(done, "confirmed", actor=leader)
            made += 1
        if lower is not None:
            draft = create_assessment(
                ward, DEMO_YEAR, actor=officer, criteria_set=school_set, school=lower
            )
            first = draft.scores.select_related("item").filter(item__criterion__number__lte=2)
            save_assessment(
                draft,
                actor=officer,
                scores={s.item_id: {"points": s.item.max_points, "note": ""} for s in first},
            )
            made += 1
        group = AdminUnit.objects.in_force().filter(parent=ward).order_by("sort_name").first()
        for n, (name, address) in enumerate(DEMO_FAMILIES):
            family = create_assessment(
                ward,
                DEMO_YEAR,
                actor=officer,
                criteria_set=family_set,
                household_name=name,
                household_address=address,
                household_group=group,
            )
            if n == 0:
                _score_all(
                    family,
                    officer,
                    points=lambda item: item.max_points,
                    note="Thăm hộ gia đình (demo)",
                )
                change_assessment_status(family, "submitted", actor=officer)
            made += 1
    return [f"reports: criteria set rows created: {created}; school and family assessments: {made}"]
