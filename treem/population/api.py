"""The linkage in the REST API: runs and register links of the caller's area, and the review
decisions, through the same services as the pages."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from treem.accounts.permissions import Perm
from treem.children.models import ChildCaregiver
from treem.children.services import RegistryError
from treem.core.api import requires

from . import services
from .models import LinkageRun, LinkCandidate, RegisterPerson


class LinkageRunSerializer(serializers.ModelSerializer):
    # Plain text, not choices: the names "kind" and "state" are used by other apps' enums.
    kind = serializers.CharField(read_only=True)
    unit = serializers.CharField(source="unit.name", read_only=True)
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)
    summary = serializers.DictField(read_only=True)

    class Meta:
        model = LinkageRun
        fields = ["id", "kind", "unit", "filename", "job", "summary", "created_at"]


class RegisterPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegisterPerson
        fields = [
            "person_id",
            "full_name",
            "date_of_birth",
            "sex",
            "mother_name",
            "father_name",
            "ward_name",
        ]


class LinkSerializer(serializers.ModelSerializer):
    person = RegisterPersonSerializer(read_only=True, allow_null=True)
    decision = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    differences = serializers.ListField(child=serializers.DictField(), read_only=True)
    # Why the link waits for an officer (issue 18, point 3): the code for programs, and the
    # sentence the review page shows, in the caller's language.
    reason = serializers.ChoiceField(
        choices=LinkCandidate.Reason.choices,
        allow_blank=True,
        read_only=True,
        help_text="Why the link waits for an officer's review; empty when it does not wait.",
    )
    reason_text = serializers.CharField(
        source="get_reason_display",
        read_only=True,
        help_text="The reason as the review page words it, in the caller's language.",
    )

    class Meta:
        model = LinkCandidate
        fields = [
            "id",
            "run",
            "child",
            "person",
            "match_probability",
            "decision",
            "state",
            "reason",
            "reason_text",
            "differences",
        ]


class LinkDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class LinkageRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Linkage runs over the caller's areas, with their summary."""

    serializer_class = LinkageRunSerializer
    permission_classes = [requires(Perm.RUN_LINKAGE)]

    def get_queryset(self):
        return LinkageRun.objects.visible_to(self.request.user).select_related("unit")


class LinkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Register links of the caller's children; ``?run=`` and ``?state=`` filter them."""

    serializer_class = LinkSerializer
    permission_classes = [requires(Perm.RUN_LINKAGE)]

    def get_queryset(self):
        links = LinkCandidate.objects.visible_to(self.request.user).select_related("person")
        params = self.request.query_params
        if params.get("run", "").isdigit():
            links = links.filter(run_id=int(params["run"]))
        if params.get("state"):
            links = links.filter(state=params["state"])
        return links

    def _decide(self, request, decide):
        link = self.get_object()
        note = LinkDecisionSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        try:
            decide(link, note.validated_data.get("note", ""))
        except (services.LinkError, RegistryError) as exc:
            raise ValidationError({"detail": str(exc)}) from None
        caregivers = ChildCaregiver.objects.select_related("caregiver", "relation")
        fresh = (
            self.get_queryset()
            .prefetch_related(Prefetch("child__caregiver_links", queryset=caregivers))
            .get(pk=link.pk)
        )
        return Response(LinkSerializer(fresh).data)

    @extend_schema(request=LinkDecisionSerializer, responses=LinkSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The same child: attach the register's ID and fill empty fields."""
        return self._decide(
            request, lambda link, note: services.accept_link(link, actor=request.user)
        )

    @extend_schema(request=LinkDecisionSerializer, responses=LinkSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Another child: nothing changes on the record."""
        return self._decide(
            request, lambda link, note: services.reject_link(link, actor=request.user, note=note)
        )


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("linkage-runs", LinkageRunViewSet, basename="linkage-run")
    router.register("register-links", LinkViewSet, basename="register-link")
