"""The deadline scan behind `manage.py check_deadlines`: safe to run every
few minutes, it notifies each due or overdue step once per recipient."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Role

from ..models import Case, CaseStatus
from .access import ward_approvers
from .notify import notify

# A step is announced as due this long before its deadline.
DUE_SOON = datetime.timedelta(hours=24)


def _ward_officers(unit):
    ids = (
        RoleAssignment.objects.active().filter(role=Role.WARD_OFFICER, unit=unit).values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def check_deadlines(*, now=None, base_url=""):
    """Returns (cases looked at, notifications created)."""
    now = now or timezone.now()
    cases = (
        Case.objects.open()
        .filter(due_at__isnull=False, due_at__lte=now + DUE_SOON)
        .select_related("unit", "assigned_officer")
        .order_by("due_at")
    )
    approvers, officers = {}, {}
    looked, created = 0, 0
    for case in cases:
        looked += 1
        overdue = case.due_at < now
        kind = "overdue" if overdue else "due"
        started = int(case.status_changed_at.timestamp())
        key = f"{kind}:{case.pk}:{case.status}:{case.cycle}:{started}"
        if case.unit_id not in approvers:
            approvers[case.unit_id] = ward_approvers(case.unit)
        recipients = list(approvers[case.unit_id])
        if case.assigned_officer is not None:
            recipients.append(case.assigned_officer)
        else:
            if case.unit_id not in officers:
                officers[case.unit_id] = _ward_officers(case.unit)
            recipients += officers[case.unit_id]
        when = formats.date_format(timezone.localtime(case.due_at), "d/m/Y H:i")
        step = CaseStatus(case.status).label
        if overdue:
            text = _("Case %(case)s: “%(step)s” is overdue since %(when)s") % {
                "case": case.number,
                "step": step,
                "when": when,
            }
        else:
            text = _("Case %(case)s: “%(step)s” is due by %(when)s") % {
                "case": case.number,
                "step": step,
                "when": when,
            }
        created += notify(recipients, case, key=key, text=text, base_url=base_url)
    return looked, created
