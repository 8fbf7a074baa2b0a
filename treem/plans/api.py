"""REST API for plans, tasks and progress reports: the same scoping and the
same services as the pages. Register with `register(router)`."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, get_for_user
from treem.core.api import requires

from .access import can_review, can_see_reports, can_submit
from .models import Plan, ProgressReport, ProgressReportVersion, ReportState, Task
from .periods import AgencyGraph
from .services import PlanError, PlanPermissionError
from .services.reports import change_report_state, open_report, save_report


class PlanSerializer(serializers.ModelSerializer):
    owner_agency_name = serializers.CharField(source="owner_agency.name", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "title",
            "document",
            "owner_agency",
            "owner_agency_name",
            "unit",
            "parent_task",
            "period_start",
            "period_end",
            "status",
            "continuous_frequency",
            "report_due_days",
            "reporting_from",
        ]


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans the caller may see: of their area and of the units above it."""

    serializer_class = PlanSerializer
    permission_classes = [requires(Perm.VIEW_PLANS)]
    filterset_fields = ["status", "parent_task", "unit"]

    def get_queryset(self):
        return (
            Plan.objects.visible_to(self.request.user).select_related("owner_agency").order_by("pk")
        )


class TaskSerializer(serializers.ModelSerializer):
    section_number = serializers.CharField(source="section.number", read_only=True)
    lead_agency_name = serializers.CharField(source="lead_agency.name", read_only=True)
    current_agencies = serializers.SerializerMethodField(
        help_text="Agencies in force that carry out the task today (the lead, or its successors)."
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "section_number",
            "number",
            "content",
            "lead_agency",
            "lead_agency_name",
            "current_agencies",
            "coordinating_agencies",
            "coordination_note",
            "timing",
            "deadline",
            "expected_output",
            "indicator_codes",
            "source_ref",
        ]

    def get_current_agencies(self, task) -> list[int]:
        graph = self.context.setdefault("graph", AgencyGraph())
        from django.utils import timezone

        return [a.pk for a in graph.owing(task.lead_agency_id, timezone.localdate())]


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    permission_classes = [requires(Perm.VIEW_PLANS)]
    filterset_fields = ["plan", "lead_agency", "timing"]

    def get_queryset(self):
        return (
            Task.objects.visible_to(self.request.user)
            .select_related("section", "lead_agency")
            .prefetch_related("coordinating_agencies")
            .order_by("plan_id", "order")
        )


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReportVersion
        fields = [
            "number",
            "status",
            "done_text",
            "figures",
            "difficulties",
            "proposals",
            "evidence_names",
            "submitted_at",
            "outcome",
            "review_comment",
            "reviewed_at",
        ]


class ProgressReportSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "task",
            "agency",
            "period_start",
            "period_end",
            "due_on",
            "state",
            "status",
            "done_text",
            "figures",
            "difficulties",
            "proposals",
            "review_comment",
            "submitted_at",
            "reviewed_at",
            "versions",
        ]
        read_only_fields = [
            "due_on",
            "state",
            "review_comment",
            "submitted_at",
            "reviewed_at",
        ]


class ReportUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = list(ProgressReport.CONTENT_FIELDS)


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReportsVisible(requires(Perm.VIEW_PLANS)):
    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not can_see_reports(request.user):
            raise Http404
        return True


def _run(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except PlanPermissionError:
        raise Http404 from None
    except PlanError as exc:
        raise ValidationError({"detail": str(exc)}) from exc


class ProgressReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Progress reports: an agency's reporters see and write their own
    agency's; plan managers review. Others get 404."""

    serializer_class = ProgressReportSerializer
    permission_classes = [ReportsVisible]
    filterset_fields = ["task", "agency", "state", "period_end"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            ProgressReport.objects.visible_to(self.request.user)
            .prefetch_related("versions")
            .order_by("-period_end", "pk")
        )

    def _report(self):
        return get_for_user(ProgressReport.objects, self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        """Open the report an agency of the caller owes on a task for a period."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agency, task = data["agency"], data["task"]
        if agency.pk not in agencies_for(request.user):
            raise Http404
        get_for_user(Task.objects, request.user, task.pk)
        report = _run(
            open_report,
            task,
            agency,
            (data["period_start"], data["period_end"]),
            actor=request.user,
        )
        content = {f: data[f] for f in ProgressReport.CONTENT_FIELDS if f in data}
        if content:
            report = _run(save_report, report, actor=request.user, **content)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReportUpdateSerializer, responses=ProgressReportSerializer)
    def partial_update(self, request, *args, **kwargs):
        report = self._report()
        if not can_submit(request.user, report):
            raise Http404
        serializer = ReportUpdateSerializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        report = _run(save_report, report, actor=request.user, **serializer.validated_data)
        return Response(ProgressReportSerializer(report).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _move(self, request, target):
        report = self._report()
        allowed = (
            can_submit(request.user, report)
            if target == ReportState.SUBMITTED
            else can_review(request.user, report)
        )
        if not allowed:
            raise Http404
        review = ReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        report = _run(
            change_report_state,
            report,
            target,
            actor=request.user,
            comment=review.validated_data["comment"],
        )
        return Response(ProgressReportSerializer(report).data)

    @extend_schema(request=None, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit: the content is frozen as a new version."""
        return self._move(request, ReportState.SUBMITTED)

    @extend_schema(request=ReviewSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        """Return for correction; a comment is required."""
        return self._move(request, ReportState.RETURNED)

    @extend_schema(request=ReviewSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._move(request, ReportState.ACCEPTED)


def register(router):
    """Add the plans endpoints to the API router (config/urls.py)."""
    router.register("plans", PlanViewSet, basename="plan")
    router.register("tasks", TaskViewSet, basename="task")
    router.register("progress-reports", ProgressReportViewSet, basename="progress-report")


__all__ = ["register"]
