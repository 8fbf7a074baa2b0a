"""The registry's main pages: list, detail, create, edit and the data-subject
export. Every page reaches children through Child.objects.visible_to or
get_for_user; a record the user may not see answers 404, like a missing one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user, has_perm, scope_for
from treem.areas.models import AdminUnit
from treem.jobs.services import start_job

from .. import forms as f
from .. import jobs_subject  # noqa: F401  (registers the export's job kind)
from ..models import Child, ChildCaregiver, CircumstanceEpisode, IdStatus
from ..queries import SEARCH_CAP, ChildFilter, RegistryPaginator, list_choices
from ..services import (
    DuplicateId,
    EditConflict,
    PossibleDuplicate,
    RegistryError,
    can_see_sensitive,
    create_child,
    log_sensitive_view,
    sensitive_fields_shown,
    siblings,
    update_child,
)
from ..services.registry import EDITABLE
from ..services.transfers import is_transfer_officer
from .history import display_value, history_rows

PAGE_SIZE = 50
DETAIL_SENTINEL = 987654321
ID_BADGES = {IdStatus.OK: "badge-ok", IdStatus.MISSING: "badge-warn", IdStatus.INVALID: "badge-bad"}
TEMPLATES = "children/registry/"


# --- list -----------------------------------------------------------------------------------------
def list_queryset(user):
    return (
        Child.objects.visible_to(user)
        .select_related("unit", "ward")
        .prefetch_related(
            Prefetch(
                "circumstances",
                queryset=CircumstanceEpisode.objects.open_on().select_related("code", "subgroup"),
                to_attr="open_circumstances",
            ),
        )
    )


def first_caregivers(child_ids):
    """{child id: the caregiver its list row shows}: the legal representative
    first, then whom the child lives with. Read as tuples: two links, two
    caregivers and two relations per child made 300 model instances a page
    for the 50 names shown (bench/README.md, "Serving under load")."""
    rows = (
        ChildCaregiver.objects.filter(child_id__in=child_ids)
        .order_by("child_id", "-legal_representative", "-lives_with", "id")
        .values_list(
            "child_id",
            "caregiver__family_name",
            "caregiver__middle_name",
            "caregiver__given_name",
            "caregiver__phone",
            "relation__name",
        )
    )
    found = {}
    for child_id, family, middle, given, phone, relation in rows:
        if child_id not in found:
            name = " ".join(p for p in (family, middle, given) if p)
            found[child_id] = {"name": name, "phone": phone, "relation": relation}
    return found


def active_filter_count(form, data):
    """Filters set to something other than their first, neutral choice (the
    search box apart: it stays in sight)."""
    count = 0
    for name, field in form.fields.items():
        value = (data.get(name) or "").strip()
        if name == "q" or not value:
            continue
        first = next(iter(getattr(field.widget, "choices", ())), None)
        if first is not None and str(first[0]) == value:
            continue
        count += 1
    return count


@login_required
def child_list(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_PERSONAL):
        raise Http404
    sensitive = can_see_sensitive(user)
    units = AdminUnit.objects.filter(scope_for(user, Perm.VIEW_PERSONAL).q(""))
    filterset = ChildFilter(
        request.GET, queryset=list_queryset(user), user=user, sensitive=sensitive, units=units
    )
    cap = SEARCH_CAP if request.GET.get("q", "").strip() else None
    page = RegistryPaginator(filterset.qs, PAGE_SIZE, cap=cap).get_page(request.GET.get("page"))
    sensitive_scope = scope_for(user, Perm.VIEW_SENSITIVE)
    # One reverse() for the page, not one per row.
    detail_url = reverse("children:detail", args=[DETAIL_SENTINEL])
    rows, shown, shown_children = [], set(), []
    caregivers = first_caregivers([child.pk for child in page])
    for child in page:
        may_see = sensitive_scope.covers(child.unit)
        groups = [e for e in child.open_circumstances if may_see or not e.sensitive]
        sensitive_groups = [e for e in groups if e.sensitive]
        if sensitive_groups:
            shown |= {f"circumstance:{e.code.code}" for e in sensitive_groups}
            shown_children.append(child.pk)
        rows.append(
            {
                "child": child,
                "url": detail_url.replace(str(DETAIL_SENTINEL), str(child.pk)),
                "groups": groups,
                "caregiver": caregivers.get(child.pk),
                "id_badge": ID_BADGES.get(child.id_status, "badge-muted"),
            }
        )
    # Filtering on a sensitive value tells which children hold it, or that
    # none does: named in the event even when no row comes back.
    used = filterset.sensitive_filters_used()
    if used:
        shown |= set(used)
        shown_children = [r["child"].pk for r in rows]
    if shown:
        log_sensitive_view(
            user,
            None,
            shown,
            note=_("Registry list, children %(ids)s")
            % {"ids": ", ".join(map(str, shown_children))},
            # The ward filtered on, else the first row's: the event needs an area
            # for area-limited auditors to see it.
            unit=(filterset.form.cleaned_data.get("ward") if filterset.is_valid() else None)
            or (rows[0]["child"].ward if rows else None),
        )
    partial = request.htmx and not request.htmx.history_restore_request
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": rows,
        "sensitive": sensitive,
        "can_create": has_perm(user, Perm.EDIT_PERSONAL),
        "can_export": has_perm(user, Perm.EXPORT_PERSONAL),
        "can_transfer": not partial and is_transfer_officer(user),
        # Shown on the button that folds the filters on a phone.
        "active_filters": active_filter_count(filterset.form, request.GET),
    }
    return render(request, TEMPLATES + ("_results.html" if partial else "list.html"), context)


# --- detail ---------------------------------------------------------------------------------------
def detail_context(user, child):
    sensitive = can_see_sensitive(user, child)
    circumstances = list(child.circumstances.select_related("code", "subgroup", "recorded_by"))
    risks = list(child.risks.select_related("code", "recorded_by"))
    if not sensitive:
        circumstances = [e for e in circumstances if not e.sensitive]
        risks = [e for e in risks if not e.sensitive]
    links = list(child.caregiver_links.select_related("caregiver", "relation"))
    history, history_sensitive = history_rows(child, sensitive=sensitive)
    context = {
        "child": child,
        "sensitive": sensitive,
        "can_edit": has_perm(user, Perm.EDIT_PERSONAL, child.unit),
        "can_export": has_perm(user, Perm.EXPORT_PERSONAL, child.unit),
        "circumstances": circumstances,
        "risks": risks,
        "links": links,
        "siblings": siblings(child).visible_to(user).select_related("unit"),
        "residences": child.residences.select_related("unit"),
        "history": history,
        "id_badge": ID_BADGES.get(child.id_status, "badge-muted"),
    }
    if sensitive:
        context["supports"] = child.supports.select_related("support_type", "provider")
        context["consents"] = child.consents.select_related("representative")
        shown = set(sensitive_fields_shown(child, circumstances))
        shown |= {f"risk:{e.code.code}" for e in risks if e.sensitive}
        # The support section (treem/assistance) shows allowance groups, which
        # tell disability or HIV, and injuries.
        shown |= {
            f"allowance:{g}" for g in child.allowance_decisions.values_list("group", flat=True)
        }
        if child.injuries.exists():
            shown.add("injury")
        context["sensitive_shown"] = shown | history_sensitive
    if context["can_edit"]:
        context.update(
            circumstance_form=f.CircumstanceForm(sensitive=sensitive),
            risk_form=f.RiskForm(sensitive=sensitive),
            caregiver_form=f.CaregiverForm(prefix="cg"),
            move_form=f.MoveForm(user=user),
            status_form=f.StatusForm(initial={"status": child.status}),
        )
        if sensitive:
            context.update(
                support_form=f.SupportForm(),
                consent_form=f.ConsentForm(child=child),
            )
    return context


DETAIL_RELATED = (
    "unit",
    "unit__parent",
    "ward",
    "ethnicity",
    "personal_id_missing_reason",
    "dropout_reason",
    "disability_type",
    "merged_into",
)


SUB_FORMS = (
    "status_form",
    "move_form",
    "caregiver_form",
    "circumstance_form",
    "risk_form",
    "support_form",
    "consent_form",
)


def render_detail(request, pk, *, failed=None, form=None):
    """The record page; after a failed sub-form, with that form bound (what was
    typed and the errors beside the fields) in place of the empty one, and
    named so that the page opens it and scrolls to it."""
    child = get_for_user(Child.objects.select_related(*DETAIL_RELATED), request.user, pk)
    context = detail_context(request.user, child)
    if failed:
        context[failed] = form
        context["failed_form"] = failed
    list_choices(*(context[name] for name in SUB_FORMS if name in context))
    # Several sub-forms share field names (code, started_on…): each gets its own
    # ids, so that a label, and a link of the error summary, reach its own field.
    for name in SUB_FORMS:
        if name in context:
            context[name].auto_id = f"{name.removesuffix('_form')}-%s"
    if context.get("sensitive_shown"):
        log_sensitive_view(request.user, child, context["sensitive_shown"], note=_("Detail page"))
    return render(request, TEMPLATES + "detail.html", context)


@login_required
def child_detail(request, pk):
    return render_detail(request, pk)


# --- create and edit ------------------------------------------------------------------------------
def _duplicate_context(user, exc, form=None):
    """The existing record is linked only if the user may open it; otherwise,
    when registering, a transfer of the record may be asked for, with what the
    user typed (and nothing of the record)."""
    visible = Child.objects.visible_to(user)
    if isinstance(exc, DuplicateId):
        if exc.visible_to(user):
            return {"existing": exc.existing}
        context = {"existing": None}
        if form is not None and form.unit is not None and is_transfer_officer(user):
            query = {
                "personal_id": (form.data_for_service or {}).get("personal_id") or "",
                "unit": form.unit.pk,
                "address_line": form.cleaned_data.get("address_line") or "",
            }
            context["transfer_url"] = f"{reverse('children:transfer-create')}?{urlencode(query)}"
        return context
    pks = [c.pk for c in exc.candidates]
    shown = list(visible.filter(pk__in=pks).select_related("unit"))
    return {"candidates": shown, "hidden_candidates": len(pks) - len(shown)}


@login_required
def child_create(request):
    user = request.user
    if not has_perm(user, Perm.EDIT_PERSONAL):
        raise Http404
    sensitive = can_see_sensitive(user)
    context = {}
    if request.method == "POST":
        form = f.ChildForm(request.POST, user=user, sensitive=sensitive)
        if form.is_valid():
            data = form.data_for_service
            if not has_perm(user, Perm.VIEW_SENSITIVE, form.unit):
                data = {k: v for k, v in data.items() if k not in Child.SENSITIVE_FIELDS}
            try:
                child = create_child(
                    actor=user,
                    unit=form.unit,
                    ward=form.ward,
                    data=data,
                    caregivers=form.caregiver_items(),
                    confirmed=form.cleaned_data.get("confirmed", False),
                )
            except DuplicateId as exc:
                form.add_error("personal_id", exc.message_for(user))
                context.update(_duplicate_context(user, exc, form))
            except PossibleDuplicate as exc:
                context.update(_duplicate_context(user, exc), possible_duplicate=str(exc))
            except RegistryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The child is registered."))
                return redirect(child)
    else:
        form = f.ChildForm(user=user, sensitive=sensitive)
    context.update(form=form, creating=True, sensitive=sensitive)
    return render(request, TEMPLATES + "form.html", context)


def _version(value):
    value = str(value or "")
    return int(value) if value.isdigit() else None


def _conflict_rows(current, data):
    """(name, label, what this user typed, what is saved now) for each field that differs."""
    rows = []
    for name, mine in data.items():
        field = Child._meta.get_field(name)
        theirs = getattr(current, name)
        if mine in ("", None) and theirs in ("", None):
            continue
        if mine != theirs:
            rows.append(
                (name, field.verbose_name, display_value(field, mine), display_value(field, theirs))
            )
    return rows


@login_required
def child_edit(request, pk):
    user = request.user
    child = get_for_user(Child.objects.select_related("unit"), user, pk, Perm.EDIT_PERSONAL)
    sensitive = can_see_sensitive(user, child)
    context = {"child": child, "sensitive": sensitive, "version": child.version}
    if request.method == "POST":
        form = f.ChildForm(request.POST, user=user, sensitive=sensitive, child=child)
        context["version"] = request.POST.get("version", "")
        if form.is_valid():
            data = {k: v for k, v in form.data_for_service.items() if k in EDITABLE}
            try:
                update_child(
                    child,
                    actor=user,
                    data=data,
                    expected_version=_version(request.POST.get("version")),
                )
            except EditConflict as exc:
                # Nothing was saved; the next save knowingly replaces the newer version.
                rows = _conflict_rows(exc.current, data)
                context.update(
                    conflict=str(exc),
                    conflict_rows=[row[1:] for row in rows],
                    version=exc.current.version,
                )
                shown = [row[0] for row in rows if row[0] in Child.SENSITIVE_FIELDS]
                if shown:
                    log_sensitive_view(user, child, shown, note=_("Edit conflict"))
            except DuplicateId as exc:
                form.add_error("personal_id", exc.message_for(user))
                context.update(_duplicate_context(user, exc))
            except RegistryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(child)
    else:
        form = f.ChildForm(
            initial=f.ChildForm.initial_for(child), user=user, sensitive=sensitive, child=child
        )
        if sensitive:
            log_sensitive_view(user, child, sensitive_fields_shown(child), note=_("Edit form"))
    context["form"] = form
    return render(request, TEMPLATES + "form.html", context)


@login_required
@require_POST
def validate_field(request):
    """Checks the child form on blur and answers with one field's errors."""
    user = request.user
    if not has_perm(user, Perm.EDIT_PERSONAL):
        raise Http404
    name = request.htmx.trigger_name if request.htmx else request.POST.get("field")
    form = f.ChildForm(request.POST, user=user, sensitive=can_see_sensitive(user))
    form.is_valid()
    errors = form.errors.get(name, []) if name in form.fields else []
    return render(request, TEMPLATES + "_field_errors.html", {"errors": errors})


# --- data-subject export --------------------------------------------------------------------------
@login_required
@require_POST
def subject_export(request, pk):
    child = get_for_user(
        Child.objects.select_related("unit"), request.user, pk, Perm.EXPORT_PERSONAL
    )
    job = start_job(
        jobs_subject.KIND,
        actor=request.user,
        title=_("Everything held about child record #%(pk)s") % {"pk": child.pk},
        params={"child": child.pk},
        unit=child.unit,
        permission=Perm.EXPORT_PERSONAL,
    )
    return redirect(job)
