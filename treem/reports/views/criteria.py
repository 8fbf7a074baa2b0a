from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..forms import CriterionForm, CriterionItemForm, ThresholdForm
from ..models import Criterion, CriterionItem, Threshold
from ..services import ReportsError
from ..services.criteria import save_criterion, save_criterion_item, save_threshold


def _may_read(user):
    return has_perm(user, Perm.ASSESS_WARDS) or has_perm(user, Perm.MANAGE_REFERENCE)


def _require_manage(user):
    if not has_perm(user, Perm.MANAGE_REFERENCE):
        raise Http404


@login_required
def criteria_list(request):
    if not _may_read(request.user):
        raise Http404
    criteria = Criterion.objects.prefetch_related("items")
    return render(
        request,
        "reports/criteria.html",
        {
            "criteria": criteria,
            "thresholds": Threshold.objects.all(),
            "can_edit": has_perm(request.user, Perm.MANAGE_REFERENCE),
            "known_max": sum(c.max_points or 0 for c in criteria),
        },
    )


def _edit(request, form, save, template_context):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ReportsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("reports:criteria"))
    return render(request, "reports/criteria_form.html", {"form": form, **template_context})


@login_required
def criterion_edit(request, pk):
    _require_manage(request.user)
    criterion = get_object_or_404(Criterion, pk=pk)
    form = CriterionForm(request.POST or None, instance=Criterion.objects.get(pk=pk))
    return _edit(
        request,
        form,
        lambda data: save_criterion(criterion, actor=request.user, **data),
        {"heading": str(criterion)},
    )


@login_required
def item_edit(request, pk=None, item_pk=None):
    _require_manage(request.user)
    item = get_object_or_404(CriterionItem, pk=item_pk) if item_pk else None
    criterion = item.criterion if item else get_object_or_404(Criterion, pk=pk)
    form = CriterionItemForm(
        request.POST or None, instance=CriterionItem.objects.get(pk=item.pk) if item else None
    )
    return _edit(
        request,
        form,
        lambda data: save_criterion_item(item, actor=request.user, criterion=criterion, **data),
        {
            "heading": str(item)
            if item
            else _("New item of criterion %(n)s") % {"n": criterion.number}
        },
    )


@login_required
def threshold_edit(request, pk=None):
    _require_manage(request.user)
    threshold = get_object_or_404(Threshold, pk=pk) if pk else None
    form = ThresholdForm(
        request.POST or None, instance=Threshold.objects.get(pk=pk) if pk else None
    )
    return _edit(
        request,
        form,
        lambda data: save_threshold(threshold, actor=request.user, **data),
        {"heading": str(threshold) if threshold else _("New threshold")},
    )
