"""The injury register and the swimming and water-safety classes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from .. import forms as f
from ..models import Cause, Injury, SafetyClass
from ..privacy import log_objects
from ..services import record_class, record_injury
from .common import form_page, page_of, require


@login_required
def injury_list(request):
    # An injury tells the child's health: read as the record page shows it,
    # with the sensitive scope (collaborators record but do not read them).
    require(request.user, Perm.VIEW_SENSITIVE)
    injuries = Injury.objects.visible_to(request.user).select_related("child", "unit")
    cause = request.GET.get("nguyen_nhan", "")
    if cause in Cause.values:
        injuries = injuries.filter(cause=cause)
    year = timezone.localdate().year
    this_year = Injury.objects.visible_to(request.user).filter(occurred_on__year=year)
    page = page_of(request, injuries)
    log_objects(request.user, page.object_list, note=_("Injury register"))
    return render(
        request,
        "assistance/injuries.html",
        {
            "page": page,
            "causes": Cause.choices,
            "cause": cause,
            "year": year,
            "this_year": this_year.count(),
            "drowned": this_year.filter(cause=Cause.DROWNING).count(),
            "can_write": has_perm(request.user, Perm.EDIT_PERSONAL),
        },
    )


@login_required
def injury_create(request):
    require(request.user, Perm.EDIT_PERSONAL)
    initial = {"child_number": request.GET["tre"]} if request.GET.get("tre", "").isdigit() else {}
    form = f.InjuryForm(request.POST or None, user=request.user, initial=initial)

    def run(form):
        record_injury(
            form.child, actor=request.user, **{k: form.cleaned_data[k] for k in form.Meta.fields}
        )
        return form.child

    # Those who may not read the register go back to the landing page.
    readable = has_perm(request.user, Perm.VIEW_SENSITIVE)
    return form_page(
        request,
        form,
        run,
        title=_("Record an injury"),
        back=reverse("assistance:injuries") if readable else "/",
        success=_("The injury was recorded."),
    )


@login_required
def class_list(request):
    require(request.user, Perm.VIEW_PERSONAL)
    classes = SafetyClass.objects.visible_to(request.user).select_related("unit")
    return render(
        request,
        "assistance/classes.html",
        {
            "page": page_of(request, classes),
            "can_write": has_perm(request.user, Perm.EDIT_PERSONAL),
            "can_read_injuries": has_perm(request.user, Perm.VIEW_SENSITIVE),
        },
    )


@login_required
def class_create(request):
    require(request.user, Perm.EDIT_PERSONAL)
    form = f.SafetyClassForm(request.POST or None, user=request.user)

    def run(form):
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        record_class(unit, actor=request.user, **data)
        return None

    return form_page(
        request,
        form,
        run,
        title=_("Record a swimming or water-safety class"),
        back=reverse("assistance:classes"),
        success=_("The class was recorded."),
    )
