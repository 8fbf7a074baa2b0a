from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.models import AuditSeal
from treem.jobs.models import Job
from treem.jobs.services import JobError, is_crash_error, may_run_again, retry_failed_job

from . import health
from .models import WorkerHeartbeat


@require_GET
@never_cache
def healthz(request):
    """For a load balancer or a monitor: no login, no personal data. 503
    only when the database does not answer; a late worker is "degraded"."""
    state = health.status()
    return JsonResponse(state, status=503 if state["status"] == "error" else 200)


@login_required
def operations(request):
    # Accounts are the administrator's: so is the running of the system.
    if not has_perm(request.user, Perm.MANAGE_USERS):
        raise Http404
    # Every failed job, of any area: but the administrator reads no personal
    # data, and a title names the uploaded file, a user's error may quote its
    # rows. Only kind, who, where, when and runs; the error only when it is
    # the generic crash message.
    failed = (
        Job.objects.filter(status=Job.Status.FAILED)
        .select_related("created_by", "unit")
        .defer("title", "params", "result", "message")
        .order_by("-finished_at", "-created_at")
    )
    page_obj = Paginator(failed, 30).get_page(request.GET.get("page"))
    rows = [
        {
            "pk": job.pk,
            "can_retry": may_run_again(job),
            "kind": job.kind,
            "created_by": job.created_by,
            "unit": job.unit,
            "created_at": job.created_at,
            "finished_at": job.finished_at,
            "attempts": job.attempts,
            "crashed": is_crash_error(job.error),
        }
        for job in page_obj
    ]
    return render(
        request,
        "ops/operations.html",
        {
            "state": health.status(),
            "workers": WorkerHeartbeat.objects.all()[:10],
            "seal": AuditSeal.objects.order_by("-id").first(),
            "page_obj": page_obj,
            "rows": rows,
        },
    )


@login_required
@require_POST
def retry_job(request, pk):
    """Run a failed job again: the administrator sees every failed job on
    the page above, so any failed job is theirs to retry; not failed → 404."""
    if not has_perm(request.user, Perm.MANAGE_USERS):
        raise Http404
    job = get_object_or_404(Job, pk=pk, status=Job.Status.FAILED)
    try:
        retry_failed_job(job, actor=request.user)
    except JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The job has been queued again."))
    return redirect("ops:operations")
