"""The register of personal-data incidents. The deadline to inform the
authority is a stored field, computed from the notification rule in force
when the incident is recorded and recomputed when its detection time changes."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from treem.audit.services import record_create, record_update, snapshot

from ..legal import ensure_defaults
from ..models import Incident, NotificationRule

# Which status may follow which: a closed incident reopens only through a
# new record, so that what was reported stays as it was.
TRANSITIONS = {
    Incident.Status.OPEN: {Incident.Status.CONTAINED, Incident.Status.CLOSED},
    Incident.Status.CONTAINED: {Incident.Status.OPEN, Incident.Status.CLOSED},
    Incident.Status.CLOSED: set(),
}


class IncidentError(Exception):
    pass


def notification_rule():
    ensure_defaults()
    return NotificationRule.objects.order_by("pk").first()


def _deadline(incident):
    return incident.detected_at + datetime.timedelta(hours=incident.deadline_hours)


@transaction.atomic
def record_incident(*, actor, **values):
    rule = notification_rule()
    incident = Incident(
        recorded_by=actor,
        deadline_hours=rule.hours,
        deadline_source=rule.source,
        authority=values.pop("authority", "") or rule.authority,
        **values,
    )
    _validate(incident, Incident.Status.OPEN)
    incident.notify_by = _deadline(incident)
    incident.save()
    record_create(incident, actor=actor)
    return incident


@transaction.atomic
def change_incident(incident, /, *, actor, **values):
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    before = snapshot(incident)
    old_status = incident.status
    if old_status == Incident.Status.CLOSED:
        raise IncidentError(_("A closed incident cannot be changed; record a new one."))
    for name, value in values.items():
        setattr(incident, name, value)
    _validate(incident, old_status)
    incident.notify_by = _deadline(incident)
    incident.save()
    record_update(incident, before, actor=actor)
    return incident


def _validate(incident, old_status):
    if incident.status != old_status and incident.status not in TRANSITIONS[old_status]:
        raise IncidentError(
            _("An incident cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": Incident.Status(old_status).label,
                "new": Incident.Status(incident.status).label,
            }
        )
    if incident.occurred_at and incident.occurred_at > incident.detected_at:
        raise IncidentError(_("The incident cannot have happened after it was detected."))
    for name in ("authority_notified_at", "subjects_notified_at"):
        moment = getattr(incident, name)
        if moment and moment < incident.detected_at:
            raise IncidentError(
                _("No one can have been informed before the incident was detected.")
            )
    if incident.status == Incident.Status.CLOSED and not incident.authority_notified_at:
        raise IncidentError(
            _("Record when the authority was informed before closing the incident.")
        )


@transaction.atomic
def update_notification_rule(rule, /, *, actor, **values):
    rule = NotificationRule.objects.select_for_update().get(pk=rule.pk)
    before = snapshot(rule)
    for name, value in values.items():
        setattr(rule, name, value)
    rule.updated_by = actor
    rule.save()
    record_update(rule, before, actor=actor)
    return rule
