"""The recommendations' follow-up as a table: status -> the statuses it may
move to. `services.forums.change_recommendation` is the one way through it."""

from .models import RecommendationStatus

S = RecommendationStatus
RECOMMENDATION_TRANSITIONS = {
    # A recommendation no body can act on is closed with a reason.
    S.RAISED: {S.ASSIGNED, S.CLOSED},
    S.ASSIGNED: {S.ANSWERED},
    S.ANSWERED: {S.FOLLOWED_UP, S.CLOSED},
    S.FOLLOWED_UP: {S.CLOSED},
    S.CLOSED: set(),
}


def allowed(current, target):
    return target in RECOMMENDATION_TRANSITIONS.get(current, set())
