"""The data-quality panel, the merge of duplicate records and the
administration of reference codes.

Every page reaches children through `Child.objects.visible_to`; anything the
user may not see or act on answers 404, like a missing page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import active_assignments, get_for_user, has_perm, scope_for
from treem.areas.models import GRASSROOTS_LEVELS, AdminUnit

from .. import quality
from ..models import Child, CodeKind, MergeProposal, ReferenceCode
from ..services import (
    RegistryError,
    can_confirm,
    can_see_sensitive,
    confirm_merge,
    create_code,
    log_sensitive_view,
    propose_merge,
    reject_merge,
    sensitive_fields_shown,
    update_code,
)

PAGE_SIZE = 50


def _main_list_url(check, ward):
    """The registry's list with the filter matching a check, where one exists."""
    if not check.list_filter:
        return None
    return f"{reverse('children:list')}?{urlencode({**check.list_filter, 'ward': ward.pk})}"


# Data-quality panel ---------------------------------------------------------


def _wards_for(user):
    """Wards (and communes) in force whose whole area the user may read."""
    scope = scope_for(user, Perm.VIEW_PERSONAL)
    return AdminUnit.objects.grassroots().in_force().filter(scope.q("")).order_by("name")


def _default_ward_id(user):
    for assignment in active_assignments(user):
        unit = assignment.unit if assignment.unit_id else None
        if (
            unit is not None
            and unit.level in GRASSROOTS_LEVELS
            and has_perm(user, Perm.VIEW_PERSONAL, unit)
        ):
            return unit.pk
    return None


