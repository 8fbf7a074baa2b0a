"""The administrator's pages for the data-protection duties. Others get 404,
as for a page that does not exist."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from . import forms
from .legal import ensure_defaults
from .models import Incident, ProcessingPurpose, RetentionRule, RetentionRun
from .services import (
    IncidentError,
    RetentionError,
    apply_retention,
    change_incident,
    record_incident,
    update_notification_rule,
    update_purpose,
    update_rule,
)
from .services.incidents import notification_rule


def administrator(view):
    """Accounts and the running of the system are the administrator's: so
    are the retention rules and the incident register (treem/ops does the same)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_perm(request.user, Perm.MANAGE_USERS):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _save(request, form, service, target, *, error_types, **extra):
    """Run `service` with the form's data; a refusal goes beside the form."""
    try:
        return service(target, actor=request.user, **form.cleaned_data, **extra)
    except error_types as exc:
        form.add_error(None, str(exc))
        return None


@administrator
def index(request):
    ensure_defaults()
    return render(
        request,
        "privacy/index.html",
        {
            "rules": RetentionRule.objects.all(),
            "runs": RetentionRun.objects.select_related("actor")[:10],
            "open_incidents": Incident.objects.exclude(status=Incident.Status.CLOSED),
            "notification": notification_rule(),
            "confirm_form": forms.ConfirmRunForm(),
        },
    )


@administrator
def rule_edit(request, kind):
    ensure_defaults()
    rule = get_object_or_404(RetentionRule, kind=kind)
    form = forms.RuleForm(request.POST or None, instance=RetentionRule.objects.get(pk=rule.pk))
    saved = request.method == "POST" and form.is_valid()
    if saved and _save(request, form, update_rule, rule, error_types=RetentionError):
        messages.success(request, _("The retention rule has been saved."))
        return redirect("privacy:index")
    return render(request, "privacy/form.html", {"form": form, "title": rule.get_kind_display()})


@administrator
def dry_run(request):
    """What a run would do now: counts only, nothing written."""
    try:
        _run, results = apply_retention(actor=request.user, dry_run=True)
    except RetentionError as exc:
        messages.error(request, str(exc))
        return redirect("privacy:index")
    labels = dict(RetentionRule._meta.get_field("kind").choices)
    actions = dict(RetentionRule._meta.get_field("action").choices)
    rows = [
        {
            "kind": labels[r.kind],
            "action": actions[r.action],
            "count": r.count,
            "cutoff": r.cutoff,
            "keep": r.action == "keep",
        }
        for r in results
    ]
    return render(
        request,
        "privacy/dry_run.html",
        {"rows": rows, "confirm_form": forms.ConfirmRunForm()},
    )


@administrator
@require_POST
def run(request):
    form = forms.ConfirmRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm after reading the dry run."))
        return redirect("privacy:dry-run")
    try:
        done, _results = apply_retention(actor=request.user, dry_run=False)
    except RetentionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Retention rules applied: %(count)s records changed.") % {"count": done.total},
        )
    return redirect("privacy:index")


@administrator
def runs(request):
    page = Paginator(RetentionRun.objects.select_related("actor"), 30).get_page(
        request.GET.get("page")
    )
    labels = dict(RetentionRule._meta.get_field("kind").choices)
    actions = dict(RetentionRule._meta.get_field("action").choices)
    for r in page:
        r.rows = [
            {
                **v,
                "kind": labels.get(k, k),
                "action": actions.get(v.get("action"), ""),
                "keep": v.get("action") == "keep",
                "cutoff": datetime.date.fromisoformat(v["cutoff"]) if v.get("cutoff") else None,
            }
            for k, v in r.counts.items()
        ]
    return render(request, "privacy/runs.html", {"page_obj": page})


@administrator
def incident_list(request):
    page = Paginator(Incident.objects.all(), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/incident_list.html",
        {"page_obj": page, "notification": notification_rule()},
    )


@administrator
def incident_create(request):
    rule = notification_rule()
    form = forms.IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = record_incident(actor=request.user, **form.cleaned_data)
        except IncidentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The incident has been recorded."))
            return redirect(incident)
    return render(
        request,
        "privacy/incident_form.html",
        {"form": form, "notification": rule, "title": _("Record an incident")},
    )


@administrator
def incident_detail(request, pk):
    incident = get_object_or_404(Incident, pk=pk)
    form = forms.IncidentUpdateForm(
        request.POST or None, instance=Incident.objects.get(pk=incident.pk)
    )
    saved = request.method == "POST" and form.is_valid()
    if saved and _save(request, form, change_incident, incident, error_types=IncidentError):
        messages.success(request, _("The incident has been saved."))
        return redirect(incident)
    return render(
        request,
        "privacy/incident_form.html",
        {"form": form, "incident": incident, "title": _("Incident #%(pk)s") % {"pk": pk}},
    )


@administrator
def notification_edit(request):
    rule = notification_rule()
    form = forms.NotificationRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        rule.refresh_from_db()
        update_notification_rule(rule, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The time limit has been saved."))
        return redirect("privacy:incidents")
    return render(
        request,
        "privacy/form.html",
        {"form": form, "title": _("Time limit to report an incident")},
    )


@administrator
def purpose_list(request):
    ensure_defaults()
    return render(request, "privacy/purposes.html", {"purposes": ProcessingPurpose.objects.all()})


@administrator
def purpose_edit(request, pk):
    purpose = get_object_or_404(ProcessingPurpose, pk=pk)
    form = forms.PurposeForm(request.POST or None, instance=ProcessingPurpose.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        update_purpose(purpose, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The processing purpose has been saved."))
        return redirect("privacy:purposes")
    return render(request, "privacy/form.html", {"form": form, "title": purpose.purpose})
