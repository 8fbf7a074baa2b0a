"""Children's forums, their participants and the recommendations raised."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.areas.models import Level
from treem.audit.models import Action
from treem.audit.services import diff, record_event, snapshot

from ..access import can_answer, can_manage_forums
from ..models import Forum, ForumLevel, ForumParticipants, Recommendation, RecommendationStatus
from ..workflow import allowed
from . import ActivityError, ActivityPermissionError

S = RecommendationStatus
FORUM_FIELDS = ("title", "held_on", "place", "organiser", "summary")


def _who(actor):
    return actor if getattr(actor, "pk", None) else None


def level_of(unit):
    if unit.level == Level.PROVINCE:
        return ForumLevel.PROVINCE
    if unit.level in (Level.WARD, Level.COMMUNE):
        return ForumLevel.WARD
    raise ActivityError(_("Forums are held by a ward or by the province."))


def _set_participants(forum, participants):
    """{(group, sex, age band): number}; zeros are not stored."""
    forum.participants.all().delete()
    rows = [
        ForumParticipants(forum=forum, group=g, sex=s, age_band=b, count=n)
        for (g, s, b), n in sorted(participants.items())
        if n
    ]
    if any(r.count < 0 for r in rows):
        raise ActivityError(_("A number of participants cannot be negative."))
    ForumParticipants.objects.bulk_create(rows)
    return {f"{r.group}/{r.sex}/{r.age_band}": r.count for r in rows}


@transaction.atomic
def record_forum(*, actor, unit, participants=None, **fields):
    if not can_manage_forums(actor, unit):
        raise ActivityPermissionError(_("You may not record forums of this area."))
    unknown = set(fields) - set(FORUM_FIELDS)
    if unknown:
        raise ActivityError(_("Not an editable field: %(name)s") % {"name": ", ".join(unknown)})
    forum = Forum(unit=unit, level=level_of(unit), created_by=_who(actor), **fields)
    if not forum.title.strip():
        raise ActivityError(_("Give the forum a title."))
    forum.save()
    changes = diff({}, snapshot(forum))
    changes["participants"] = {"old": None, "new": _set_participants(forum, participants or {})}
    record_event(Action.CREATE, actor=actor, subject=forum, changes=changes)
    return forum


@transaction.atomic
def update_forum(forum, *, actor, participants=None, **fields):
    current = Forum.objects.select_for_update(of=("self",)).select_related("unit").get(pk=forum.pk)
    if not can_manage_forums(actor, current.unit):
        raise ActivityPermissionError(_("You may not record forums of this area."))
    before = snapshot(current)
    old = {f"{p.group}/{p.sex}/{p.age_band}": p.count for p in current.participants.all()}
    for name, value in fields.items():
        if name not in FORUM_FIELDS:
            raise ActivityError(_("Not an editable field: %(name)s") % {"name": name})
        setattr(current, name, value)
    current.save()
    changes = diff(before, snapshot(current))
    if participants is not None:
        new = _set_participants(current, participants)
        if new != old:
            changes["participants"] = {"old": old, "new": new}
    if changes:
        record_event(Action.UPDATE, actor=actor, subject=current, changes=changes)
    return current


@transaction.atomic
def raise_recommendation(forum, *, actor, text):
    if not can_manage_forums(actor, forum.unit):
        raise ActivityPermissionError(_("You may not record forums of this area."))
    text = (text or "").strip()
    if not text:
        raise ActivityError(_("Write the recommendation the children raised."))
    rec = Recommendation.objects.create(forum=forum, text=text)
    record_event(Action.CREATE, actor=actor, subject=rec, changes=diff({}, snapshot(rec)))
    return rec


def _need(value, message):
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ActivityError(message)
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def change_recommendation(rec, target, *, actor, addressee=None, deadline=None, text="", on=None):
    """Move a recommendation along RECOMMENDATION_TRANSITIONS. `text` is the
    answer (answered), what changed (followed up) or why (closed)."""
    current = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("forum__unit", "addressee")
        .get(pk=rec.pk)
    )
    source, target = S(current.status), S(target)
    if not allowed(source, target):
        raise ActivityError(
            _("A recommendation cannot go from “%(current)s” to “%(target)s”.")
            % {"current": source.label, "target": target.label}
        )
    on = on or timezone.localdate()
    if target == S.ANSWERED:
        if not can_answer(actor, current):
            raise ActivityPermissionError(_("You may not answer this recommendation."))
    elif not can_manage_forums(actor, current.forum.unit):
        raise ActivityPermissionError(_("You may not follow up recommendations of this forum."))
    before = snapshot(current)
    if target == S.ASSIGNED:
        current.addressee = _need(addressee, _("Choose the body that must answer."))
        current.deadline = _need(deadline, _("Set the date the answer is due."))
        if current.deadline < current.forum.held_on:
            raise ActivityError(_("The answer cannot be due before the forum was held."))
    elif target == S.ANSWERED:
        current.answer = _need(text, _("Write the answer."))
        current.answered_on = on
        current.answered_by = _who(actor)
        current.answered_on_time = on <= current.deadline
    elif target == S.FOLLOWED_UP:
        current.follow_up = _need(text, _("Say what changed after the answer."))
        current.followed_up_on = on
    elif target == S.CLOSED:
        note = (text or "").strip()
        if source == S.RAISED and not note:
            raise ActivityError(_("Say why the recommendation is closed without an answer."))
        if note:
            current.follow_up = "\n".join(p for p in (current.follow_up, note) if p)
        current.closed_on = on
    current.status = target
    current.save()
    record_event(
        Action.UPDATE, actor=actor, subject=current, changes=diff(before, snapshot(current))
    )
    return current
