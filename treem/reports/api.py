"""Read-only API of the assessments, scoped like the pages: ASSESS_WARDS
over the assessment's ward. `ward-assessments` keeps the QĐ 06 ward
assessments as before; `assessments` holds every kind (wards, schools,
families), filtered by `kind`, `year` and `criteria_set` (its code)."""

import django_filters
from rest_framework import serializers, viewsets

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from .models import Assessment, AssessmentScore, SetKind


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
            .filter(kind=SetKind.WARD)
            .select_related("unit", "threshold")
            .prefetch_related("scores__item__criterion")
            .order_by("unit__name", "-year")
        )


class AnyAssessmentSerializer(AssessmentSerializer):
    criteria_set = serializers.CharField(source="criteria_set.code", read_only=True)
    criteria_set_name = serializers.CharField(source="criteria_set.name", read_only=True)
    subject = serializers.CharField(read_only=True)
    # Null where the subject is not a school, or the family has no residential group.
    school_name = serializers.CharField(
        source="school.name", read_only=True, default=None, allow_null=True
    )
    household_group_name = serializers.CharField(
        source="household_group.name", read_only=True, default=None, allow_null=True
    )

    class Meta(AssessmentSerializer.Meta):
        fields = [
            "id",
            "kind",
            "criteria_set",
            "criteria_set_name",
            "subject",
            "school",
            "school_name",
            "household_name",
            "household_address",
            "household_group",
            "household_group_name",
            *AssessmentSerializer.Meta.fields[1:],
        ]


# Ward and set filters on the plain id and code: a filter on the model would
# answer 400 for a missing ward but 200 empty for one out of scope.
class AssessmentFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(field_name="unit_id")
    criteria_set = django_filters.CharFilter(field_name="criteria_set__code")

    class Meta:
        model = Assessment
        fields = ["kind", "year", "status"]


class AnyAssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Assessments of every kind — wards against QĐ 06/QĐ-TTg, schools and
    families of a ward against their criteria sets — of the wards the caller
    may assess. Filters: `kind` (ward, school, family), `year`, `status`,
    `unit` (the ward's id), `criteria_set` (the set's code)."""

    serializer_class = AnyAssessmentSerializer
    filterset_class = AssessmentFilter

    def get_queryset(self):
        user = self.request.user
        if not has_perm(user, Perm.ASSESS_WARDS):
            return Assessment.objects.none()
        queryset = Assessment.objects.visible_to(user)
        return (
            queryset.select_related(
                "unit", "threshold", "criteria_set", "school", "household_group"
            )
            .prefetch_related("scores__item__criterion")
            .order_by("kind", "unit__name", "-year", "pk")
        )


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("ward-assessments", AssessmentViewSet, basename="ward-assessment")
    router.register("assessments", AnyAssessmentViewSet, basename="assessment")
