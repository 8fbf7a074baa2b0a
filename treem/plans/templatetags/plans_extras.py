from django import template

register = template.Library()

STATE_CLASS = {
    "draft": "st-draft",
    "submitted": "st-submitted",
    "returned": "st-returned",
    "accepted": "st-accepted",
}
STATUS_CLASS = {
    "not_started": "badge-muted",
    "on_track": "badge-ok",
    "at_risk": "badge-warn",
    "done": "badge-ok",
}


@register.filter
def state_class(state):
    return STATE_CLASS.get(state, "")


@register.filter
def status_class(status):
    return STATUS_CLASS.get(status, "badge-muted")


@register.filter
def overdue_on(report, day):
    return report.is_overdue(day)


@register.filter
def lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]
