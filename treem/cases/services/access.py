"""Reading a sealed case: who may, the audited view, and breaking the glass."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Perm, Role
from treem.accounts.scope import has_perm
from treem.audit.models import Action
from treem.audit.services import record_create, record_event

from ..models import AccessGrant, Case
from .common import CaseError
from .notify import notify

# How long a break-the-glass grant lasts.
BREAK_GLASS_HOURS = 4


def get_case(user, pk, *, queryset=None):
    """The case if the user may read it (404 otherwise, same as missing), with
    the view audited."""
    qs = queryset if queryset is not None else Case.objects.all()
    try:
        case = qs.select_related("unit", "child", "assigned_officer").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_read(user, case):
        raise Http404
    log_case_view(case, user)
    return case


def may_read(user, case):
    """CaseQuerySet.visible_to's rule on one loaded case: the ward's officers
    (the scope of MANAGE_CASES, already in memory), the assigned officer, then
    an unexpired grant, the only part that needs a query. Cheaper than
    compiling the scope filter into the case's query on every case page."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if in_ward(user, case):
        return True
    return AccessGrant.objects.filter(case=case, user=user, expires_at__gt=timezone.now()).exists()


def log_case_view(case, user, note="case viewed"):
    record_event(Action.VIEW_SENSITIVE, actor=user, subject=case, unit=case.unit_id, note=note)


def in_ward(user, case):
    """Sealed access without a grant: the ward's (or province) case officers
    and the assigned officer."""
    return case.assigned_officer_id == user.pk or has_perm(user, Perm.MANAGE_CASES, case.unit)


def active_grant(user, case):
    return AccessGrant.objects.filter(case=case, user=user, expires_at__gt=timezone.now()).first()


def ward_approvers(unit):
    """Users who hold the approver role over the ward today."""
    from django.contrib.auth import get_user_model

    ids = (
        RoleAssignment.objects.active()
        .filter(role=Role.WARD_APPROVER)
        .filter(Q(unit=unit) | Q(unit_id=unit.parent_id))
        .values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def find_case_number(text):
    text = (text or "").strip().upper().removeprefix("VV")
    try:
        return int(text)
    except ValueError:
        return None


@transaction.atomic
def break_glass(case_pk, *, actor, reason, hours=BREAK_GLASS_HOURS):
    """Time-limited access to a case outside the actor's ward, for a stated
    reason; audited and notified to the ward's approvers."""
    if not has_perm(actor, Perm.MANAGE_CASES):
        raise Http404
    if len((reason or "").strip()) < 10:
        raise CaseError(_("State the reason in a full sentence (at least 10 characters)."))
    case = Case.objects.select_related("unit").filter(pk=case_pk).first()
    if case is None:
        raise CaseError(_("No case has this number."))
    if in_ward(actor, case):
        raise CaseError(_("You can already open this case."))
    now = timezone.now()
    grant = AccessGrant.objects.create(
        case=case,
        user=actor,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=hours),
    )
    record_create(grant, actor=actor, unit=case.unit, note="break the glass")
    notify(
        ward_approvers(case.unit),
        case,
        key=f"glass:{grant.pk}",
        text=_("Emergency access to case %(case)s by %(user)s")
        % {"case": case.number, "user": actor.get_full_name() or actor.username},
    )
    return grant
