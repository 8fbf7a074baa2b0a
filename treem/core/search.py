"""The quick search in the header of every page: a child by name (typed with
or without accents) or personal ID, through the registry's own search
(children.queries.search, the code the children list runs), or a case by its
number. Results come from Child.objects.visible_to and Case.objects.visible_to
only, and show what the registry list shows without a sensitive filter: name,
date of birth, ward and residential group. No circumstance group or other
sensitive value is read, so, like the list page without sensitive rows, a
search writes no sensitive-view event."""

import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

MAX_RESULTS = 8
# A name of one letter would match a fifth of the registry: wait for two
# (a case number may be one digit).
MIN_LENGTH = 2
# "VV000123", "vv123", "VV 123": the number cases show (Case.number).
CASE_NUMBER = re.compile(r"^\s*vv\s*0*(\d{1,9})\s*$", re.IGNORECASE)
DIGITS_ONLY = re.compile(r"^[\d\s.]+$")


def _case_pk(q):
    """The primary key a typed case number names, or None."""
    found = CASE_NUMBER.match(q)
    if found:
        return int(found.group(1))
    return None


def find_children(user, q, limit=MAX_RESULTS):
    from treem.children.models import Child
    from treem.children.queries import search

    if not has_perm(user, Perm.VIEW_PERSONAL):
        return []
    queryset = Child.objects.visible_to(user).select_related("ward", "unit")
    return list(search(queryset, q)[:limit])


def find_cases(user, q, limit=MAX_RESULTS):
    from treem.cases.models import Case

    pk = _case_pk(q)
    if pk is None and DIGITS_ONLY.match(q):
        digits = "".join(c for c in q if c.isdigit())
        # Twelve digits is a personal ID; fewer may be a case number typed bare.
        pk = int(digits) if digits and len(digits) <= 9 else None
    if pk is None:
        return []
    return list(Case.objects.visible_to(user).filter(pk=pk).select_related("child")[:limit])


def results_for(user, q):
    q = " ".join((q or "").split())
    if len(q) < MIN_LENGTH and not q.isdigit():
        return {"q": q, "children": [], "cases": [], "too_short": bool(q)}
    return {
        "q": q,
        "children": find_children(user, q),
        "cases": find_cases(user, q),
        "too_short": False,
    }


@login_required
def quick_search(request):
    """The htmx dropdown (a fragment) or, without JavaScript, a page."""
    context = results_for(request.user, request.GET.get("q", ""))
    context["max_results"] = MAX_RESULTS
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "core/_quick_results.html", context)
    return render(request, "core/quick_search.html", context)
