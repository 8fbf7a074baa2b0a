"""The administrator's page of activity kinds."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..models import ActivityKind
from ..services import ActivityError, ActivityPermissionError
from ..services.kinds import create_kind, update_kind


class KindForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    order = forms.IntegerField(
        label=gettext_lazy("Order"), min_value=0, max_value=999, required=False
    )
    active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)


def _require(user):
    if not has_perm(user, Perm.MANAGE_REFERENCE):
        raise Http404


@login_required
def kind_list(request):
    _require(request.user)
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_kind(
                actor=request.user,
                name=form.cleaned_data["name"],
                order=form.cleaned_data.get("order"),
            )
        except ActivityPermissionError:
            raise Http404 from None
        except ActivityError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("The kind was added."))
            return redirect("activities:kinds")
    kinds = ActivityKind.objects.annotate(used=Count("activities")).order_by("order", "name")
    return render(request, "activities/kinds.html", {"kinds": kinds, "form": form})


@login_required
def kind_edit(request, pk):
    _require(request.user)
    try:
        kind = ActivityKind.objects.get(pk=pk)
    except (ActivityKind.DoesNotExist, ValueError):
        raise Http404 from None
    form = KindForm(
        request.POST or None,
        initial={"name": kind.name, "order": kind.order, "active": kind.active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_kind(
                kind,
                actor=request.user,
                name=form.cleaned_data["name"],
                order=form.cleaned_data.get("order"),
                active=form.cleaned_data["active"],
            )
        except ActivityPermissionError:
            raise Http404 from None
        except ActivityError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("The kind was saved."))
            return redirect("activities:kinds")
    return render(request, "activities/kind_form.html", {"form": form, "kind": kind})
