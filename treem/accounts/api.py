from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from treem.core.api import requires

from .models import RoleAssignment, User
from .permissions import Perm
from .scope import active_assignments
from .views import visible_users


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "unit", "agency", "starts_on", "expires_on"]


class StaffSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "phone", "job_title", "is_active"]


class MeSerializer(StaffSerializer):
    assignments = serializers.SerializerMethodField()

    class Meta(StaffSerializer.Meta):
        fields = [*StaffSerializer.Meta.fields, "assignments"]

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, obj):
        return AssignmentSerializer(active_assignments(obj), many=True).data


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user and their active roles."""
    return Response(MeSerializer(request.user).data)


class StaffViewSet(viewsets.ReadOnlyModelViewSet):
    """Staff whose roles lie in the caller's area."""

    serializer_class = StaffSerializer
    permission_classes = [requires(Perm.VIEW_STAFF)]

    def get_queryset(self):
        return visible_users(self.request.user).order_by("username")
