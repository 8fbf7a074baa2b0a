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
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user, has_perm, scope_for
from treem.areas.models import AdminUnit
from treem.jobs.services import start_job

from .. import forms as f
from .. import jobs_subject  # noqa: F401  (registers the export's job kind)
from ..models import (
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    Consent,
    IdStatus,
    Residence,
    RiskEpisode,
    Sex,
    Status,
    Support,
    sixteenth_birthday_cutoff,
)
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


def list_labels():
    """The labels of the list's coded columns, in the active language."""
    return {
        "sex": dict(Sex.choices),
        "id_status": dict(IdStatus.choices),
        "status": dict(Status.choices),
    }


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
    # Each row's labels from one table per page: get_FOO_display() builds
    # the field's choices anew on every call, and aged_out asks for today's
    # date; fifty rows, five calls each (bench/README.md, "Serving under load").
    labels = list_labels()
    cutoff = sixteenth_birthday_cutoff()
    for child in page:
        may_see = sensitive_scope.covers(child.unit)
        groups = [e for e in child.open_circumstances if may_see or not e.sensitive]
        sensitive_groups = [e for e in groups if e.sensitive]
        if sensitive_groups:
            shown |= {f"circumstance:{e.code.code}" for e in sensitive_groups}
            shown_children.append(child.pk)
        if child.status != Status.ACTIVE:
            status = labels["status"].get(child.status, child.status)
        else:
            status = _("Aged out") if child.date_of_birth <= cutoff else ""
        rows.append(
            {
                "child": child,
                "url": detail_url.replace(str(DETAIL_SENTINEL), str(child.pk)),
                "groups": groups,
                "caregiver": caregivers.get(child.pk),
                "id_badge": ID_BADGES.get(child.id_status, "badge-muted"),
                "id_label": labels["id_status"].get(child.id_status, child.id_status),
                "sex": labels["sex"].get(child.sex, child.sex),
                "status": status,
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
# The record page's folded sub-forms: the action each one posts to (a GET
# there answers with the empty form, see sub_form_page) and whether it needs
# VIEW_SENSITIVE. The page renders none of them until one is opened: their
# selects were half of the page's time (bench/README.md, "Serving under load").
SUB_FORMS = {
    "status_form": ("children:status", False),
    "move_form": ("children:move", False),
    "caregiver_form": ("children:caregiver-add", False),
    "circumstance_form": ("children:circumstance-add", False),
    "risk_form": ("children:risk-add", False),
    "support_form": ("children:support-add", True),
    "consent_form": ("children:consent-add", True),
}


def empty_sub_form(name, user, child, *, sensitive):
    if name == "status_form":
        return f.StatusForm(initial={"status": child.status})
    if name == "move_form":
        return f.MoveForm(user=user)
    if name == "caregiver_form":
        return f.CaregiverForm(prefix="cg")
    if name == "circumstance_form":
        return f.CircumstanceForm(sensitive=sensitive)
    if name == "risk_form":
        return f.RiskForm(sensitive=sensitive)
    if name == "support_form":
        return f.SupportForm()
    return f.ConsentForm(child=child)


def prepare_sub_form(name, form):
    list_choices(form)
    # Several sub-forms share field names (code, started_on…): each gets its own
    # ids, so that a label, and a link of the error summary, reach its own field.
    form.auto_id = f"{name.removesuffix('_form')}-%s"
    return form


def detail_context(user, child):
    sensitive = can_see_sensitive(user, child)
    circumstances = list(child.circumstances.select_related("code", "subgroup", "recorded_by"))
    risks = list(child.risks.select_related("code", "recorded_by"))
    if not sensitive:
        circumstances = [e for e in circumstances if not e.sensitive]
        risks = [e for e in risks if not e.sensitive]
    links = list(child.caregiver_links.select_related("caregiver", "relation"))
    residences = list(child.residences.select_related("unit"))
    # What the page lists anyway also selects the history's events and names
    # their foreign keys (history_rows), instead of being read twice.
    loaded = {
        CircumstanceEpisode: circumstances,
        RiskEpisode: risks,
        ChildCaregiver: links,
        Residence: residences,
    }
    if sensitive:
        loaded[Support] = list(child.supports.select_related("support_type", "provider"))
        loaded[Consent] = list(child.consents.select_related("representative"))
    history, history_sensitive = history_rows(child, sensitive=sensitive, loaded=loaded)
    can_edit = has_perm(user, Perm.EDIT_PERSONAL, child.unit)
    context = {
        "child": child,
        "sensitive": sensitive,
        "can_edit": can_edit,
        "can_export": has_perm(user, Perm.EXPORT_PERSONAL, child.unit),
        "circumstances": circumstances,
        "risks": risks,
        "links": links,
        "siblings": siblings(child, [link.caregiver_id for link in links])
        .visible_to(user)
        .select_related("unit"),
        "residences": residences,
        "history": history,
        "id_badge": ID_BADGES.get(child.id_status, "badge-muted"),
        # The names of the sub-forms this user may open (their forms come later).
        "sub_forms": {
            name
            for name, (_url, sensitive_only) in SUB_FORMS.items()
            if can_edit and (sensitive or not sensitive_only)
        },
    }
    if sensitive:
        context["supports"] = loaded[Support]
        context["consents"] = loaded[Consent]
        shown = set(sensitive_fields_shown(child, circumstances))
        shown |= {f"risk:{e.code.code}" for e in risks if e.sensitive}
        # The support section (treem/assistance, its child_assistance tag)
        # shows allowance groups, which tell disability or HIV, and injuries:
        # read here once, for the event and for the section.
        decisions = list(child.allowance_decisions.order_by("-starts_on"))
        injuries = list(child.injuries.all()[:20])
        context["child_assistance"] = {"decisions": decisions, "injuries": injuries}
        shown |= {f"allowance:{d.group}" for d in decisions}
        if injuries:
            shown.add("injury")
        context["sensitive_shown"] = shown | history_sensitive
    return context


# Not the record it was merged into: rare, read when there is one, and its 41
# columns doubled the compiling of the page's costliest query.
DETAIL_RELATED = (
    "unit",
    "ward",
    "ethnicity",
    "personal_id_missing_reason",
    "dropout_reason",
    "disability_type",
)


def render_detail(request, pk, *, failed=None, form=None, opened=None):
    """The record page; after a failed sub-form, with that form bound (what was
    typed and the errors beside the fields) and named, so that the page opens
    it and scrolls to it; with `opened`, that sub-form empty and open (its
    address, opened without JavaScript)."""
    child = get_for_user(Child.objects.select_related(*DETAIL_RELATED), request.user, pk)
    context = detail_context(request.user, child)
    if failed:
        context[failed] = prepare_sub_form(failed, form)
        context["failed_form"] = failed
    elif opened in context["sub_forms"]:
        context[opened] = prepare_sub_form(
            opened, empty_sub_form(opened, request.user, child, sensitive=context["sensitive"])
        )
        context["opened_form"] = opened
    if context.get("sensitive_shown"):
        log_sensitive_view(request.user, child, context["sensitive_shown"], note=_("Detail page"))
    return render(request, TEMPLATES + "detail.html", context)


def sub_form_page(request, child, name, *, sensitive):
    """A GET on a sub-form's action: for htmx (the folded form being opened on
    the record page), the empty form alone; otherwise the record page with
    that form open. The caller has checked EDIT_PERSONAL over the child."""
    if request.htmx and not request.htmx.history_restore_request:
        form = empty_sub_form(name, request.user, child, sensitive=sensitive)
        context = {
            "form": prepare_sub_form(name, form),
            "action": reverse(SUB_FORMS[name][0], args=[child.pk]),
        }
        response = render(request, TEMPLATES + "_action_form_body.html", context)
    else:
        response = render_detail(request, child.pk, opened=name)
    patch_vary_headers(response, ("HX-Request",))
    return response


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
