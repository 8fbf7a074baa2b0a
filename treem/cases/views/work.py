"""Services, referrals and attachments on the case page; the agency's
referral inbox; break the glass; notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm

from .. import forms as f
from ..models import Attachment, Notification, ServiceDelivery
from ..services import (
    CaseError,
    add_attachment,
    add_service,
    answer_referral,
    break_glass,
    mark_read,
    refer_case,
    referrals_for_agency_user,
    update_service,
)
from ..services.access import find_case_number, get_case, log_case_view
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
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The service is recorded."))
    else:
        form_errors(request, form)
    return _done(request, case, "services")


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
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The referral is sent."))
    else:
        form_errors(request, form)
    return _done(request, case, "referrals")


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
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The file is attached."))
    else:
        form_errors(request, form)
    return _done(request, case, "attachments")


@login_required
def attachment_download(request, pk, attachment_pk):
    require(request.user, Perm.MANAGE_CASES)
    case = get_case(request.user, pk)
    attachment = Attachment.objects.filter(case=case, pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    log_case_view(case, request.user, note=f"attachment {attachment.pk} downloaded")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def referral_inbox(request):
    require(request.user, Perm.HANDLE_REFERRALS)
    referrals = referrals_for_agency_user(request.user).select_related(
        "agency", "case__child", "service_type"
    )
    return render(request, "cases/referral_list.html", {"referrals": referrals[:300]})


@login_required
def referral_detail(request, referral_pk):
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
        )
        .filter(pk=referral_pk)
        .first()
    )
    if referral is None:
        raise Http404
    log_case_view(referral.case, request.user, note=f"referral {referral.pk} viewed")
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
    return render(request, "cases/referral_detail.html", {"referral": referral, "form": form})


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
