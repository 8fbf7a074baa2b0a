"""Transfer requests in the API (`/api/v1/child-transfers/`): the same
services and visibility as the pages (views/transfers.py). A request outside
the caller's view is 404; the requesting side sees the child's id and name
only once the record has moved into its area, and never the ward that held it."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user
from treem.areas.models import AdminUnit
from treem.core.api import requires

from .api_serializers import FIELD_ERRORS_SCHEMA
from .models import Child, ChildTransfer, TransferStatus
from .services.transfers import TransferError, change_transfer_status, may_decide, request_transfer


class ChildTransferSerializer(serializers.ModelSerializer):
    child = serializers.SerializerMethodField(
        help_text="The record's id, once the caller may see it (the ward holding it, or "
        "the requesting ward after acceptance)."
    )
    child_name = serializers.SerializerMethodField()
    from_ward = serializers.SerializerMethodField(
        help_text="The ward holding the record: shown to that ward and the province only."
    )
    unit = serializers.PrimaryKeyRelatedField(
        source="to_unit",
        queryset=AdminUnit.objects.all(),
        help_text="The residential group or ward where the child lives now.",
    )
    ward = serializers.PrimaryKeyRelatedField(source="to_ward", read_only=True)
    requested_by = serializers.StringRelatedField(allow_null=True)
    decided_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = ChildTransfer
        fields = [
            "id",
            "status",
            "personal_id",
            "child",
            "child_name",
            "from_ward",
            "unit",
            "ward",
            "address_line",
            "moved_in_on",
            "reason",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = ["id", "status", "requested_at", "decided_at", "decision_reason"]

    def _visible_child(self, transfer):
        cache = self.context.setdefault("visible_children", {})
        if transfer.child_id not in cache:
            user = self.context["request"].user
            cache[transfer.child_id] = (
                Child.objects.visible_to(user).filter(pk=transfer.child_id).first()
            )
        return cache[transfer.child_id]

    def get_child(self, transfer) -> int | None:
        child = self._visible_child(transfer)
        return child.pk if child else None

    def get_child_name(self, transfer) -> str | None:
        child = self._visible_child(transfer)
        return child.full_name if child else None

    def get_from_ward(self, transfer) -> int | None:
        if may_decide(self.context["request"].user, transfer):
            return transfer.from_ward_id
        return None


class TransferDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


ERRORS = OpenApiResponse(FIELD_ERRORS_SCHEMA, description="Refused: `non_field_errors` says why.")


@extend_schema_view(
    list=extend_schema(summary="Transfer requests the caller sends or decides"),
    retrieve=extend_schema(summary="One transfer request; 404 outside the caller's view"),
    create=extend_schema(
        summary="Ask the area holding the record with this personal ID for it",
        responses={201: ChildTransferSerializer, 400: ERRORS},
    ),
)
class ChildTransferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests to move a child's record between wards, visible to the
    officers of both wards and to province officers."""

    serializer_class = ChildTransferSerializer
    permission_classes = [requires(Perm.EDIT_PERSONAL)]
    lookup_value_regex = r"\d+"
    queryset = ChildTransfer.objects.none()

    def get_queryset(self):
        return ChildTransfer.objects.visible_to(self.request.user).select_related(
            "requested_by", "decided_by"
        )

    def get_object(self):
        return get_for_user(self.get_queryset(), self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        try:
            transfer = request_transfer(
                actor=request.user,
                personal_id=v["personal_id"],
                unit=v["to_unit"],
                reason=v["reason"],
                address_line=v.get("address_line", ""),
                moved_in_on=v.get("moved_in_on"),
            )
        except TransferError as exc:
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]}) from None
        return Response(self.get_serializer(transfer).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, new_status):
        transfer = self.get_object()
        serializer = TransferDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            transfer = change_transfer_status(
                transfer, new_status, actor=request.user, reason=serializer.validated_data["reason"]
            )
        except TransferError as exc:
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]}) from None
        return Response(self.get_serializer(transfer).data)

    @extend_schema(
        summary="Accept: the record moves, with its history, to the requesting ward",
        request=TransferDecisionSerializer,
        responses={200: ChildTransferSerializer, 400: ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, TransferStatus.ACCEPTED)

    @extend_schema(
        summary="Decline, with a reason shown to the requesting ward",
        request=TransferDecisionSerializer,
        responses={200: ChildTransferSerializer, 400: ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(request, TransferStatus.DECLINED)

    @extend_schema(
        summary="Withdraw the request (the requesting ward)",
        request=TransferDecisionSerializer,
        responses={200: ChildTransferSerializer, 400: ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._decide(request, TransferStatus.CANCELLED)
