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
