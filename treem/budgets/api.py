"""REST API of budget lines: the same scoping and services as the pages.
Register with `register(router)`."""

import django_filters
from django import forms
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from treem.activities.models import Activity
from treem.agencies.models import Agency
from treem.plans.models import Task

from .access import can_see_budgets
from .models import Allocation, BudgetLine, Form, Mobilisation, Spending
from .services import (
    BudgetError,
    BudgetPermissionError,
    add_allocation,
    add_mobilisation,
    add_spending,
    open_budget_line,
)
from .summary import Totals, totals_by

# Ids are bigint columns: a larger number is refused as input, not sent to
# the database.
MAX_ID = 2**63 - 1


def _run(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except BudgetPermissionError:
        raise Http404 from None
    except BudgetError as exc:
        raise ValidationError({"detail": str(exc)}) from exc


class Visible(IsAuthenticated):
    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not can_see_budgets(request.user):
            raise Http404
        return True


class AllocationSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=1)

    class Meta:
        model = Allocation
        fields = ["id", "amount", "source", "decided_on", "note"]


class MobilisationSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=1)
    form = serializers.ChoiceField(choices=Form.choices, default=Form.CASH)

    class Meta:
        model = Mobilisation
        fields = ["id", "amount", "donor", "form", "received_on", "note"]


class SpendingSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=1)
    # Any id is taken here; the service refuses one that is not the line's
    # agency's activity for the task, with the same answer whether it exists.
    activity = serializers.IntegerField(
        source="activity_id", required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )

    class Meta:
        model = Spending
        fields = ["id", "amount", "spent_on", "purpose", "activity", "note"]


class TotalsSerializer(serializers.Serializer):
    allocated = serializers.DecimalField(max_digits=15, decimal_places=0)
    mobilised = serializers.DecimalField(max_digits=15, decimal_places=0)
    spent = serializers.DecimalField(max_digits=15, decimal_places=0)
    remaining = serializers.DecimalField(max_digits=16, decimal_places=0)


class BudgetLineSerializer(serializers.ModelSerializer):
    allocations = AllocationSerializer(many=True, read_only=True)
    mobilisations = MobilisationSerializer(many=True, read_only=True)
    spending = SpendingSerializer(many=True, read_only=True)
    totals = serializers.SerializerMethodField()

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "task",
            "agency",
            "unit",
            "year",
            "note",
            "totals",
            "allocations",
            "mobilisations",
            "spending",
        ]
        read_only_fields = ["unit"]

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, line):
        totals = self.context.get("totals", {}).get(line.pk)
        if totals is None:
            totals = totals_by(BudgetLine.objects.filter(pk=line.pk)).get(line.pk)
        if totals is None:
            totals = Totals()
        return TotalsSerializer(totals).data


class LineCreateSerializer(serializers.Serializer):
    task = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    agency = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    note = serializers.CharField(required=False, allow_blank=True)


# Task and agency filters on the plain id: a filter on the model answers 400
# for a missing id but 200 empty for one out of scope. On the id both answer
# 200 with the empty page.
class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class BudgetLineFilter(django_filters.FilterSet):
    task = IdFilter(field_name="task_id")
    agency = IdFilter(field_name="agency_id")

    class Meta:
        model = BudgetLine
        fields = ["year"]


class BudgetLineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Budget lines of the caller's agency, or of their area for plan managers."""

    serializer_class = BudgetLineSerializer
    permission_classes = [Visible]
    filterset_class = BudgetLineFilter

    def get_queryset(self):
        return (
            BudgetLine.objects.visible_to(self.request.user)
            .prefetch_related("allocations", "mobilisations", "spending")
            .order_by("-year", "task_id", "agency_id", "pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        totals = totals_by(BudgetLine.objects.filter(pk__in=[line.pk for line in page]))
        serializer = self.get_serializer(page, many=True, context={"totals": totals})
        return self.get_paginated_response(serializer.data)

    def get_serializer(self, *args, **kwargs):
        context = self.get_serializer_context()
        context.update(kwargs.pop("context", {}))
        kwargs["context"] = context
        return self.get_serializer_class()(*args, **kwargs)

    @extend_schema(request=LineCreateSerializer, responses={201: BudgetLineSerializer})
    def create(self, request, *args, **kwargs):
        body = LineCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        task = Task.objects.filter(pk=data["task"]).first()
        agency = Agency.objects.filter(pk=data["agency"]).first()
        if task is None or agency is None:
            raise Http404
        line = _run(
            open_budget_line,
            actor=request.user,
            task=task,
            agency=agency,
            year=data["year"],
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(line).data, status=status.HTTP_201_CREATED)

    def _line(self, pk):
        try:
            return self.get_queryset().get(pk=pk)
        except (BudgetLine.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def _add(self, request, pk, serializer_class, service):
        line = self._line(pk)
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "activity_id" in data:
            activity_id = data.pop("activity_id")
            if activity_id is not None:
                activity = Activity.objects.filter(pk=activity_id).first()
                if activity is None:
                    raise ValidationError({"detail": _not_this_activity()})
                data["activity"] = activity
        entry = _run(service, line, actor=request.user, **data)
        return Response(serializer_class(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AllocationSerializer, responses={201: AllocationSerializer})
    @action(detail=True, methods=["post"])
    def allocations(self, request, pk=None):
        """Record state budget allocated to the line (decision or estimate)."""
        return self._add(request, pk, AllocationSerializer, add_allocation)

    @extend_schema(request=MobilisationSerializer, responses={201: MobilisationSerializer})
    @action(detail=True, methods=["post"])
    def mobilisations(self, request, pk=None):
        """Record what a donor or sponsor gave, in cash or in kind at its value."""
        return self._add(request, pk, MobilisationSerializer, add_mobilisation)

    @extend_schema(request=SpendingSerializer, responses={201: SpendingSerializer})
    @action(detail=True, methods=["post"])
    def spending(self, request, pk=None):
        """Record spending, optionally naming the activity it paid for."""
        return self._add(request, pk, SpendingSerializer, add_spending)


def _not_this_activity():
    from django.utils.translation import gettext as _

    return _("The activity was organised by another agency.")


def register(router):
    router.register("budgets", BudgetLineViewSet, basename="budget")


__all__ = ["register"]
