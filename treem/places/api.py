"""The register's API: /api/v1/places/, /api/v1/facilities/ and
/api/v1/place-inspections/. Reads are scoped like the pages (outside the
caller's area is 404, as missing); writes go through the same services."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from treem.areas.models import AdminUnit
from treem.children.models import Child
from treem.core.api import requires

from .access import EDIT, VIEW, can_see_children, get_place
from .models import FacilityChild, Inspection, Place, PlaceType, Register, SafetyStatus
from .services import PlaceError, create_place, record_inspection, update_place


def _error(exc):
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


class PlaceSerializer(serializers.ModelSerializer):
    type = serializers.SlugRelatedField(slug_field="code", queryset=PlaceType.objects.none())
    unit = serializers.PrimaryKeyRelatedField(queryset=AdminUnit.objects.all())
    register = serializers.CharField(read_only=True)
    ward = serializers.PrimaryKeyRelatedField(read_only=True)
    safety_status = serializers.ChoiceField(choices=SafetyStatus.choices, read_only=True)

    REGISTER = Register.VENUE

    class Meta:
        model = Place
        # The register's audited fields less the licence, which only facilities carry.
        fields = [
            "id",
            *(f for f in Place.AUDIT_FIELDS if not f.startswith("licence_")),
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = PlaceType.objects.of(self.REGISTER)


class FacilitySerializer(PlaceSerializer):
    children_in_care = serializers.SerializerMethodField()

    REGISTER = Register.FACILITY

    class Meta(PlaceSerializer.Meta):
        fields = [
            *PlaceSerializer.Meta.fields,
            "licence_number",
            "licence_date",
            "licence_issuer",
            "children_in_care",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_children_in_care(self, obj) -> list[int]:
        """Registry ids of the children now in the facility's care that the
        caller may see (empty without access to personal data)."""
        request = self.context.get("request")
        if request is None or not can_see_children(request.user, obj):
            return []
        visible = Child.objects.visible_to(request.user).values("pk")
        return list(
            FacilityChild.objects.filter(facility=obj, until__isnull=True, child__in=visible)
            .order_by("child_id")
            .values_list("child_id", flat=True)
        )


class _RegisterViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    register = Register.VENUE
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["ward", "unit", "safety_status"]

    def get_permissions(self):
        if self.action in ("create", "partial_update", "update"):
            return [requires(EDIT)()]
        return [requires(VIEW)()]

    def get_queryset(self):
        return (
            Place.objects.visible_to(self.request.user)
            .filter(register=self.register)
            .select_related("type")
            .order_by("ward_id", "name", "pk")
        )

    def get_object(self):
        place = get_place(self.request.user, self.kwargs["pk"])
        if place.register != self.register:
            raise Http404
        return place

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            place = create_place(actor=request.user, **serializer.validated_data)
        except PlaceError as exc:
            raise _error(exc) from None
        return Response(self.get_serializer(place).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        place = self.get_object()
        serializer = self.get_serializer(place, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            place = update_place(place, actor=request.user, **serializer.validated_data)
        except PlaceError as exc:
            raise _error(exc) from None
        return Response(self.get_serializer(place).data)


class PlaceViewSet(_RegisterViewSet):
    """Places for children: play spaces, cultural and sports venues, welfare works."""

    serializer_class = PlaceSerializer
    register = Register.VENUE


class FacilityViewSet(_RegisterViewSet):
    """Care facilities, independent nurseries and charity programmes for children."""

    serializer_class = FacilitySerializer
    register = Register.FACILITY


class PlaceActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    description = serializers.CharField(max_length=300)
    owed_by = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    done_on = serializers.DateField(read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)


class PlaceInspectionSerializer(serializers.ModelSerializer):
    place = serializers.IntegerField(source="place_id")
    result = serializers.ChoiceField(
        choices=[c for c in SafetyStatus.choices if c[0] != SafetyStatus.UNKNOWN]
    )
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=["yes", "no", "na"]),
        write_only=True,
        required=False,
        help_text="Checklist answers by item code.",
    )
    checks = serializers.SerializerMethodField()
    actions = PlaceActionSerializer(many=True, required=False)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "place",
            "inspected_on",
            "inspectors",
            "result",
            "findings",
            "answers",
            "checks",
            "actions",
        ]
        read_only_fields = ["id"]

    def get_checks(self, obj) -> dict[str, str]:
        return {c.item.code: c.answer for c in obj.checks.all()}


class PlaceInspectionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Safety inspections of places and facilities, with their checklist
    answers and follow-up actions."""

    serializer_class = PlaceInspectionSerializer
    filterset_fields = ["place", "result"]

    def get_permissions(self):
        if self.action == "create":
            return [requires(EDIT)()]
        return [requires(VIEW)()]

    def get_queryset(self):
        return (
            Inspection.objects.visible_to(self.request.user)
            .prefetch_related("checks__item", "actions")
            .order_by("-inspected_on", "-pk")
        )

    @extend_schema(responses={201: PlaceInspectionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        place = get_place(request.user, data["place_id"])
        try:
            inspection = record_inspection(
                place,
                actor=request.user,
                inspected_on=data["inspected_on"],
                inspectors=data["inspectors"],
                result=data["result"],
                findings=data.get("findings", ""),
                answers=data.get("answers") or {},
                actions=data.get("actions") or [],
            )
        except PlaceError as exc:
            raise _error(exc) from None
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(self.get_serializer(inspection).data, status=status.HTTP_201_CREATED)


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("places", PlaceViewSet, basename="place")
    router.register("facilities", FacilityViewSet, basename="facility")
    router.register("place-inspections", PlaceInspectionViewSet, basename="place-inspection")
