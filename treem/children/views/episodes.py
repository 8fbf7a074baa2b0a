"""Small writes from the detail page: episodes, support, caregivers, consent,
moves and status. Each one needs EDIT_PERSONAL over the child (404 otherwise),
calls its service and reports the service's message. The address of a folded
sub-form's action answers a GET with that form, empty (sub_form_action)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user

from .. import forms as f
from .. import services
from ..models import Child
from .registry import SUB_FORMS, render_detail, sub_form_page


def _child(request, pk, *, sensitive_only=False):
    child = get_for_user(Child.objects.select_related("unit"), request.user, pk, Perm.EDIT_PERSONAL)
    sensitive = services.can_see_sensitive(request.user, child)
    # Support and consent are not shown to readers without VIEW_SENSITIVE,
    # so they cannot be written by them either.
    if sensitive_only and not sensitive:
        raise Http404
    return child, sensitive


def sub_form_action(name):
    """A sub-form's POST view that also answers a GET with the empty form
    `name` (of registry.SUB_FORMS), under the same checks as the POST."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, pk):
            if request.method == "GET":
                child, sensitive = _child(request, pk, sensitive_only=SUB_FORMS[name][1])
                return sub_form_page(request, child, name, sensitive=sensitive)
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "POST"])
            return view(request, pk)

        return wrapped

    return decorate


def _apply(request, child, form, run, success, anchor, form_name=None):
    """Runs the service if the form is valid. A form of the record page
    (`form_name`, its name in the page's context) that fails is shown again
    open, with what was typed and each error beside its field; the one-field
    actions in a table (closing an episode) answer with a message."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except services.RegistryError as exc:
            if form_name:
                form.add_error(None, str(exc))
                return _failed(request, child, form, form_name)
            messages.error(request, str(exc))
        else:
            messages.success(request, success)
    elif form_name:
        return _failed(request, child, form, form_name)
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    if not Child.objects.visible_to(request.user).filter(pk=child.pk).exists():
        return redirect("children:list")
    return redirect(f"{child.get_absolute_url()}#{anchor}")


def _failed(request, child, form, form_name):
    messages.error(request, _("Nothing was saved: correct what is marked in the form below."))
    return render_detail(request, child.pk, failed=form_name, form=form)


@login_required
@sub_form_action("circumstance_form")
def circumstance_add(request, pk):
    child, sensitive = _child(request, pk)
    form = f.CircumstanceForm(request.POST, sensitive=sensitive)
    return _apply(
        request,
        child,
        form,
        lambda cd: services.add_circumstance(child, actor=request.user, **cd),
        _("The special circumstance is recorded."),
        "circumstances",
        "circumstance_form",
    )


@login_required
@sub_form_action("risk_form")
def risk_add(request, pk):
    child, sensitive = _child(request, pk)
    form = f.RiskForm(request.POST, sensitive=sensitive)
    return _apply(
        request,
        child,
        form,
        lambda cd: services.add_risk(child, actor=request.user, **cd),
        _("The risk is recorded."),
        "risks",
        "risk_form",
    )


def _end(request, pk, episode_pk, related, anchor):
    child, sensitive = _child(request, pk)
    episodes = getattr(child, related).select_related("code", "child__unit")
    if not sensitive:
        episodes = episodes.not_sensitive()
    episode = get_object_or_404(episodes, pk=episode_pk)
    return _apply(
        request,
        child,
        f.EndEpisodeForm(request.POST),
        lambda cd: services.end_episode(episode, actor=request.user, ended_on=cd["ended_on"]),
        _("The episode is closed."),
        anchor,
    )


@login_required
@require_POST
def circumstance_end(request, pk, episode_pk):
    return _end(request, pk, episode_pk, "circumstances", "circumstances")


@login_required
@require_POST
def risk_end(request, pk, episode_pk):
    return _end(request, pk, episode_pk, "risks", "risks")


@login_required
@sub_form_action("support_form")
def support_add(request, pk):
    child, _sensitive = _child(request, pk, sensitive_only=True)
    return _apply(
        request,
        child,
        f.SupportForm(request.POST),
        lambda cd: services.add_support(child, actor=request.user, **cd),
        _("The support is recorded."),
        "supports",
        "support_form",
    )


@login_required
@sub_form_action("caregiver_form")
def caregiver_add(request, pk):
    child, _sensitive = _child(request, pk)
    form = f.CaregiverForm(request.POST, prefix="cg")
    return _apply(
        request,
        child,
        form,
        lambda cd: services.add_caregiver(child, actor=request.user, **form.service_kwargs()),
        _("The caregiver is added."),
        "household",
        "caregiver_form",
    )


@login_required
@require_POST
def caregiver_remove(request, pk, link_pk):
    child, _sensitive = _child(request, pk)
    link = get_object_or_404(child.caregiver_links.select_related("child__unit"), pk=link_pk)
    services.remove_caregiver(link, actor=request.user)
    messages.success(request, _("The caregiver is no longer linked to this child."))
    return redirect(f"{child.get_absolute_url()}#household")


@login_required
@sub_form_action("move_form")
def move(request, pk):
    child, _sensitive = _child(request, pk)
    form = f.MoveForm(request.POST, user=request.user)

    def run(cd):
        unit, ward = cd["unit"]
        services.move_child(
            child,
            actor=request.user,
            unit=unit,
            ward=ward,
            on=cd.get("on"),
            address_line=cd.get("address_line") or "",
        )

    return _apply(request, child, form, run, _("The move is recorded."), "residence", "move_form")


@login_required
@sub_form_action("status_form")
def status_change(request, pk):
    child, _sensitive = _child(request, pk)
    return _apply(
        request,
        child,
        f.StatusForm(request.POST),
        lambda cd: services.change_status(
            child, cd["status"], actor=request.user, on=cd.get("on"), note=cd.get("note", "")
        ),
        _("The status is changed."),
        "status",
        "status_form",
    )


@login_required
@sub_form_action("consent_form")
def consent_add(request, pk):
    child, _sensitive = _child(request, pk, sensitive_only=True)
    return _apply(
        request,
        child,
        f.ConsentForm(request.POST, child=child),
        lambda cd: services.record_consent(child, actor=request.user, **cd),
        _("The consent is recorded."),
        "consents",
        "consent_form",
    )


@login_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    child, _sensitive = _child(request, pk, sensitive_only=True)
    consent = get_object_or_404(
        child.consents.select_related("child__unit").filter(withdrawn_on__isnull=True),
        pk=consent_pk,
    )
    services.withdraw_consent(consent, actor=request.user)
    messages.success(request, _("The consent is withdrawn."))
    return redirect(f"{child.get_absolute_url()}#consents")