def _ward_for(request):
    """The ward chosen by ?ward=, else the user's own ward. The panel covers a
    whole ward, so it needs VIEW_PERSONAL over the ward itself: collaborators,
    who see one residential group, and officers of other wards get 404."""
    ward_id = request.GET.get("ward") or _default_ward_id(request.user)
    if not ward_id:
        return None
    try:
        ward = AdminUnit.objects.grassroots().get(pk=ward_id)
    except (AdminUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not has_perm(request.user, Perm.VIEW_PERSONAL, ward):
        raise Http404
    return ward


def _ward_children(user, ward):
    return Child.objects.visible_to(user).working().filter(ward=ward)


@login_required
def quality_panel(request):
    if not has_perm(request.user, Perm.VIEW_PERSONAL):
        raise Http404
    ward = _ward_for(request)
    wards = _wards_for(request.user)
    if ward is None:
        # A province officer has no ward of their own: offer the choice.
        return render(request, "children/quality/panel.html", {"ward": None, "wards": wards})
    sensitive = has_perm(request.user, Perm.VIEW_SENSITIVE, ward)
    checks = quality.checks_for(sensitive)
    children = _ward_children(request.user, ward)
    counts = quality.count_problems(children, checks)
    pairs = quality.suspected_duplicates(children)
    rows = [
        {
            "check": check,
            "count": counts[check.slug],
            "list_url": _main_list_url(check, ward),
        }
        for check in checks
    ]
    return render(
        request,
        "children/quality/panel.html",
        {
            "ward": ward,
            "wards": wards,
            "total": counts["total"],
            "rows": rows,
            "duplicate_count": len(pairs),
        },
    )


@login_required
def quality_list(request, kind):
    if not has_perm(request.user, Perm.VIEW_PERSONAL):
        raise Http404
    ward = _ward_for(request)
    if ward is None:
        raise Http404
    sensitive = has_perm(request.user, Perm.VIEW_SENSITIVE, ward)
    children = _ward_children(request.user, ward)
    context = {"ward": ward, "kind": kind}
    if kind == quality.DUPLICATES:
        context.update(
            pairs=quality.suspected_duplicates(children),
            title=_("Suspected duplicates"),
            can_propose=has_perm(request.user, Perm.EDIT_PERSONAL, ward),
        )
        return render(request, "children/quality/duplicates.html", context)

    check = quality.CHECKS_BY_SLUG.get(kind)
    if check is None or (check.sensitive and not sensitive):
        raise Http404
    matching = children.filter(check.condition()).select_related("unit")
    page = Paginator(matching, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        title=check.label,
        page=page,
        list_url=_main_list_url(check, ward),
    )
    return render(request, "children/quality/child_list.html", context)


# Merge proposals ------------------------------------------------------------


def _proposals_for(user):
    """Proposals whose two records the user may both read."""
    scope = scope_for(user, Perm.VIEW_PERSONAL)
    return MergeProposal.objects.filter(scope.q("keep__unit"), scope.q("drop__unit"))


STATE_FILTERS = {
    "open": [MergeProposal.State.PROPOSED],
    "decided": [MergeProposal.State.CONFIRMED, MergeProposal.State.REJECTED],
}


@login_required
def merge_list(request):
    if not has_perm(request.user, Perm.VIEW_PERSONAL):
        raise Http404
    state = request.GET.get("state") if request.GET.get("state") in STATE_FILTERS else "open"
    proposals = (
        _proposals_for(request.user)
        .filter(state__in=STATE_FILTERS[state])
        .select_related("keep__unit", "drop__unit", "proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")
    )
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    for proposal in page.object_list:
        proposal.user_can_confirm = proposal.state == MergeProposal.State.PROPOSED and can_confirm(
            request.user, proposal
        )
    return render(
        request,
        "children/quality/merge_list.html",
        {
            "page": page,
            "state": state,
            "can_propose": has_perm(request.user, Perm.EDIT_PERSONAL),
        },
    )


@login_required
@require_POST
def merge_propose(request):
    """From the duplicates list or from two record numbers typed by the
    officer, who must be allowed to edit both records."""
    keep = get_for_user(Child.objects, request.user, request.POST.get("keep"), Perm.EDIT_PERSONAL)
    drop = get_for_user(Child.objects, request.user, request.POST.get("drop"), Perm.EDIT_PERSONAL)
    try:
        proposal = propose_merge(
            keep, drop, actor=request.user, reason=request.POST.get("reason", "").strip()
        )
    except RegistryError as exc:
        messages.error(request, str(exc))
        return redirect("children:merges")
    messages.success(request, _("Merge proposed. A supervisor must confirm it."))
    return redirect("children:merge-detail", proposal.pk)


# Fields compared side by side, in the order of the record's form.
COMPARED_FIELDS = (
    "personal_id",
    "family_name",
    "middle_name",
    "given_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "nationality",
    "birth_registration",
    "birth_registration_place",
    "ward",
    "unit",
    "address_line",
    "school_level",
    "school_name",
    "grade",
    "enrolled",
    "health_insurance_card",
    "disability_type",
    "disability_level",
    "fully_vaccinated",
    "nutrition_status",
    "status",
)


def _display(child, name):
    if name == "date_of_birth":
        return child.dob_display
    field = Child._meta.get_field(name)
    value = getattr(child, name)
    if value in (None, ""):
        return ""
    if field.choices:
        return getattr(child, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _comparison(keep, drop, sensitive):
    rows = []
    for name in COMPARED_FIELDS:
        if name in Child.SENSITIVE_FIELDS and not sensitive:
            continue
        a, b = _display(keep, name), _display(drop, name)
        rows.append(
            {
                "label": Child._meta.get_field(name).verbose_name,
                "keep": a,
                "drop": b,
                "same": a == b,
            }
        )
    return rows


def _related(child, sensitive):
    caregivers = [
        f"{link.caregiver.full_name} ({link.relation})"
        for link in child.caregiver_links.select_related("caregiver", "relation")
    ]
    episodes = list(child.circumstances.select_related("code", "subgroup"))
    shown = [e for e in episodes if sensitive or not e.sensitive]
    return {
        "caregivers": caregivers,
        "circumstances": shown,
        "hidden_circumstances": len(episodes) - len(shown),
        "residences": child.residences.count(),
        "episodes": episodes,
    }


@login_required
def merge_detail(request, pk):
    proposal = get_object_or_404(
        _proposals_for(request.user).select_related(
            "keep__unit", "keep__ward", "drop__unit", "drop__ward", "proposed_by", "decided_by"
        ),
        pk=pk,
    )
    keep, drop = proposal.keep, proposal.drop
    user_can_confirm = proposal.state == MergeProposal.State.PROPOSED and can_confirm(
        request.user, proposal
    )
    if request.method == "POST":
        if not user_can_confirm:
            raise Http404
        decision = request.POST.get("decision")
        try:
            if decision == "confirm":
                kept = confirm_merge(proposal, actor=request.user)
            elif decision == "reject":
                reject_merge(proposal, actor=request.user, note=request.POST.get("note", ""))
            else:
                raise Http404
        except RegistryError as exc:
            messages.error(request, str(exc))
            return redirect("children:merge-detail", proposal.pk)
        if decision == "reject":
            messages.success(request, _("Proposal rejected: the two records stay separate."))
            return redirect("children:merges")
        messages.success(request, _("Records merged."))
        # The duplicate's own page shows "merged into #N"; the record kept is
        # where the officer continues.
        return redirect(kept)

    sensitive = can_see_sensitive(request.user, keep) and can_see_sensitive(request.user, drop)
    related = {"keep": _related(keep, sensitive), "drop": _related(drop, sensitive)}
    if sensitive:
        for child, key in ((keep, "keep"), (drop, "drop")):
            log_sensitive_view(
                request.user,
                child,
                sensitive_fields_shown(child, related[key]["episodes"]),
                note=_("merge comparison"),
            )
    return render(
        request,
        "children/quality/merge_detail.html",
        {
            "proposal": proposal,
            "keep": keep,
            "drop": drop,
            "rows": _comparison(keep, drop, sensitive),
            "related": related,
            "can_decide": user_can_confirm,
        },
    )


# Reference codes ------------------------------------------------------------


def _require_reference_admin(user):
    if not has_perm(user, Perm.MANAGE_REFERENCE):
        raise Http404


class CodeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("Name in English"), max_length=300, required=False)
    sensitive = forms.BooleanField(
        label=gettext_lazy("Sensitive"),
        required=False,
        help_text=gettext_lazy(
            "Records carrying a sensitive code are hidden from roles without the "
            "sensitive-data permission."
        ),
    )
    active = forms.BooleanField(
        label=gettext_lazy("In use"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Codes are never deleted: take a code out of use instead."),
    )
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("The legal text or decision this entry comes from."),
    )


class NewCodeForm(CodeForm):
    kind = forms.ChoiceField(label=gettext_lazy("List"), choices=CodeKind.choices)
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Belongs to group"),
        queryset=ReferenceCode.objects.filter(kind=CodeKind.CIRCUMSTANCE_GROUP),
        required=False,
        help_text=gettext_lazy("Required for a special-circumstance sub-group."),
    )

    field_order = ["kind", "code", "name", "name_en", "parent"]

    def clean(self):
        data = super().clean()
        kind, code = data.get("kind"), (data.get("code") or "").strip()
        if kind == CodeKind.CIRCUMSTANCE_SUBGROUP and not data.get("parent"):
            self.add_error("parent", _("A sub-group must belong to a group."))
        elif kind != CodeKind.CIRCUMSTANCE_SUBGROUP and data.get("parent"):
            self.add_error("parent", _("Only sub-groups belong to a group."))
        if kind and code and ReferenceCode.objects.filter(kind=kind, code=code).exists():
            self.add_error("code", _("This code is already in the list."))
        data["code"] = code
        return data


