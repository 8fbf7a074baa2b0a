"""The indicator catalogue: read by anyone who sees aggregates, edited by an
administrator (MANAGE_REFERENCE) through the services, audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..forms import IndicatorForm, TargetForm
from ..models import Indicator, Target
from ..services import IndicatorError
from ..services.catalogue import delete_target, save_target, update_indicator


def _require(user, perm):
    if not has_perm(user, perm):
        raise Http404


@login_required
def catalogue_list(request):
    _require(request.user, Perm.VIEW_AGGREGATES)
    inds = Indicator.objects.prefetch_related("targets").order_by("order", "code")
    return render(
        request,
        "indicators/catalogue_list.html",
        {"indicators": inds, "can_edit": has_perm(request.user, Perm.MANAGE_REFERENCE)},
    )


@login_required
def catalogue_detail(request, pk):
    _require(request.user, Perm.VIEW_AGGREGATES)
    ind = get_object_or_404(Indicator, pk=pk)
    can_edit = has_perm(request.user, Perm.MANAGE_REFERENCE)
    return render(
        request,
        "indicators/catalogue_detail.html",
        {
            "ind": ind,
            "targets": ind.targets.all(),
            "can_edit": can_edit,
            "target_form": TargetForm() if can_edit else None,
        },
    )


@login_required
def catalogue_edit(request, pk):
    _require(request.user, Perm.MANAGE_REFERENCE)
    ind = get_object_or_404(Indicator, pk=pk)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            update_indicator(
                ind, actor=request.user, **{k: form.cleaned_data[k] for k in form.fields}
            )
        except IndicatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(ind)
    return render(request, "indicators/catalogue_form.html", {"ind": ind, "form": form})


@login_required
@require_POST
def target_save(request, pk):
    _require(request.user, Perm.MANAGE_REFERENCE)
    ind = get_object_or_404(Indicator, pk=pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            save_target(ind, actor=request.user, **form.cleaned_data)
        except IndicatorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The target was saved."))
    else:
        messages.error(request, _("Check the target: year, value and band are required."))
    return redirect(ind)


@login_required
@require_POST
def target_delete(request, pk):
    _require(request.user, Perm.MANAGE_REFERENCE)
    target = get_object_or_404(Target.objects.select_related("indicator"), pk=pk)
    ind = target.indicator
    delete_target(target, actor=request.user)
    messages.success(request, _("The target was removed."))
    return redirect(ind)
