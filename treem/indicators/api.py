"""REST API: the catalogue and indicator values (aggregates only), with the
same scoping as the dashboards. Register with `register(router)`."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from treem.accounts.permissions import Perm
from treem.areas.models import AdminUnit
from treem.core.api import WHOLE_NUMBER, requires

from . import periods
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


# The years values are asked for; a year past datetime's range would overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100
PERIOD_PATTERN = r"^[0-9]{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$"


def _year_and_period(params):
    """The year (this year when absent) and the period within it (or None);
    a value given but not usable is a 400 naming the parameter."""
    value = params.get("year")
    if value is None:
        year = timezone.localdate().year
    elif WHOLE_NUMBER.fullmatch(value) and FIRST_YEAR <= int(value) <= LAST_YEAR:
        year = int(value)
    else:
        raise ValidationError(
            {
                "year": [
                    _("Enter a year from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )
    period = params.get("period")
    if period is None:
        return year, None
    try:
        periods.period_type_of(period)
    except periods.PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None
    if periods.year_of(period) != year:
        raise ValidationError({"period": [_("The period must lie within the year asked for.")]})
    return year, period


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
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                description="Year (default: this year).",
            ),
            OpenApiParameter(
                "period",
                {"type": "string", "pattern": PERIOD_PATTERN},
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
        except (AdminUnit.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        year, period = _year_and_period(request.query_params)
        codes = request.query_params.getlist("code") or None
        rows = indicator_table(user=request.user, unit=unit, year=year, codes=codes, period=period)
        return Response(IndicatorValueSerializer(rows, many=True).data)


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
