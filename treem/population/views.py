"""Pages of the linkage: upload, progress, review queue, differences, unmatched lists.

Every read goes through ``visible_to`` with RUN_LINKAGE: a run belongs to its area, a link to its
child's unit, a register row to its ward. Not visible is a 404, as missing."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user, has_perm, scope_for
from treem.areas.models import AdminUnit, Level
from treem.audit.models import Action
from treem.audit.services import record_event
from treem.children.exporter import FORMULA_STARTS
from treem.children.models import ChildCaregiver
from treem.children.services import EditConflict, RegistryError

from . import services
from .forms import DecisionForm, DedupeForm, ThresholdsForm, UploadForm
from .models import LinkageRun, LinkageSettings, LinkCandidate, RegisterPerson

State = LinkCandidate.State
PAGE = 50


def _require(user, perm=Perm.RUN_LINKAGE):
    if not has_perm(user, perm):
        raise Http404


def _units(user):
    """Areas the user may run a linkage over: their wards (communes) and provinces in force."""
    return (
        AdminUnit.objects.in_force()
        .filter(level__in=(Level.PROVINCE, Level.WARD, Level.COMMUNE))
        .filter(scope_for(user, Perm.RUN_LINKAGE).q(""))
        .order_by("level", "sort_name", "name")
    )


def _run(user, pk):
    return get_for_user(LinkageRun.objects.select_related("unit", "job"), user, pk)


def _links(user, run):
    caregivers = ChildCaregiver.objects.select_related("caregiver", "relation")
    return (
        LinkCandidate.objects.visible_to(user)
        .filter(run=run)
        .select_related("child__ward", "person")
        .prefetch_related(Prefetch("child__caregiver_links", queryset=caregivers))
    )


@login_required
def index(request):
    _require(request.user)
    runs = LinkageRun.objects.visible_to(request.user).select_related("unit", "job", "created_by")
    units = _units(request.user)
    settings = LinkageSettings.current()
    return render(
        request,
        "population/index.html",
        {
            "page_obj": Paginator(runs, 20).get_page(request.GET.get("page")),
            "form": UploadForm(units=units),
            "dedupe_form": DedupeForm(units=units),
            "settings": settings,
            "can_edit_thresholds": _can_edit_thresholds(request.user),
        },
    )


@login_required
def upload(request):
    _require(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = services.start_link_run(
            actor=request.user,
            unit=form.cleaned_data["unit"],
            path=services.save_upload(upload),
            filename=upload.name.rsplit("/", 1)[-1][:150],
        )
        return redirect("population:run", pk=run.pk)
    return render(request, "population/upload.html", {"form": form})


@login_required
@require_POST
def find_duplicates(request):
    _require(request.user)
    form = DedupeForm(request.POST, units=_units(request.user))
    if not form.is_valid():
        raise Http404
    run = services.start_dedupe_run(actor=request.user, unit=form.cleaned_data["unit"])
    return redirect("population:run", pk=run.pk)


def _can_edit_thresholds(user):
    # The thresholds hold for every area: only an officer over a whole province sets them.
    return (
        bool(scope_for(user, Perm.RUN_LINKAGE).province_ids)
        or scope_for(user, Perm.RUN_LINKAGE).unlimited
    )


@login_required
def thresholds(request):
    _require(request.user)
    if not _can_edit_thresholds(request.user):
        raise Http404
    current = LinkageSettings.current()
    initial = {
        "auto_threshold": current.auto_threshold,
        "review_threshold": current.review_threshold,
        "margin": current.margin,
        "source": current.source,
    }
    form = ThresholdsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_thresholds(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The thresholds were saved."))
        return redirect("population:index")
    return render(request, "population/thresholds.html", {"form": form})


@login_required
def run_detail(request, pk):
    _require(request.user)
    run = _run(request.user, pk)
    links = LinkCandidate.objects.visible_to(request.user).filter(run=run)
    counts = dict.fromkeys(State.values, 0)
    for row in links.values("state").order_by().annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    return render(
        request,
        "population/run.html",
        {
            "run": run,
            "job": run.job,
            "counts": counts,
            "with_differences": links.exclude(differences=[]).count(),
            "missing": _missing(request.user, run).count(),
        },
    )


@login_required
def run_progress(request, pk):
    _require(request.user)
    run = _run(request.user, pk)
    if run.job is None or run.job.finished:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "population/_progress.html", {"run": run, "job": run.job})


@login_required
def review_queue(request, pk):
    _require(request.user)
    run = _run(request.user, pk)
    # A purged run's links have no register row left to compare with.
    links = _links(request.user, run).filter(state=State.PENDING).exclude(person=None)
    page = Paginator(links, 20).get_page(request.GET.get("page"))
    rows = [(c, services.compare_fields(c.child, c.person)) for c in page.object_list]
    return render(
        request,
        "population/review.html",
        {"run": run, "page_obj": page, "rows": rows, "form": DecisionForm()},
    )


@login_required
def differences(request, pk):
    _require(request.user)
    run = _run(request.user, pk)
    links = _links(request.user, run).filter(state__in=services.LINKED).exclude(differences=[])
    page = Paginator(links, PAGE).get_page(request.GET.get("page"))
    return render(request, "population/differences.html", {"run": run, "page_obj": page})


@login_required
@require_POST
def decide(request, pk):
    _require(request.user)
    candidate = get_for_user(LinkCandidate.objects.select_related("run"), request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        if form.cleaned_data["decision"] == "accept":
            services.accept_link(candidate, actor=request.user)
            messages.success(request, _("The link was accepted and the record updated."))
        else:
            services.reject_link(candidate, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The link was rejected."))
    except (services.LinkError, RegistryError) as exc:
        messages.error(request, str(exc))
    return redirect("population:review", pk=candidate.run_id)


@login_required
@require_POST
def resolve(request, pk):
    _require(request.user)
    candidate = get_for_user(
        LinkCandidate.objects.select_related("run", "child", "person"), request.user, pk
    )
    field = request.POST.get("field", "")
    take = request.POST.get("take") == "register"
    try:
        services.resolve_difference(
            candidate,
            field,
            actor=request.user,
            take_register=take,
            expected_version=request.POST.get("version") or None,
        )
        messages.success(request, _("The difference was settled."))
    except EditConflict as exc:
        messages.error(request, str(exc))
    except (services.LinkError, RegistryError) as exc:
        messages.error(request, str(exc))
    return redirect("population:differences", pk=candidate.run_id)


def _unmatched(user, run):
    return (
        LinkCandidate.objects.visible_to(user)
        .filter(run=run, state__in=(State.UNMATCHED, State.REJECTED))
        .select_related("child__ward", "child__unit")
        .order_by("child__name_sort")
    )


@login_required
def unmatched_children(request, pk):
    _require(request.user)
    run = _run(request.user, pk)
    page = Paginator(_unmatched(request.user, run), PAGE).get_page(request.GET.get("page"))
    return render(request, "population/unmatched.html", {"run": run, "page_obj": page})


def _cell(value):
    value = "" if value is None else str(value)
    return f"'{value}" if value[:1] in FORMULA_STARTS else value


@login_required
def unmatched_csv(request, pk):
    """For the ward police (step 3 of the national clean-up): children to verify."""
    _require(request.user, Perm.EXPORT_PERSONAL)
    run = _run(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tre-chua-khop-dan-cu-{timezone.localdate():%Y%m%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        ["Mã hồ sơ", "Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "Phường/xã", "Địa chỉ"]
    )
    for c in _unmatched(request.user, run):
        child = c.child
        writer.writerow(
            [
                child.pk,
                _cell(
                    " ".join(
                        p for p in (child.family_name, child.middle_name, child.given_name) if p
                    )
                ),
                child.date_of_birth.strftime("%d/%m/%Y"),
                child.get_sex_display(),
                _cell(child.personal_id or ""),
                child.ward.name,
                _cell(child.address_line),
            ]
        )
    record_event(Action.EXPORT, actor=request.user, subject=run, unit=run.unit, note="unmatched")
    return response


def _missing(user, run):
    """Register persons no child is linked to, nor waiting for review with."""
    return (
        RegisterPerson.objects.visible_to(user)
        .filter(run=run, matched=False)
        .exclude(links__state=State.PENDING)
    )


@login_required
def missing_persons(request, pk):
    _require(request.user)
    run = _run(request.user, pk)
    persons = _missing(request.user, run).select_related("unit").order_by("full_name")
    page = Paginator(persons, PAGE).get_page(request.GET.get("page"))
    return render(request, "population/missing.html", {"run": run, "page_obj": page})
