from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.cases.services.files import download_response

from ..access import (
    can_commend,
    can_edit,
    can_replicate,
    can_replicate_to,
    lead_agencies,
    target_wards,
)
from ..forms import CommendationEntryForm, EvaluationForm, ReplicationForm, ReplicationStatusForm
from ..models import Commendation, Initiative, Level, Replication, ReplicationStatus
from ..services import InitiativeError, InitiativePermissionError
from ..services.records import (
    attach_decision,
    change_replication,
    record_commendation,
    record_evaluation,
    replicate_initiative,
)
from ..workflow import REPLICATION_TRANSITIONS
from .common import fail, get_commendation, get_initiative, get_replication, require_visible


@login_required
def evaluation_new(request, pk):
    initiative = get_initiative(request.user, pk)
    if not can_edit(request.user, initiative):
        raise Http404
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record_evaluation(initiative, actor=request.user, **form.cleaned_data)
        except InitiativePermissionError:
            raise Http404 from None
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The evaluation was recorded."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/record_form.html",
        {"form": form, "initiative": initiative, "title": _("Record an evaluation")},
    )


@login_required
def commendation_new(request, pk):
    initiative = get_initiative(request.user, pk)
    if not can_commend(request.user, initiative):
        raise Http404
    form = CommendationEntryForm(
        request.POST or None,
        request.FILES or None,
        initial={"level": Level.WARD, "decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            record_commendation(
                initiative,
                actor=request.user,
                decision_number=data["decision_number"],
                decided_on=data["decided_on"],
                issuer=data["issuer"],
                form=data["award_form"],
                level=data["level"],
                recipient=data["recipient"],
                recipient_agency=data.get("recipient_agency"),
                recipient_name=data.get("recipient_name", ""),
                reason=data.get("reason", ""),
                upload=data.get("file"),
            )
        except InitiativePermissionError:
            raise Http404 from None
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The commendation was recorded."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/record_form.html",
        {
            "form": form,
            "initiative": initiative,
            "title": _("Record a commendation"),
            "multipart": True,
        },
    )


@login_required
def commendation_list(request):
    require_visible(request.user)
    rows = (
        Commendation.objects.visible_to(request.user)
        .select_related("initiative__unit", "recipient_agency")
        .order_by("-decided_on", "-pk")
    )
    level = request.GET.get("cap", "")
    if level in Level.values:
        rows = rows.filter(level=level)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/commendation_list.html",
        {"page_obj": page, "levels": Level.choices, "level": level},
    )


@login_required
def decision_download(request, pk):
    item = get_commendation(request.user, pk)
    if not item.decision_file:
        raise Http404
    return download_response(
        item.decision_file, filename=item.file_name, content_type=item.file_type
    )


@login_required
@require_POST
def decision_upload(request, pk):
    item = get_commendation(request.user, pk)
    if not can_commend(request.user, item.initiative):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(item.initiative)
    try:
        attach_decision(item, upload, actor=request.user)
    except InitiativePermissionError:
        raise Http404 from None
    except InitiativeError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("The file was attached."))
    return redirect(item.initiative)


def _replication_form(request, initiative):
    wards = target_wards(request.user).exclude(pk=initiative.unit_id)
    taken = initiative.replications.values("ward_id")
    wards = wards.exclude(pk__in=taken)
    replicas = (
        Initiative.objects.editable_by(request.user)
        .filter(unit__in=wards, kind_id=initiative.kind_id, replicated_from__isnull=True)
        .exclude(pk=initiative.pk)
        .select_related("unit")
        .order_by("unit__name", "name")
    )
    agencies = lead_agencies(request.user).filter(unit__in=wards)
    return ReplicationForm(
        request.POST or None,
        initial={"started_on": timezone.localdate()},
        wards=wards,
        agencies=agencies,
        replicas=replicas,
    )


@login_required
def replication_new(request, pk):
    initiative = get_initiative(request.user, pk)
    if not can_replicate(request.user, initiative):
        raise Http404
    form = _replication_form(request, initiative)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            replication = replicate_initiative(
                initiative,
                actor=request.user,
                ward=data["ward"],
                started_on=data["started_on"],
                lead_agency=data.get("lead_agency"),
                replica=data.get("replica"),
                notes=data.get("notes", ""),
            )
        except InitiativePermissionError:
            raise Http404 from None
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The model is recorded as replicated to %(ward)s.")
                % {"ward": replication.ward.name},
            )
            return redirect(initiative)
    return render(
        request,
        "initiatives/record_form.html",
        {"form": form, "initiative": initiative, "title": _("Replicate to another ward")},
    )


@login_required
def replication_list(request):
    """Where each model has been replicated: one row per model replicated."""
    require_visible(request.user)
    rows = (
        Replication.objects.visible_to(request.user)
        .select_related("source__unit", "source__kind", "ward", "replica")
        .order_by("source__name", "source_id", "started_on", "pk")
    )
    # A replica (or its source) in a ward out of the user's reach is named, not
    # linked: the link would be a 404.
    visible = set(
        Initiative.objects.visible_to(request.user)
        .filter(pk__in={r.replica_id for r in rows} | {r.source_id for r in rows})
        .values_list("pk", flat=True)
    )
    models = {}
    for row in rows:
        row.replica_visible = row.replica_id in visible
        row.source.visible = row.source_id in visible
        models.setdefault(row.source, []).append(row)
    return render(
        request,
        "initiatives/replication_list.html",
        {"models": list(models.items()), "count": len(rows)},
    )


@login_required
@require_POST
def replication_status(request, pk):
    replication = get_replication(request.user, pk)
    if not can_replicate_to(request.user, replication.ward):
        raise Http404
    form = ReplicationStatusForm(request.POST)
    target = form.cleaned_data["status"] if form.is_valid() else None
    back = replication.source
    if not Initiative.objects.visible_to(request.user).filter(pk=back.pk).exists():
        back = replication.replica
    if target not in REPLICATION_TRANSITIONS[ReplicationStatus(replication.status)]:
        messages.error(request, _("Choose the new status."))
        return redirect(back)
    try:
        change_replication(replication, target, actor=request.user)
    except InitiativePermissionError:
        raise Http404 from None
    except InitiativeError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("The status was changed."))
    return redirect(back)
