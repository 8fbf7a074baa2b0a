"""The editable data of the procedure, for administrators (MANAGE_REFERENCE):
kinds of harm, types of service and the step time limits with their source."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm

from .. import forms as f
from ..models import CaseCode, StepLimit
from ..services import CaseError
from ..services.codes import save_case_code, update_step_limit
from ..services.deadlines import EMERGENCY_SOURCE, PLAN_SOURCE
from .common import require


@login_required
def settings_page(request):
    require(request.user, Perm.MANAGE_REFERENCE)
    return render(
        request,
        "cases/settings.html",
        {
            "codes": CaseCode.objects.select_related("support_type"),
            "limits": StepLimit.objects.all(),
            "fixed": [
                (
                    _("Emergency measure"),
                    _("12 clock hours from receiving the information"),
                    EMERGENCY_SOURCE,
                ),
                (_("Plan drafted"), _("5 working days"), PLAN_SOURCE),
            ],
        },
    )


@login_required
def code_edit(request, pk=None):
    require(request.user, Perm.MANAGE_REFERENCE)
    code = None
    if pk is not None:
        code = CaseCode.objects.filter(pk=pk).first()
        if code is None:
            raise Http404
    form = f.CaseCodeForm(request.POST or None, instance=code)
    if request.method == "POST" and form.is_valid():
        data = {n: form.cleaned_data[n] for n in f.CaseCodeForm.Meta.fields}
        try:
            save_case_code(code, actor=request.user, data=data)
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:settings")
    return render(request, "cases/settings_form.html", {"form": form, "title": _("Case code")})


@login_required
def limit_edit(request, pk):
    require(request.user, Perm.MANAGE_REFERENCE)
    limit = StepLimit.objects.filter(pk=pk).first()
    if limit is None:
        raise Http404
    form = f.StepLimitForm(request.POST or None, instance=limit)
    if request.method == "POST" and form.is_valid():
        data = {n: form.cleaned_data[n] for n in f.StepLimitForm.Meta.fields}
        try:
            update_step_limit(StepLimit.objects.get(pk=pk), actor=request.user, data=data)
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:settings")
    return render(
        request, "cases/settings_form.html", {"form": form, "title": limit.get_step_display()}
    )
