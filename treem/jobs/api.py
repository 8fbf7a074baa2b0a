from rest_framework import serializers, viewsets

from .models import Job


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "progress",
            "message",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background jobs the caller may see, with their progress."""

    serializer_class = JobSerializer

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user)
