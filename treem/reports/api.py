"""Read-only API of the child-friendly assessments, scoped like the pages:
ASSESS_WARDS over the assessment's ward."""

from rest_framework import serializers, viewsets

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from .models import Assessment, AssessmentScore


class AssessmentScoreSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="item.code", read_only=True)
    criterion = serializers.IntegerField(source="item.criterion.number", read_only=True)
    max_points = serializers.IntegerField(source="item.max_points", read_only=True, allow_null=True)

    class Meta:
        model = AssessmentScore
        fields = [
            "code",
            "criterion",
            "max_points",
            "points",
            "suggested_points",
            "evidence",
            "note",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    min_total = serializers.IntegerField(source="threshold.min_total", read_only=True)
    passed = serializers.BooleanField(read_only=True)
    zero_criteria = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    failed_criteria = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    scores = AssessmentScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "status",
            "total_points",
            "min_total",
            "passed",
            "zero_criteria",
            "failed_criteria",
            "note",
            "submitted_at",
            "confirmed_at",
            "version",
            "scores",
        ]


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Child-friendly ward assessments (QĐ 06/QĐ-TTg ngày 03/01/2019) of the wards the
    caller may assess, with every item's points and evidence."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        user = self.request.user
        if not has_perm(user, Perm.ASSESS_WARDS):
            return Assessment.objects.none()
        return (
            Assessment.objects.visible_to(user)
            .select_related("unit", "threshold")
            .prefetch_related("scores__item__criterion")
            .order_by("unit__name", "-year")
        )


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("ward-assessments", AssessmentViewSet, basename="ward-assessment")
