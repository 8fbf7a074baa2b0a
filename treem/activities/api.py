"""REST API for activities, children's forums and their recommendations: the
same scoping and services as the pages. Register with `register(router)`."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from treem.accounts.scope import get_for_user

from .access import can_manage_forums, can_see_activities, can_see_recommendations
from .models import (
    Activity,
    ActivityKind,
    AgeBand,
    Audience,
    AudienceCount,
    ChildGroup,
    Forum,
    ForumParticipants,
    Recommendation,
    RecommendationStatus,
    Sex,
)
from .services import ActivityError, ActivityPermissionError
from .services.activities import record_activity
from .services.forums import change_recommendation


def _run(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except ActivityPermissionError:
        raise Http404 from None
    except ActivityError as exc:
        raise ValidationError({"detail": str(exc)}) from exc


class Visible(IsAuthenticated):
    """Authenticated and allowed to use the list at all; otherwise 404."""

    check = staticmethod(can_see_activities)

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not self.check(request.user):
            raise Http404
        return True


class ForumsVisible(Visible):
    check = staticmethod(can_manage_forums)


class RecommendationsVisible(Visible):
    check = staticmethod(can_see_recommendations)


class ActivityAudienceSerializer(serializers.ModelSerializer):
    audience = serializers.ChoiceField(choices=Audience.choices)
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_band = serializers.ChoiceField(choices=AgeBand.choices)

    class Meta:
        model = AudienceCount
        fields = ["audience", "sex", "age_band", "count"]


class ActivitySerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=ActivityKind.objects.all())
    audience = ActivityAudienceSerializer(many=True, required=False)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "title",
            "agency",
            "unit",
            "tasks",
            "starts_on",
            "ends_on",
            "place",
            "description",
            "cost",
            "audience",
            "created_at",
        ]
        read_only_fields = ["unit", "created_at"]


class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Activities of the caller's agency, or of their area for plan managers."""

    serializer_class = ActivitySerializer
    permission_classes = [Visible]
    filterset_fields = ["agency", "kind", "tasks"]

    def get_queryset(self):
        return (
            Activity.objects.visible_to(self.request.user)
            .select_related("kind")
            .prefetch_related("audience", "tasks")
            .order_by("-starts_on", "pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tasks = data.pop("tasks", [])
        audience = {
            (row["audience"], row["sex"], row["age_band"]): row["count"]
            for row in data.pop("audience", [])
        }
        activity = _run(record_activity, actor=request.user, tasks=tasks, audience=audience, **data)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ForumParticipantsSerializer(serializers.ModelSerializer):
    group = serializers.ChoiceField(choices=ChildGroup.choices)

    class Meta:
        model = ForumParticipants
        fields = ["group", "sex", "age_band", "count"]


class ForumSerializer(serializers.ModelSerializer):
    participants = ForumParticipantsSerializer(many=True, read_only=True)

    class Meta:
        model = Forum
        fields = [
            "id",
            "title",
            "level",
            "unit",
            "held_on",
            "place",
            "organiser",
            "summary",
            "participants",
        ]


class ForumViewSet(viewsets.ReadOnlyModelViewSet):
    """Forums of the caller's ward, or all for the province."""

    serializer_class = ForumSerializer
    permission_classes = [ForumsVisible]
    filterset_fields = ["level", "unit"]

    def get_queryset(self):
        return (
            Forum.objects.visible_to(self.request.user)
            .prefetch_related("participants")
            .order_by("-held_on", "pk")
        )


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = [
            "id",
            "forum",
            "text",
            "status",
            "addressee",
            "deadline",
            "answer",
            "answered_on",
            "answered_on_time",
            "follow_up",
            "followed_up_on",
            "closed_on",
        ]


class RecommendationAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """Recommendations of the caller's forums, or addressed to their agency."""

    serializer_class = RecommendationSerializer
    permission_classes = [RecommendationsVisible]
    filterset_fields = ["forum", "status", "addressee"]

    def get_queryset(self):
        return Recommendation.objects.visible_to(self.request.user).order_by("pk")

    @extend_schema(request=RecommendationAnswerSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The body that must answer records its answer; on time or late is
        decided against the due date."""
        rec = get_for_user(Recommendation.objects, request.user, pk)
        body = RecommendationAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rec = _run(
            change_recommendation,
            rec,
            RecommendationStatus.ANSWERED,
            actor=request.user,
            text=body.validated_data["answer"],
        )
        return Response(RecommendationSerializer(rec).data)


def register(router):
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("forums", ForumViewSet, basename="forum")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")


__all__ = ["register"]
