"""Who lacks the training their role needs; trained collaborators per
residential group; the topics and requirements an administrator edits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Perm, Role
from treem.accounts.scope import has_perm, scope_for
from treem.areas.models import AdminUnit, Level

from ..access import can_manage_staff_training, staff_visible_to
from ..forms import RequirementForm, TopicForm
from ..gaps import collaborator_coverage, missing_topics, required_topics
from ..models import Requirement, Topic
from ..services import TrainingError, TrainingPermissionError
from ..services.reference import create_topic, set_requirement, update_topic


@login_required
def gaps(request):
    """Staff of the user's area who lack a topic their role needs."""
    if not can_manage_staff_training(request.user):
        raise Http404
    required = required_topics()
    staff = staff_visible_to(request.user)
    role = request.GET.get("vai-tro", "")
    if role in Role.values:
        scope = scope_for(request.user, Perm.MANAGE_PLANS)
        holders = RoleAssignment.objects.active().filter(scope.q("unit"), role=role)
        staff = staff.filter(pk__in=holders.values("user_id"))
    missing = missing_topics(staff.values_list("pk", flat=True))
    people = (
        staff.filter(pk__in=list(missing))
        .prefetch_related("assignments__unit")
        .order_by("first_name", "last_name", "username")
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    rows = [{"person": p, "topics": missing[p.pk]} for p in page]
    return render(
        request,
        "trainings/gaps.html",
        {
            "page_obj": page,
            "rows": rows,
            "role": role,
            "roles": [(r, Role(r).label) for r in required],
            "required": [(Role(r).label, topics) for r, topics in required.items()],
        },
    )


def _wards(user):
    scope = scope_for(user, Perm.MANAGE_PLANS)
    return (
        AdminUnit.objects.in_force()
        .filter(scope.q(""), level__in=(Level.WARD, Level.COMMUNE))
        .order_by("sort_name")
    )


@login_required
def coverage(request):
    """Trained collaborators per residential group of one ward."""
    if not can_manage_staff_training(request.user):
        raise Http404
    wards = list(_wards(request.user))
    if not wards:
        raise Http404
    chosen = request.GET.get("phuong", "")
    ward = next((w for w in wards if str(w.pk) == chosen), wards[0])
    rows = collaborator_coverage(ward)
    total = sum(r["total"] for r in rows)
    trained = sum(r["trained"] for r in rows)
    return render(
        request,
        "trainings/coverage.html",
        {
            "wards": wards,
            "ward": ward,
            "rows": rows,
            "total": total,
            "trained": trained,
            "share": (trained * 100 / total) if total else None,
            "without": sum(1 for r in rows if not r["total"]),
        },
    )


def _require_reference(user):
    if not has_perm(user, Perm.MANAGE_REFERENCE):
        raise Http404


@login_required
def reference(request):
    _require_reference(request.user)
    topic_form = TopicForm(prefix="topic")
    requirement_form = RequirementForm(prefix="req")
    if request.method == "POST":
        try:
            if "topic-name" in request.POST:
                topic_form = TopicForm(request.POST, prefix="topic")
                if topic_form.is_valid():
                    create_topic(
                        actor=request.user,
                        name=topic_form.cleaned_data["name"],
                        order=topic_form.cleaned_data.get("order"),
                    )
                    messages.success(request, _("The topic was added."))
                    return redirect("trainings:reference")
            else:
                requirement_form = RequirementForm(request.POST, prefix="req")
                if requirement_form.is_valid():
                    set_requirement(actor=request.user, **requirement_form.cleaned_data)
                    messages.success(request, _("The requirement was saved."))
                    return redirect("trainings:reference")
        except TrainingPermissionError:
            raise Http404 from None
        except TrainingError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "trainings/reference.html",
        {
            "topics": Topic.objects.all(),
            "requirements": Requirement.objects.select_related("topic").order_by(
                "role", "topic__order"
            ),
            "topic_form": topic_form,
            "requirement_form": requirement_form,
        },
    )


@login_required
def topic_edit(request, pk):
    _require_reference(request.user)
    try:
        topic = Topic.objects.get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404 from None
    form = TopicForm(
        request.POST or None,
        initial={"name": topic.name, "order": topic.order, "active": topic.active},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("order") is None:
            data["order"] = topic.order
        try:
            update_topic(topic, actor=request.user, **data)
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The topic was saved."))
            return redirect("trainings:reference")
    return render(request, "trainings/topic_form.html", {"form": form, "topic": topic})


@login_required
def requirement_edit(request, pk):
    _require_reference(request.user)
    try:
        req = Requirement.objects.select_related("topic").get(pk=pk)
    except Requirement.DoesNotExist:
        raise Http404 from None
    form = RequirementForm(
        request.POST or None,
        initial={
            "role": req.role,
            "topic": req.topic_id,
            "basis": req.basis,
            "source": req.source,
            "active": req.active,
        },
    )
    form.fields["role"].disabled = True
    form.fields["topic"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            set_requirement(actor=request.user, **form.cleaned_data)
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The requirement was saved."))
            return redirect("trainings:reference")
    return render(request, "trainings/requirement_form.html", {"form": form, "req": req})
