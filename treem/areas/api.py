import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from .models import AdminUnit, Level
from .services import current_successors


class AdminUnitSerializer(serializers.ModelSerializer):
    current_successors = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "name",
            "level",
            "parent",
            "code",
            "valid_from",
            "valid_to",
            "source",
            "in_force",
            "current_successors",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_in_force(self, obj):
        return obj.is_current

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_current_successors(self, obj):
        if obj.is_current:
            return [obj.pk]
        return [u.pk for u in current_successors(obj)]


class AdminUnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    on = django_filters.DateFilter(method="filter_on", label="In force on (YYYY-MM-DD)")
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = AdminUnit
        fields = ["level", "parent", "on", "name"]

    def filter_on(self, queryset, name, value):
        return queryset.in_force(value or timezone.localdate())


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units, dated. Public reference data for signed-in users."""

    queryset = AdminUnit.objects.all().order_by("level", "sort_name", "name")
    serializer_class = AdminUnitSerializer
    filterset_class = AdminUnitFilter
