from rest_framework import serializers, viewsets

from treem.accounts.permissions import Perm
from treem.core.api import requires

from .filters import AuditEventFilter
from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor",
            "actor_label",
            "action",
            "subject_type",
            "subject_id",
            "unit",
            "ip",
            "request_id",
            "changes",
            "note",
        ]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail (read-only), scoped to the caller's area."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    permission_classes = [requires(Perm.BROWSE_AUDIT)]

    def get_queryset(self):
        return AuditEvent.objects.visible_to(self.request.user)
