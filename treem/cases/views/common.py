from django.contrib import messages
from django.http import Http404

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm


def require(user, perm):
    """Not holding the permission anywhere looks the same as a missing page."""
    if not has_perm(user, perm):
        raise Http404


def form_errors(request, form):
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def can_approve(user, case):
    return has_perm(user, Perm.APPROVE_PLANS, case.unit)
