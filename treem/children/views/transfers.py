"""Transfer requests between wards: the list of requests to decide and sent,
the request form (reached from the duplicate-ID message), a request's page
and the decision. Requests are reached through ChildTransfer.objects.visible_to
(officers of the two wards, province officers): anyone else gets 404. The
requester sees the child only once the record has moved into their area."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user, scope_for

from .. import forms as f
from ..models import ChildTransfer, TransferStatus
from ..services.transfers import (
    TransferError,
    change_transfer_status,
    child_visible,
    is_transfer_officer,
    may_decide,
    may_withdraw,
    request_transfer,
)

TEMPLATES = "children/transfers/"
# Decided requests shown under the pending ones.
RECENT = 50


def _transfers(user):
    return ChildTransfer.objects.visible_to(user).select_related(
        "child", "from_ward", "to_unit", "to_ward", "requested_by"
    )


def _require_officer(user):
    if not is_transfer_officer(user):
        raise Http404


@login_required
def transfer_list(request):
    user = request.user
    _require_officer(user)
    scope = scope_for(user, Perm.EDIT_PERSONAL)
    visible = _transfers(user)
    pending = visible.pending()
    context = {
        "to_decide": list(pending.filter(scope.q("from_ward"))),
        "sent": list(pending.filter(scope.q("to_ward")).exclude(scope.q("from_ward"))),
        "decided": list(visible.exclude(status=TransferStatus.PENDING)[:RECENT]),
    }
    return render(request, TEMPLATES + "list.html", context)


@login_required
def transfer_create(request):
    user = request.user
    _require_officer(user)
    if request.method == "POST":
        form = f.TransferRequestForm(request.POST, user=user)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                transfer = request_transfer(
                    actor=user,
                    personal_id=cd["personal_id"],
                    unit=cd["unit"],
                    reason=cd["reason"],
                    address_line=cd.get("address_line") or "",
                    moved_in_on=cd.get("moved_in_on"),
                )
            except TransferError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The request is sent to the area holding the record."))
                return redirect(transfer)
    else:
        initial = {k: request.GET.get(k, "") for k in ("personal_id", "unit", "address_line")}
        form = f.TransferRequestForm(initial=initial, user=user)
    return render(request, TEMPLATES + "form.html", {"form": form})


@login_required
def transfer_detail(request, pk):
    user = request.user
    transfer = get_for_user(_transfers(user), user, pk)
    pending = transfer.status == TransferStatus.PENDING
    context = {
        "transfer": transfer,
        "show_child": child_visible(user, transfer),
        "show_origin": may_decide(user, transfer),
        "can_decide": pending and may_decide(user, transfer),
        "can_withdraw": pending and may_withdraw(user, transfer),
        "form": f.TransferDecisionForm(),
    }
    return render(request, TEMPLATES + "detail.html", context)


@login_required
@require_POST
def transfer_decide(request, pk):
    user = request.user
    transfer = get_for_user(_transfers(user), user, pk)
    form = f.TransferDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(transfer)
    try:
        change_transfer_status(
            transfer, form.cleaned_data["decision"], actor=user, reason=form.cleaned_data["reason"]
        )
    except TransferError as exc:
        messages.error(request, str(exc))
        return redirect(transfer)
    messages.success(request, _("The decision is recorded."))
    return redirect("children:transfers")
