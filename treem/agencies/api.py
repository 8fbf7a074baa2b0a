from rest_framework import serializers, viewsets

from .models import Agency


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "unit",
            "valid_from",
            "valid_to",
            "source",
            "successors",
        ]


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies acting in the plan and in cases, dated like units."""

    queryset = Agency.objects.prefetch_related("successors").order_by("name")
    serializer_class = AgencySerializer
    filterset_fields = ["kind", "unit"]
