"""Who lacks the training their role needs, and trained collaborators per
residential group. A fixed number of queries whatever the number of people:
requirements, completed topics and roles are each read once."""

from collections import defaultdict

from django.utils import timezone

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Role
from treem.areas.models import AdminUnit, Level

from .models import Participant, Requirement


def required_topics():
    """{role: [topic, …]} of the requirements in force."""
    out = defaultdict(list)
    rows = (
        Requirement.objects.filter(active=True, topic__active=True)
        .select_related("topic")
        .order_by("topic__order", "topic__name")
    )
    for req in rows:
        out[req.role].append(req.topic)
    return dict(out)


def completed_topics(user_ids, on=None):
    """{user id: {topic id}} of courses attended and passed (ended by `on`)."""
    rows = Participant.objects.filter(user_id__in=user_ids, attended=True, passed=True)
    if on is not None:
        rows = rows.filter(course__ends_on__lte=on)
    out = defaultdict(set)
    for user_id, topic_id in rows.values_list("user_id", "course__topic_id").order_by():
        out[user_id].add(topic_id)
    return out


def roles_of(user_ids, on=None):
    out = defaultdict(set)
    rows = RoleAssignment.objects.active(on).filter(user_id__in=user_ids)
    for user_id, role in rows.values_list("user_id", "role").order_by():
        out[user_id].add(role)
    return out


def missing_topics(user_ids, on=None):
    """{user id: [topic, …]} for each user who lacks a required topic."""
    user_ids = list(user_ids)
    required = required_topics()
    if not required or not user_ids:
        return {}
    roles = roles_of(user_ids, on)
    done = completed_topics(user_ids, on)
    out = {}
    for user_id in user_ids:
        seen, missing = set(), []
        for role in sorted(roles.get(user_id, ())):
            for topic in required.get(role, ()):
                if topic.pk not in seen and topic.pk not in done.get(user_id, ()):
                    missing.append(topic)
                seen.add(topic.pk)
        if missing:
            out[user_id] = missing
    return out


def needs_any(user_ids):
    """Ids of the users whose roles need some training (for "complete" badges)."""
    required = required_topics()
    roles = roles_of(list(user_ids))
    return {uid for uid, rs in roles.items() if any(r in required for r in rs)}


def groups_of(ward, on=None):
    on = on or timezone.localdate()
    return list(AdminUnit.objects.in_force(on).filter(parent=ward, level=Level.RESIDENTIAL_GROUP))


def collaborator_coverage(ward, on=None):
    """[{group, total, trained, lacking: [user…]}] for each residential group
    of the ward in natural order. Trained: has every topic the collaborator
    role needs (or, if the role needs none, completed any course)."""
    on = on or timezone.localdate()
    groups = groups_of(ward, on)
    assignments = (
        RoleAssignment.objects.active(on)
        .filter(role=Role.COLLABORATOR, unit__in=groups)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )
    by_group = defaultdict(dict)
    for a in assignments:
        by_group[a.unit_id][a.user_id] = a.user
    user_ids = {uid for users in by_group.values() for uid in users}
    trained = trained_collaborators(user_ids, on)
    rows = []
    for group in groups:
        users = by_group.get(group.pk, {})
        rows.append(
            {
                "group": group,
                "total": len(users),
                "trained": sum(1 for uid in users if uid in trained),
                "lacking": [u for uid, u in users.items() if uid not in trained],
            }
        )
    return rows


def trained_collaborators(user_ids, on=None):
    needed = {t.pk for t in required_topics().get(Role.COLLABORATOR, ())}
    done = completed_topics(user_ids, on)
    if not needed:
        return {uid for uid in user_ids if done.get(uid)}
    return {uid for uid in user_ids if needed <= done.get(uid, set())}


def users_lacking(users):
    """Ids among the `users` queryset who lack a topic their role needs."""
    return list(missing_topics(users.values_list("pk", flat=True)))


def mark_page(page):
    """Sets `training_missing` ([topic]) and `training_needed` on each user of
    a staff-list page: three queries for the page."""
    page.object_list = list(page.object_list)
    ids = [u.pk for u in page.object_list]
    missing = missing_topics(ids)
    needed = needs_any(ids) if ids else set()
    for user in page.object_list:
        user.training_missing = missing.get(user.pk, [])
        user.training_needed = user.pk in needed
    return page