EDITABLE_CODE_FIELDS = ("name", "name_en", "sensitive", "active", "order", "source")


@login_required
def code_list(request):
    _require_reference_admin(request.user)
    kind = request.GET.get("kind") if request.GET.get("kind") in CodeKind.values else ""
    codes = ReferenceCode.objects.select_related("parent").order_by("kind", "order", "code")
    if kind:
        codes = codes.filter(kind=kind)
    kinds = dict(CodeKind.choices)
    groups = {}
    for code in codes:
        groups.setdefault(code.kind, []).append(code)
    return render(
        request,
        "children/quality/code_list.html",
        {
            "groups": [(k, kinds.get(k, k), rows) for k, rows in groups.items()],
            "kinds": CodeKind.choices,
            "kind": kind,
            "without_source": sum(1 for rows in groups.values() for c in rows if not c.source),
        },
    )


@login_required
def code_edit(request, pk):
    _require_reference_admin(request.user)
    code = get_object_or_404(ReferenceCode.objects.select_related("parent"), pk=pk)
    initial = {f: getattr(code, f) for f in EDITABLE_CODE_FIELDS}
    form = CodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        update_code(code, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(f"{reverse('children:codes')}?{urlencode({'kind': code.kind})}")
    return render(request, "children/quality/code_form.html", {"form": form, "code": code})


@login_required
def code_create(request):
    _require_reference_admin(request.user)
    initial = (
        {"kind": request.GET.get("kind")} if request.GET.get("kind") in CodeKind.values else {}
    )
    form = NewCodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = create_code(
            actor=request.user,
            kind=data.pop("kind"),
            code=data.pop("code"),
            name=data.pop("name"),
            **data,
        )
        messages.success(request, _("Code “%(name)s” added.") % {"name": code.name})
        return redirect(f"{reverse('children:codes')}?{urlencode({'kind': code.kind})}")
    return render(request, "children/quality/code_form.html", {"form": form, "code": None})
