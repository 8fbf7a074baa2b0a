"""The kinds of model, for administrators of reference data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..forms import KindForm, NewKindForm
from ..models import InitiativeKind
from ..services import InitiativeError, InitiativePermissionError
from ..services.kinds import KIND_FIELDS, create_kind, update_kind


def _require(user):
    if not has_perm(user, Perm.MANAGE_REFERENCE):
        raise Http404


@login_required
def kind_list(request):
    _require(request.user)
    return render(request, "initiatives/kind_list.html", {"kinds": InitiativeKind.objects.all()})


@login_required
def kind_new(request):
    _require(request.user)
    form = NewKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            create_kind(actor=request.user, code=data.pop("code"), **data)
        except InitiativePermissionError:
            raise Http404 from None
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The kind of model was added."))
            return redirect("initiatives:kind-list")
    return render(request, "initiatives/kind_form.html", {"form": form, "kind": None})


@login_required
def kind_edit(request, pk):
    _require(request.user)
    kind = get_object_or_404(InitiativeKind, pk=pk)
    form = KindForm(request.POST or None, initial={f: getattr(kind, f) for f in KIND_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            update_kind(kind, actor=request.user, **form.cleaned_data)
        except InitiativePermissionError:
            raise Http404 from None
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("initiatives:kind-list")
    return render(request, "initiatives/kind_form.html", {"form": form, "kind": kind})
