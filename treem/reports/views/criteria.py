"""The criteria sets and their criteria, items and thresholds: read by whoever
assesses, edited by an administrator. The QĐ 06 set is the default page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..forms import (
    CriteriaSetForm,
    CriterionForm,
    CriterionItemForm,
    NewCriterionForm,
    ThresholdForm,
)
from ..models import CriteriaSet, Criterion, CriterionItem, Threshold
from ..services import ReportsError
from ..services.criteria import (
    WARD_SET,
    save_criteria_set,
    save_criterion,
    save_criterion_item,
    save_threshold,
    ward_set,
)


def _may_read(user):
    return has_perm(user, Perm.ASSESS_WARDS) or has_perm(user, Perm.MANAGE_REFERENCE)


def _require_manage(user):
    if not has_perm(user, Perm.MANAGE_REFERENCE):
        raise Http404


def set_url(criteria_set):
    if criteria_set.code == WARD_SET:
        return reverse("reports:criteria")
    return reverse("reports:criteria-set", args=[criteria_set.pk])


@login_required
def criteria_list(request, set_pk=None):
    if not _may_read(request.user):
        raise Http404
    current = get_object_or_404(CriteriaSet, pk=set_pk) if set_pk else ward_set()
    criteria = Criterion.objects.filter(criteria_set=current).prefetch_related("items")
    return render(
        request,
        "reports/criteria.html",
        {
            "current": current,
            "sets": [(s, set_url(s)) for s in CriteriaSet.objects.all()],
            "criteria": criteria,
            "thresholds": Threshold.objects.filter(criteria_set=current),
            "can_edit": has_perm(request.user, Perm.MANAGE_REFERENCE),
            "known_max": sum(c.max_points or 0 for c in criteria),
        },
    )


def _edit(request, form, save, template_context, back):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ReportsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(back(saved) if callable(back) else back)
    context = {"form": form, "back": back_url(back), **template_context}
    return render(request, "reports/criteria_form.html", context)


def back_url(back):
    return reverse("reports:criteria") if callable(back) else back


@login_required
def set_edit(request, set_pk=None):
    _require_manage(request.user)
    criteria_set = get_object_or_404(CriteriaSet, pk=set_pk) if set_pk else None
    form = CriteriaSetForm(
        request.POST or None,
        instance=CriteriaSet.objects.get(pk=set_pk) if set_pk else None,
    )
    return _edit(
        request,
        form,
        lambda data: save_criteria_set(criteria_set, actor=request.user, **data),
        {"heading": str(criteria_set) if criteria_set else _("New criteria set")},
        set_url,
    )


@login_required
def criterion_add(request, set_pk):
    _require_manage(request.user)
    criteria_set = get_object_or_404(CriteriaSet, pk=set_pk)
    form = NewCriterionForm(request.POST or None)
    return _edit(
        request,
        form,
        lambda data: save_criterion(None, actor=request.user, criteria_set=criteria_set, **data),
        {"heading": _("New criterion of “%(set)s”") % {"set": criteria_set}},
        set_url(criteria_set),
    )


@login_required
def criterion_edit(request, pk):
    _require_manage(request.user)
    criterion = get_object_or_404(Criterion.objects.select_related("criteria_set"), pk=pk)
    form = CriterionForm(request.POST or None, instance=Criterion.objects.get(pk=pk))
    return _edit(
        request,
        form,
        lambda data: save_criterion(criterion, actor=request.user, **data),
        {"heading": str(criterion)},
        set_url(criterion.criteria_set),
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
        set_url(criterion.criteria_set),
    )


@login_required
def threshold_edit(request, pk=None, set_pk=None):
    _require_manage(request.user)
    threshold = get_object_or_404(Threshold, pk=pk) if pk else None
    if threshold is not None:
        criteria_set = threshold.criteria_set
    else:
        criteria_set = get_object_or_404(CriteriaSet, pk=set_pk) if set_pk else ward_set()
    form = ThresholdForm(
        request.POST or None, instance=Threshold.objects.get(pk=pk) if pk else None
    )
    extra = {} if threshold is not None else {"criteria_set": criteria_set}
    return _edit(
        request,
        form,
        lambda data: save_threshold(threshold, actor=request.user, **extra, **data),
        {"heading": str(threshold) if threshold else _("New threshold")},
        set_url(criteria_set),
    )
