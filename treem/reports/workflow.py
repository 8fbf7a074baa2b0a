"""The assessment workflow as a table: status -> the statuses it may move to.
`change_assessment_status` (services/assessments.py) checks it."""

from django.utils.translation import gettext_lazy as _

from .models import AssessmentStatus

S = AssessmentStatus
ASSESSMENT_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    # The province returns a submission for correction or confirms it.
    S.SUBMITTED: {S.DRAFT, S.CONFIRMED},
    S.CONFIRMED: set(),
}

# Who makes each move: the ward ("assess") or the body above it ("confirm").
ACTOR_OF_MOVE = {
    (S.DRAFT, S.SUBMITTED): "assess",
    (S.SUBMITTED, S.DRAFT): "confirm",
    (S.SUBMITTED, S.CONFIRMED): "confirm",
}

MOVE_LABELS = {
    (S.DRAFT, S.SUBMITTED): _("Submit to the province"),
    (S.SUBMITTED, S.DRAFT): _("Return to the ward"),
    (S.SUBMITTED, S.CONFIRMED): _("Confirm the result"),
}


# A family's or a school's assessment goes to the ward's leaders instead.
LOCAL_MOVE_LABELS = {
    (S.DRAFT, S.SUBMITTED): _("Submit to the ward's leaders"),
    (S.SUBMITTED, S.DRAFT): _("Return for correction"),
    (S.SUBMITTED, S.CONFIRMED): _("Confirm the result"),
}


def move_label(kind, move):
    return (MOVE_LABELS if kind == "ward" else LOCAL_MOVE_LABELS)[move]


def allowed(current, target):
    return target in ASSESSMENT_TRANSITIONS.get(current, set())
