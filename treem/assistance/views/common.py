from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from treem.accounts.scope import has_perm
from treem.core.pagination import CappedPaginator

from ..services import AssistanceError


def require(user, *perms):
    """Pages of a permission the user lacks are 404, as objects out of scope."""
    if not all(has_perm(user, perm) for perm in perms):
        raise Http404


def page_of(request, queryset, per_page=50):
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


def form_page(request, form, run, *, title, back, success, template="assistance/form.html"):
    """Validate `form`, call `run(form)` (a service), redirect to the object's
    page; a service refusal is shown at the top of the form."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = run(form)
        except AssistanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else back)
    return render(request, template, {"form": form, "title": title, "back": back})
