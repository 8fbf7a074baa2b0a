"""REST API for models and initiatives, their evaluations, commendations and
replications: the same scoping and services as the pages. Register with
`register(router)`.

Filters on ids are plain numbers: a filter on a related model answers 400
for a missing id but 200 empty for one out of scope, which tells which ids
exist; on the number both answer 200 with the empty page. Choices offered
to writes are the caller's own (scoped querysets), so an id out of scope is
refused with the same message as a missing one."""

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit
from treem.places.access import VIEW as PLACE_VIEW
from treem.places.models import Place
from treem.plans.models import Task

from .access import can_see_initiatives, lead_agencies, recording_units
from .models import (
    Commendation,
    Evaluation,
    Initiative,
    InitiativeKind,
    Rating,
    Replication,
)
from .services import InitiativeError, InitiativePermissionError
from .services.initiatives import record_initiative
from .services.records import record_evaluation
from .views.common import area_choices


def _run(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except InitiativePermissionError:
        raise Http404 from None
    except InitiativeError as exc:
        raise ValidationError({"detail": str(exc)}) from exc


class Visible(IsAuthenticated):
    """Authenticated and allowed to use the lists at all; otherwise 404."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not can_see_initiatives(request.user):
            raise Http404
        return True


class InitiativeFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind__code")
    unit = django_filters.NumberFilter(field_name="unit_id")
    lead_agency = django_filters.NumberFilter(field_name="lead_agency_id")
    area = django_filters.NumberFilter(field_name="areas__id", distinct=True)
    task = django_filters.NumberFilter(field_name="tasks__id", distinct=True)

    class Meta:
        model = Initiative
        fields = ["status"]


class InitiativeSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=InitiativeKind.objects.all())
    tasks = serializers.PrimaryKeyRelatedField(many=True, queryset=Task.objects.none())
    areas = serializers.PrimaryKeyRelatedField(many=True, queryset=AdminUnit.objects.none())
    unit = serializers.PrimaryKeyRelatedField(queryset=AdminUnit.objects.none())
    lead_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.none())
    place = serializers.PrimaryKeyRelatedField(
        queryset=Place.objects.none(), required=False, allow_null=True
    )
    replicated_from = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "tasks",
            "lead_agency",
            "unit",
            "areas",
            "place",
            "started_on",
            "status",
            "ended_on",
            "people_reached",
            "next_evaluation_due",
            "replicated_from",
            "created_at",
        ]
        read_only_fields = ["status", "ended_on", "next_evaluation_due", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        self.fields["tasks"].child_relation.queryset = Task.objects.visible_to(user)
        self.fields["areas"].child_relation.queryset = area_choices(user)
        self.fields["unit"].queryset = recording_units(user)
        self.fields["lead_agency"].queryset = lead_agencies(user)
        self.fields["place"].queryset = Place.objects.visible_to(user, PLACE_VIEW)

    def get_replicated_from(self, obj) -> int | None:
        """The model this one replicates, when it was replicated from another ward."""
        origin = getattr(obj, "replicated_from", None)
        return origin.source_id if origin else None


class EvaluationSerializer(serializers.ModelSerializer):
    rating = serializers.ChoiceField(choices=Rating.choices)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "initiative",
            "evaluated_on",
            "evaluator",
            "rating",
            "findings",
            "recommend_replication",
        ]
        read_only_fields = ["initiative"]


class InitiativeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Models and initiatives of the caller's ward (owned or running there),
    of their agency, or all for the province."""

    serializer_class = InitiativeSerializer
    permission_classes = [Visible]
    filterset_class = InitiativeFilter

    def get_queryset(self):
        return (
            Initiative.objects.visible_to(self.request.user)
            .select_related("kind", "replicated_from")
            .prefetch_related("tasks", "areas")
            .order_by("pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tasks, areas = data.pop("tasks", []), data.pop("areas", [])
        data.setdefault("place", None)
        initiative = _run(record_initiative, actor=request.user, tasks=tasks, areas=areas, **data)
        body = InitiativeSerializer(initiative, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=EvaluationSerializer, responses={201: EvaluationSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """Record a dated evaluation; the next one falls due by the kind's interval."""
        initiative = self.get_object()
        body = EvaluationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluation = _run(record_evaluation, initiative, actor=request.user, **body.validated_data)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class EvaluationFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id")

    class Meta:
        model = Evaluation
        fields = ["rating", "recommend_replication"]


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvaluationSerializer
    permission_classes = [Visible]
    filterset_class = EvaluationFilter

    def get_queryset(self):
        return Evaluation.objects.visible_to(self.request.user).order_by("-evaluated_on", "pk")


class CommendationSerializer(serializers.ModelSerializer):
    has_decision_file = serializers.SerializerMethodField()

    class Meta:
        model = Commendation
        fields = [
            "id",
            "initiative",
            "decision_number",
            "decided_on",
            "issuer",
            "form",
            "level",
            "recipient",
            "recipient_agency",
            "recipient_name",
            "reason",
            "has_decision_file",
        ]

    def get_has_decision_file(self, obj) -> bool:
        return bool(obj.decision_file)


class CommendationFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id")
    recipient_agency = django_filters.NumberFilter(field_name="recipient_agency_id")
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")

    class Meta:
        model = Commendation
        fields = ["level", "form", "recipient"]


class CommendationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommendationSerializer
    permission_classes = [Visible]
    filterset_class = CommendationFilter

    def get_queryset(self):
        return Commendation.objects.visible_to(self.request.user).order_by("-decided_on", "pk")


class ReplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Replication
        fields = ["id", "source", "ward", "replica", "started_on", "status", "notes"]


class ReplicationFilter(django_filters.FilterSet):
    source = django_filters.NumberFilter(field_name="source_id")
    ward = django_filters.NumberFilter(field_name="ward_id")

    class Meta:
        model = Replication
        fields = ["status"]


class ReplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Where models have been replicated: seen from the model or from the ward."""

    serializer_class = ReplicationSerializer
    permission_classes = [Visible]
    filterset_class = ReplicationFilter

    def get_queryset(self):
        return Replication.objects.visible_to(self.request.user).order_by("pk")


def register(router):
    router.register("initiatives", InitiativeViewSet, basename="initiative")
    router.register("initiative-evaluations", EvaluationViewSet, basename="initiative-evaluation")
    router.register(
        "initiative-commendations", CommendationViewSet, basename="initiative-commendation"
    )
    router.register(
        "initiative-replications", ReplicationViewSet, basename="initiative-replication"
    )


__all__ = ["register"]
