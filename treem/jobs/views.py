from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from treem.accounts.scope import get_for_user

from .models import Job


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("created_by", "unit")
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page_obj": page})


@login_required
def job_detail(request, pk):
    job = get_for_user(Job.objects, request.user, pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk):
    job = get_for_user(Job.objects, request.user, pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / job.result_file).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    # Served as a download with a fixed type: never rendered by the browser.
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.result_filename,
        content_type="application/octet-stream",
    )
