"""REST API for trainings: the same scoping and services as the pages.
Filters are read by hand so that an id outside the caller's scope and a
missing one answer alike (an empty list). Register with `register(router)`."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from treem.activities.models import Activity
from treem.core.api import WHOLE_NUMBER
from treem.plans.models import Task

from .access import can_see_trainings, recording_units
from .models import Course, Participant, Topic
from .services import TrainingError, TrainingPermissionError
from .services.courses import record_course


def _run(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except TrainingPermissionError:
        raise Http404 from None
    except TrainingError as exc:
        raise ValidationError({"detail": str(exc)}) from exc


class Visible(IsAuthenticated):
    """Authenticated and allowed to see trainings at all; otherwise 404."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not can_see_trainings(request.user):
            raise Http404
        return True


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "user",
            "name",
            "attended",
            "passed",
            "certificate_number",
            "certificate_date",
            "certificate_issuer",
        ]

    def get_name(self, row) -> str:
        return row.user.get_full_name() or row.user.username


class CourseSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(slug_field="code", queryset=Topic.objects.all())
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "topic",
            "title",
            "hours",
            "provider_agency",
            "provider_name",
            "unit",
            "starts_on",
            "ends_on",
            "place",
            "tasks",
            "activity",
            "notes",
            "participants",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"tasks": {"required": False}}

    def get_fields(self):
        """Choices limited to what the caller may use, so an id outside their
        scope is refused with the same words as a missing one."""
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            fields["unit"].queryset = recording_units(user)
            fields["activity"].queryset = Activity.objects.visible_to(user).filter(
                kind__code="training"
            )
            fields["tasks"].child_relation.queryset = Task.objects.visible_to(user)
        return fields


FILTERS = [
    OpenApiParameter("topic", OpenApiTypes.STR, description="Topic code."),
    OpenApiParameter("unit", OpenApiTypes.INT, description="Ward (or province) id."),
    OpenApiParameter("year", OpenApiTypes.INT, description="Year the course started."),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class CourseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Courses of the caller's ward (or all, for the province), or provided by
    the caller's agency, with their participants."""

    serializer_class = CourseSerializer
    permission_classes = [Visible]
    filter_backends = []

    def get_queryset(self):
        rows = (
            Course.objects.visible_to(self.request.user)
            .select_related("topic")
            .prefetch_related("tasks", "participants__user")
            .order_by("-starts_on", "pk")
        )
        if self.action != "list":
            return rows
        params = self.request.query_params
        if params.get("topic"):
            rows = rows.filter(topic__code=params["topic"])
        for name, lookup in (("unit", "unit_id"), ("year", "starts_on__year")):
            value = params.get(name, "")
            if value == "":
                continue
            if not WHOLE_NUMBER.fullmatch(value):
                raise ValidationError({name: [_("Enter a whole number.")]})
            # A year past 9999 is no date: the lookup would fail (500), not find nothing.
            if name == "year" and not 1 <= int(value) <= 9999:
                raise ValidationError({name: [_("Enter a year between 1 and 9999.")]})
            rows = rows.filter(**{lookup: int(value)})
        return rows

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tasks = data.pop("tasks", [])
        course = _run(record_course, actor=request.user, tasks=tasks, **data)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("trainings", CourseViewSet, basename="training")


__all__ = ["register"]
