"""Read-only API of the working-day calendar: the non-working days of a year
(holidays, announced extra days off) and the make-up working days, so that
clients count working days the way the server does."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from treem.core.api import WHOLE_NUMBER

from . import services

# The years the calendar answers for (its holidays are computed, not stored).
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_RANGE = {"first": FIRST_YEAR, "last": LAST_YEAR}

DAY_TYPES = [
    ("holiday", gettext_lazy("Public holiday")),
    ("day_off", gettext_lazy("Announced extra day off")),
    ("working_day", gettext_lazy("Announced make-up working day")),
]
# Shown to users as the source of a computed holiday.
HOLIDAY_SOURCE = gettext_lazy("Labour Code 2019, Art. 112 (computed by the holidays library)")


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    day_type = serializers.ChoiceField(choices=DAY_TYPES)
    name = serializers.CharField()
    working = serializers.BooleanField(help_text="Whether deadlines count this day.")
    source = serializers.CharField(allow_blank=True)
    certainty = serializers.CharField(
        allow_blank=True, help_text="verified, summary or unverified (entered days only)."
    )


def _rows(year):
    rows = []
    for row in services.year_overview(year):
        adjustment = row["adjustment"]
        if adjustment is not None:
            rows.append(
                {
                    "date": row["date"],
                    "day_type": adjustment.kind,
                    "name": adjustment.name,
                    "working": row["working"],
                    "source": adjustment.source,
                    "certainty": adjustment.certainty,
                }
            )
        elif row["holiday"]:
            rows.append(
                {
                    "date": row["date"],
                    "day_type": "holiday",
                    "name": row["holiday"],
                    "working": row["working"],
                    "source": str(HOLIDAY_SOURCE),
                    "certainty": "",
                }
            )
    return rows


class WorkingDayViewSet(viewsets.ViewSet):
    """Days of a year that differ from the Monday–Friday week. Public data:
    any signed-in user may read it."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                description="The year (default: this year).",
            )
        ],
        responses=CalendarDaySerializer(many=True),
    )
    def list(self, request):
        value = request.query_params.get("year")
        if value is None:
            year = timezone.localdate().year
        elif WHOLE_NUMBER.fullmatch(value) and FIRST_YEAR <= int(value) <= LAST_YEAR:
            # The range is checked before any date is made: a year past
            # datetime's range would overflow rather than fail as a value.
            year = int(value)
        else:
            raise ValidationError(
                {"year": [_("Enter a year from %(first)s to %(last)s.") % YEAR_RANGE]}
            )
        return Response(CalendarDaySerializer(_rows(year), many=True).data)


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("working-days", WorkingDayViewSet, basename="working-days")
