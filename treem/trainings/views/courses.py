from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.scope import get_for_user
from treem.activities.models import Activity
from treem.activities.views.common import task_choices
from treem.agencies.models import Agency
from treem.cases.services.files import download_response

from ..access import (
    can_edit,
    can_manage_staff_training,
    can_see_trainings,
    course_filter,
    recording_units,
)
from ..forms import AddParticipantsForm, CertificateFileForm, CourseForm, ParticipantForm
from ..models import Course, Participant, Topic
from ..services import TrainingError, TrainingPermissionError
from ..services.courses import (
    add_participants,
    attach_certificate,
    candidates,
    record_course,
    remove_participant,
    update_course,
)


def _require(user):
    if not can_see_trainings(user):
        raise Http404


def get_course(user, pk):
    return get_for_user(
        Course.objects.select_related("topic", "unit", "provider_agency", "activity"), user, pk
    )


def get_participant(user, pk):
    try:
        row = Participant.objects.select_related(
            "course__unit", "course__provider_agency", "user"
        ).get(course_filter(user, "course__"), pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return row


@login_required
def course_list(request):
    _require(request.user)
    courses = (
        Course.objects.visible_to(request.user)
        .select_related("topic", "unit", "provider_agency")
        .with_counts()
        .order_by("-starts_on", "-pk")
    )
    topic = request.GET.get("chu-de", "")
    if topic.isdigit():
        courses = courses.filter(topic_id=topic)
    year = request.GET.get("nam", "")
    if year.isdigit() and len(year) == 4:
        courses = courses.filter(starts_on__year=int(year))
    page = Paginator(courses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "trainings/list.html",
        {
            "page_obj": page,
            "topics": Topic.objects.all(),
            "topic": topic,
            "year": year,
            "can_record": recording_units(request.user).exists(),
            # An agency's reporters see its courses but not the ward's staff.
            "can_manage_staff": can_manage_staff_training(request.user),
        },
    )


def _form(request, course=None):
    units = list(recording_units(request.user))
    if course is not None and course.unit not in units:
        units.append(course.unit)
    unit_ids = [u.pk for u in units]
    agencies = (
        Agency.objects.in_force()
        .filter(unit_id__in=unit_ids)
        .select_related("unit")
        .order_by("unit__sort_name", "name")
    )
    activities = (
        Activity.objects.visible_to(request.user)
        .filter(kind__code="training")
        .order_by("-starts_on")[:200]
    )
    keep = list(course.tasks.values_list("pk", flat=True)) if course else []
    initial = None
    if course is not None:
        initial = {
            name: getattr(course, name)
            for name in (
                "topic",
                "title",
                "hours",
                "unit",
                "provider_agency",
                "provider_name",
                "starts_on",
                "ends_on",
                "place",
                "activity",
                "notes",
            )
        }
        initial["tasks"] = keep
    activity_ids = list(activities.values_list("pk", flat=True))
    if course is not None and course.activity_id:
        activity_ids.append(course.activity_id)
    from treem.areas.models import AdminUnit

    return CourseForm(
        request.POST or None,
        initial=initial,
        units=AdminUnit.objects.filter(pk__in=unit_ids).order_by("level", "sort_name"),
        agencies=agencies,
        tasks=task_choices(request.user, keep),
        activities=Activity.objects.filter(pk__in=activity_ids).order_by("-starts_on"),
    )


@login_required
def course_new(request):
    _require(request.user)
    if not recording_units(request.user).exists():
        raise Http404
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            course = record_course(
                actor=request.user, tasks=form.cleaned_data["tasks"], **form.service_fields()
            )
        except TrainingPermissionError:
            raise Http404 from None
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The course was recorded. Now add who took part."))
            return redirect(course)
    return render(request, "trainings/form.html", {"form": form, "course": None})


@login_required
def course_edit(request, pk):
    course = get_course(request.user, pk)
    if not can_edit(request.user, course):
        raise Http404
    form = _form(request, course)
    if request.method == "POST" and form.is_valid():
        try:
            update_course(
                course,
                actor=request.user,
                tasks=form.cleaned_data["tasks"],
                **form.service_fields(),
            )
        except TrainingPermissionError:
            raise Http404 from None
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The course was saved."))
            return redirect(course)
    return render(request, "trainings/form.html", {"form": form, "course": course})


def _add_form(request, course, data=None):
    taken = course.participants.values("user_id")
    return AddParticipantsForm(data, people=candidates(course).exclude(pk__in=taken))


@login_required
def course_detail(request, pk):
    course = get_course(request.user, pk)
    editable = can_edit(request.user, course)
    return render(
        request,
        "trainings/detail.html",
        {
            "course": course,
            "tasks": course.tasks.select_related("plan").order_by("plan_id", "order"),
            "participants": course.participants.select_related("user").order_by(
                "user__first_name", "user__last_name"
            ),
            "can_edit": editable,
            "add_form": _add_form(request, course) if editable else None,
        },
    )


@login_required
@require_POST
def participants_add(request, pk):
    course = get_course(request.user, pk)
    if not can_edit(request.user, course):
        raise Http404
    form = _add_form(request, course, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one person from the list."))
        return redirect(course)
    try:
        rows = add_participants(
            course,
            form.cleaned_data["users"],
            actor=request.user,
            passed=form.cleaned_data["passed"],
        )
    except TrainingPermissionError:
        raise Http404 from None
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d people were added.") % {"n": len(rows)})
    return redirect(course)


@login_required
def participant_edit(request, pk):
    row = get_participant(request.user, pk)
    if not can_edit(request.user, row.course):
        raise Http404
    initial = {
        name: getattr(row, name)
        for name in (
            "attended",
            "passed",
            "certificate_number",
            "certificate_date",
            "certificate_issuer",
        )
    }
    form = ParticipantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        from ..services.courses import update_participant

        try:
            update_participant(row, actor=request.user, **form.cleaned_data)
        except TrainingPermissionError:
            raise Http404 from None
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(row.course)
    return render(
        request,
        "trainings/participant_form.html",
        {"form": form, "row": row, "file_form": CertificateFileForm()},
    )


@login_required
@require_POST
def participant_remove(request, pk):
    row = get_participant(request.user, pk)
    try:
        remove_participant(row, actor=request.user)
    except TrainingPermissionError:
        raise Http404 from None
    messages.success(request, _("The person was taken off the course."))
    return redirect(row.course)


@login_required
@require_POST
def certificate_upload(request, pk):
    row = get_participant(request.user, pk)
    if not can_edit(request.user, row.course):
        raise Http404
    form = CertificateFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("trainings:participant-edit", pk=row.pk)
    try:
        attach_certificate(row, form.cleaned_data["file"], actor=request.user)
    except TrainingPermissionError:
        raise Http404 from None
    except TrainingError as exc:
        messages.error(request, str(exc))
        return redirect("trainings:participant-edit", pk=row.pk)
    messages.success(request, _("The file was attached."))
    return redirect(row.course)


@login_required
def certificate_download(request, pk):
    row = get_participant(request.user, pk)
    if not row.certificate_file:
        raise Http404
    return download_response(
        row.certificate_file, filename=row.file_name, content_type=row.file_type
    )
