from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Perm, Role
from treem.accounts.scope import active_assignments, has_perm
from treem.areas.models import AdminUnit, Level
from treem.audit import context as audit_context
from treem.audit.models import Action, AuditEvent
from treem.jobs.models import Job

from .landing import sections_for


def _ward_summaries(wards):
    """Residential groups and staff per ward, in two queries."""
    wards = list(wards)
    groups = dict(
        AdminUnit.objects.in_force()
        .filter(parent__in=wards, level=Level.RESIDENTIAL_GROUP)
        .values_list("parent")
        .annotate(n=Count("pk"))
    )
    staff = (
        RoleAssignment.objects.active()
        .filter(Q(unit__in=wards) | Q(unit__parent__in=wards))
        .values("unit_id", "unit__parent_id", "role")
    )
    counts = {}
    for row in staff:
        ward_id = (
            row["unit_id"] if row["unit_id"] in {w.pk for w in wards} else row["unit__parent_id"]
        )
        counts.setdefault(ward_id, {}).setdefault(row["role"], 0)
        counts[ward_id][row["role"]] += 1
    return [
        {
            "unit": w,
            "groups": groups.get(w.pk, 0),
            "officers": counts.get(w.pk, {}).get(Role.WARD_OFFICER, 0),
            "collaborators": counts.get(w.pk, {}).get(Role.COLLABORATOR, 0),
        }
        for w in wards
    ]


@login_required
def home(request):
    user = request.user
    assignments = active_assignments(user)
    roles = {a.role for a in assignments}
    context = {"assignments": assignments, "roles": roles, "Role": Role}
    ward_roles = {Role.WARD_OFFICER, Role.WARD_APPROVER}
    my_wards = [a.unit for a in assignments if a.role in ward_roles and a.unit_id]
    if my_wards:
        context["my_wards"] = _ward_summaries(my_wards)
    if Role.COLLABORATOR in roles:
        context["my_groups"] = [a.unit for a in assignments if a.role == Role.COLLABORATOR]
    if Role.AGENCY_REPORTER in roles:
        context["my_agencies"] = [a.agency for a in assignments if a.role == Role.AGENCY_REPORTER]
    # Staff counts and security figures are the administrator's: the province
    # officer and the leader get the indicators and plan progress instead
    # (the sections), and reach the audit trail from the menu.
    if Role.ADMIN in roles:
        wards = AdminUnit.objects.in_force().grassroots().order_by("name")
        context["all_wards"] = _ward_summaries(wards)
    if Role.ADMIN in roles and has_perm(user, Perm.BROWSE_AUDIT):
        since = timezone.now() - timedelta(hours=24)
        events = AuditEvent.objects.visible_to(user)
        context["failed_logins"] = events.filter(
            action__in=[Action.LOGIN_FAILED, Action.LOCKOUT], occurred_at__gte=since
        ).count()
        context["recent_events"] = events.select_related("unit")[:8]
    if Role.ADMIN in roles:
        context["user_count"] = get_user_model().objects.filter(is_active=True).count()
    context["recent_jobs"] = Job.objects.visible_to(user).filter(created_by=user)[:5]
    context["sections"] = sections_for(request)
    return render(request, "core/home.html", context)


# Error pages. DEBUG is off wherever a person uses the system (the demo too), so
# these are what an error looks like: Vietnamese, the request id to quote to the
# administrator, and never a traceback or the values that caused the error.


def _request_id(request):
    return getattr(request, "request_id", "") or audit_context.current().request_id


def _standalone_error(request, template_name, status, detail):
    """Renders without the request: a context processor (navigation, the user)
    may be what failed, and an error page must not fail in turn."""
    request_id = _request_id(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(detail), "request_id": request_id}, status=status)
    try:
        body = loader.get_template(template_name).render({"request_id": request_id})
    except Exception:  # the last resort must answer, whatever failed
        body = f"{detail} ({request_id})"
        return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


def bad_request(request, exception, template_name="400.html"):
    return _standalone_error(request, template_name, 400, _("Bad request"))


def server_error(request, template_name="500.html"):
    return _standalone_error(request, template_name, 500, _("System error"))


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    # The reason names the missing cookie or token: useful in the server log, not on the page.
    return _standalone_error(request, template_name, 403, _("The form has expired"))
