"""The assistance API: /api/v1/allowances/, /api/v1/allowance-payments/ and
/api/v1/injuries/, scoped like the pages (out of reach is 404) and writing
through the same services."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.children.models import Child
from treem.core.api import requires

from .models import AllowanceDecision, AllowancePayment, Injury
from .privacy import log_object, log_objects
from .rules import group_choices
from .services import AssistanceError, record_decision, record_injury


def _error(exc):
    return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]})


def _child(user, pk, perm):
    child = Child.objects.visible_to(user, perm).filter(pk=pk).first()
    if child is None:
        raise ValidationError({"child": [_("No child with this number in your area.")]})
    return child


class AllowanceSerializer(serializers.ModelSerializer):
    # The child's registry number, checked against the caller's scope.
    child = serializers.IntegerField(source="child_id", min_value=1)
    group = serializers.ChoiceField(choices=())
    ends_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = AllowanceDecision
        fields = [
            "id",
            "child",
            "unit",
            "group",
            "number",
            "decided_on",
            "signer",
            "starts_on",
            "ends_on",
            "status",
            "end_reason",
            "note",
        ]
        read_only_fields = ["id", "unit", "status", "end_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = group_choices()


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllowancePayment
        fields = ["id", "decision", "child", "unit", "month", "coefficient", "base_level", "amount"]
        read_only_fields = fields


class InjurySerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Injury
        fields = [
            "id",
            "child",
            "unit",
            "occurred_on",
            "place_type",
            "cause",
            "severity",
            "outcome",
            "note",
        ]
        read_only_fields = ["id", "unit"]


# Child (and decision) filters on the plain id: a filter on the model answers
# 400 for a missing id but 200 empty for one out of scope, which tells which
# ids exist. On the id both answer 200 with the empty page.
class AllowanceFilter(django_filters.FilterSet):
    child = django_filters.NumberFilter(field_name="child_id")

    class Meta:
        model = AllowanceDecision
        fields = ["status", "group", "unit"]


class PaymentFilter(django_filters.FilterSet):
    child = django_filters.NumberFilter(field_name="child_id")
    decision = django_filters.NumberFilter(field_name="decision_id")

    class Meta:
        model = AllowancePayment
        fields = ["month", "unit"]


class InjuryFilter(django_filters.FilterSet):
    child = django_filters.NumberFilter(field_name="child_id")

    class Meta:
        model = Injury
        fields = ["cause", "unit"]


class LoggedReads:
    """Lists write one sensitive-read event per page (with the page's ward),
    details one under the child, as the registry's API does."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        log_objects(request.user, rows, note=f"api: {self.basename}")
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        log_object(request.user, obj, note=f"api: {self.basename}")
        return Response(self.get_serializer(obj).data)


class AllowanceViewSet(
    LoggedReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AllowanceSerializer
    filterset_class = AllowanceFilter

    def get_permissions(self):
        if self.action == "create":
            return [requires(Perm.EDIT_PERSONAL)(), requires(Perm.VIEW_SENSITIVE)()]
        return [requires(Perm.VIEW_SENSITIVE)()]

    def get_queryset(self):
        return AllowanceDecision.objects.visible_to(self.request.user).order_by(
            "-decided_on", "-pk"
        )

    @extend_schema(request=AllowanceSerializer, responses={201: AllowanceSerializer})
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = _child(request.user, data.pop("child_id"), Perm.VIEW_SENSITIVE)
        if not has_perm(request.user, Perm.EDIT_PERSONAL, child.unit):
            raise ValidationError({"child": [_("No child with this number in your area.")]})
        try:
            decision = record_decision(child, actor=request.user, **data)
        except AssistanceError as exc:
            raise _error(exc) from None
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)


class PaymentViewSet(
    LoggedReads, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter
    permission_classes = [requires(Perm.VIEW_SENSITIVE)]

    def get_queryset(self):
        return AllowancePayment.objects.visible_to(self.request.user).order_by("-month", "pk")


class InjuryViewSet(
    LoggedReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InjurySerializer
    filterset_class = InjuryFilter

    def get_permissions(self):
        if self.action == "create":
            return [requires(Perm.EDIT_PERSONAL)()]
        # Injuries are read with the sensitive scope (treem/assistance/models/injury.py).
        return [requires(Perm.VIEW_SENSITIVE)()]

    def get_queryset(self):
        return Injury.objects.visible_to(self.request.user).order_by("-occurred_on", "-pk")

    @extend_schema(request=InjurySerializer, responses={201: InjurySerializer})
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = _child(request.user, data.pop("child_id"), Perm.EDIT_PERSONAL)
        try:
            injury = record_injury(child, actor=request.user, **data)
        except AssistanceError as exc:
            raise _error(exc) from None
        # The caller may record without reading the register (collaborators):
        # the answer holds only what was just sent.
        return Response(self.get_serializer(injury).data, status=status.HTTP_201_CREATED)


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("allowances", AllowanceViewSet, basename="allowance")
    router.register("allowance-payments", PaymentViewSet, basename="allowance-payment")
    router.register("injuries", InjuryViewSet, basename="injury")
