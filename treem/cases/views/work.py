"""Services, referrals and attachments on the case page; the agency's
referral inbox; break the glass; notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.cases.services.files import download_response

from .. import forms as f
from ..models import Attachment, Notification, ReferralState, ServiceDelivery
from ..services import (
    CaseError,
    add_attachment,
    add_service,
    answer_referral,
    break_glass,
    mark_read,
    record_referral_result,
    refer_case,
    referrals_for_agency_user,
    update_service,
)
from ..services.access import find_case_number, get_case, log_case_view
from .cases import render_case
from .common import form_errors, require
from .steps import _officer_case


def _done(request, case, anchor):
    return redirect(f"{case.get_absolute_url()}#{anchor}")


@login_required
@require_POST
def service_add(request, pk):
    case = _officer_case(request, pk)
    form = f.ServiceForm(request.POST)
    if form.is_valid():
        try:
            add_service(case, actor=request.user, **form.cleaned_data)
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The service is recorded."))
            return _done(request, case, "services")
    # What was typed stays, with each error beside its field.
    return render_case(request, case, forms={"service_form": form})


@login_required
@require_POST
def service_update(request, pk, service_pk):
    case = _officer_case(request, pk)
    service = ServiceDelivery.objects.filter(case=case, pk=service_pk).first()
    if service is None:
        raise Http404
    form = f.ServiceUpdateForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            update_service(
                service,
                actor=request.user,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The service is updated."))
    else:
        form_errors(request, form)
    return _done(request, case, "services")


@login_required
@require_POST
def referral_add(request, pk):
    case = _officer_case(request, pk)
    form = f.ReferralForm(request.POST)
    if form.is_valid():
        try:
            refer_case(case, actor=request.user, **form.cleaned_data)
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The referral is sent."))
            return _done(request, case, "referrals")
    # What was typed stays, with each error beside its field.
    return render_case(request, case, forms={"referral_form": form})


@login_required
@require_POST
def attachment_add(request, pk):
    case = _officer_case(request, pk)
    form = f.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_attachment(
                case,
                form.cleaned_data["file"],
                actor=request.user,
                description=form.cleaned_data["description"],
            )
        except CaseError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("The file is attached."))
            return _done(request, case, "attachments")
    return render_case(request, case, forms={"attachment_form": form})


@login_required
def attachment_download(request, pk, attachment_pk):
    require(request.user, Perm.MANAGE_CASES)
    case = get_case(request.user, pk)
    attachment = Attachment.objects.filter(case=case, pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    log_case_view(case, request.user, note=f"attachment {attachment.pk} downloaded")
    return download_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
def referral_inbox(request):
    require(request.user, Perm.HANDLE_REFERRALS)
    referrals = referrals_for_agency_user(request.user).select_related(
        "agency", "case__child", "service_type"
    )
    return render(request, "cases/referral_list.html", {"referrals": referrals[:300]})


def _agency_referral(request, referral_pk):
    """A referral sent to the user's agency; any other reads as missing."""
    require(request.user, Perm.HANDLE_REFERRALS)
    referral = (
        referrals_for_agency_user(request.user)
        .select_related(
            "agency",
            "case__child",
            "case__unit",
            "case__assigned_officer",
            "service_type",
            "sent_by",
            "result_recorded_by",
        )
        .filter(pk=referral_pk)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def _referral_page(request, referral, form=None, result_form=None):
    log_case_view(referral.case, request.user, note=f"referral {referral.pk} viewed")
    if result_form is None and referral.state == ReferralState.ACCEPTED:
        initial = {
            "action": referral.result_action,
            "outcome": referral.result_outcome,
            "on": referral.result_on or timezone.localdate(),
        }
        result_form = f.ReferralResultForm(initial=initial)
    return render(
        request,
        "cases/referral_detail.html",
        {"referral": referral, "form": form or f.AnswerForm(), "result_form": result_form},
    )


@login_required
def referral_detail(request, referral_pk):
    referral = _agency_referral(request, referral_pk)
    form = f.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_referral(
                referral,
                actor=request.user,
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your answer is sent."))
            return redirect("cases:referrals")
    return _referral_page(request, referral, form=form)


@login_required
@require_POST
def referral_result(request, referral_pk):
    """The agency records what it did and the result (issue 15 point 9)."""
    referral = _agency_referral(request, referral_pk)
    form = f.ReferralResultForm(request.POST)
    if form.is_valid():
        cd = form.cleaned_data
        try:
            record_referral_result(
                referral,
                actor=request.user,
                action=cd["action"],
                outcome=cd["outcome"],
                on=cd["on"],
            )
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The result is recorded; the ward is told."))
            return redirect("cases:referral-detail", referral_pk=referral.pk)
    return _referral_page(request, referral, result_form=form)


@login_required
def break_glass_view(request):
    require(request.user, Perm.MANAGE_CASES)
    form = f.BreakGlassForm(request.POST or None, initial={"number": request.GET.get("so", "")})
    if request.method == "POST" and form.is_valid():
        pk = find_case_number(form.cleaned_data["number"])
        try:
            if pk is None:
                raise CaseError(_("No case has this number."))
            grant = break_glass(pk, actor=request.user, reason=form.cleaned_data["reason"])
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.warning(
                request,
                _(
                    "Access granted until %(until)s. It is recorded and shown to the ward's "
                    "approver."
                )
                % {"until": timezone.localtime(grant.expires_at).strftime("%d/%m/%Y %H:%M")},
            )
            return redirect(grant.case.get_absolute_url())
    return render(request, "cases/break_glass.html", {"form": form})


@login_required
def notifications(request):
    items = Notification.objects.filter(recipient=request.user)[:200]
    return render(request, "cases/notifications.html", {"items": items})


@login_required
@require_POST
def notification_open(request, notification_pk):
    item = Notification.objects.filter(recipient=request.user, pk=notification_pk).first()
    if item is None:
        raise Http404
    mark_read(item, actor=request.user)
    return redirect(item.url)
