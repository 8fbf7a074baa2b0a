from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.jobs.services import start_job

from .display import describe
from .filters import AuditEventFilter
from .models import AuditEvent


def _events_for(request):
    if not has_perm(request.user, Perm.BROWSE_AUDIT):
        raise Http404
    return AuditEventFilter(
        request.GET or None,
        queryset=AuditEvent.objects.visible_to(request.user).select_related("unit"),
    )


@login_required
def event_list(request):
    filterset = _events_for(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    describe(page.object_list)
    return render(request, "audit/event_list.html", {"filter": filterset, "page_obj": page})


@login_required
@require_POST
def event_export(request):
    filterset = _events_for(request)
    if not filterset.is_valid():
        messages.error(request, _("Please correct the filters before exporting."))
        return redirect("audit:list")
    params = {k: v for k, v in request.GET.items() if k in filterset.filters and v}
    job = start_job(
        "audit_export",
        actor=request.user,
        title=_("Export of the audit trail"),
        params=params,
        permission=Perm.BROWSE_AUDIT,
    )
    return redirect(job)
