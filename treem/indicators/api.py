"""REST API: the catalogue and indicator values (aggregates only), with the
same scoping as the dashboards. Register with `register(router)`."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from treem.accounts.permissions import Perm
from treem.areas.models import AdminUnit
from treem.core.api import requires

from .models import Indicator, Target
from .query import indicator_table


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["year", "value", "direction", "amber_margin", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "unit_label",
            "kind",
            "numerator_definition",
            "denominator_definition",
            "disaggregations",
            "period_type",
            "source",
            "legal_source",
            "direction",
            "agency_kinds",
            "active",
            "targets",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue with its targets."""

    serializer_class = IndicatorSerializer
    permission_classes = [requires(Perm.VIEW_AGGREGATES)]
    filterset_fields = ["source", "kind", "period_type", "active"]
    lookup_field = "code"

    def get_queryset(self):
        return Indicator.objects.prefetch_related("targets").order_by("order", "code")


class IndicatorValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit_label = serializers.CharField()
    kind = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    target_2025 = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    target_2030 = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    direction = serializers.CharField(help_text="at_least or below")
    status = serializers.CharField(allow_null=True, help_text="green, amber, red or null")
    suppressed = serializers.BooleanField(help_text="A count below 5 was hidden.")


class IndicatorValueViewSet(viewsets.ViewSet):
    """Indicator values of one unit and year (aggregates only; counts below 5 hidden)."""

    permission_classes = [requires(Perm.VIEW_AGGREGATES)]
    serializer_class = IndicatorValueSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit",
                OpenApiTypes.INT,
                required=True,
                description="Unit id (ward, former unit or province).",
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="Year (default: this year)."),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="A period within the year for entered figures, e.g. 2026-Q1.",
            ),
            OpenApiParameter(
                "code", OpenApiTypes.STR, many=True, description="Indicator codes (default: all)."
            ),
        ],
        responses=IndicatorValueSerializer(many=True),
    )
    def list(self, request):
        try:
            unit = AdminUnit.objects.get(pk=int(request.query_params.get("unit", "")))
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except (AdminUnit.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        codes = request.query_params.getlist("code") or None
        period = request.query_params.get("period") or None
        if period and not period.startswith(str(year)):
            raise Http404
        rows = indicator_table(user=request.user, unit=unit, year=year, codes=codes, period=period)
        return Response(IndicatorValueSerializer(rows, many=True).data)


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
