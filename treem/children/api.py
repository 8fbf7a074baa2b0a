"""The registry's REST API: children, and their special circumstances, risks and
caregivers as nested resources.

Scoped exactly like the pages: a child outside the caller's VIEW_PERSONAL scope
is 404, the same as a missing one. A visible child the caller may not edit
(no EDIT_PERSONAL over its unit, e.g. a ward approver) is 403 on writes:
the record's existence is no secret to someone who can read it. Every write
goes through the services, which write the audit events; sensitive fields and
sensitive episodes are left out for callers without VIEW_SENSITIVE, and each
response that shows them writes a VIEW_SENSITIVE event.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user, has_perm, scope_for
from treem.areas.models import AdminUnit
from treem.core.api import FilterBackend, requires

from .api_serializers import (
    CHILD_ERRORS_SCHEMA,
    FIELD_ERRORS_SCHEMA,
    CaregiverLinkSerializer,
    ChildSerializer,
    ChildWriteSerializer,
    CircumstanceSerializer,
    ConflictSerializer,
    DuplicateSerializer,
    EndEpisodeSerializer,
    RiskSerializer,
)
from .api_transfers import ChildTransferViewSet
from .models import (
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    RiskEpisode,
)
from .queries import ChildFilter
from .services import (
    DuplicateId,
    EditConflict,
    PossibleDuplicate,
    RegistryError,
    add_caregiver,
    add_circumstance,
    add_risk,
    can_see_sensitive,
    create_child,
    end_episode,
    log_sensitive_view,
    move_child,
    sensitive_fields_shown,
    update_child,
)


def _units(user):
    """Units the caller may filter by: those of their VIEW_PERSONAL scope."""
    return AdminUnit.objects.filter(scope_for(user, Perm.VIEW_PERSONAL).q(""))


def _visible_child(request, pk):
    return get_for_user(Child.objects.select_related("unit"), request.user, pk)


def _check_can_edit(user, child):
    if not has_perm(user, Perm.EDIT_PERSONAL, child.unit):
        raise PermissionDenied(_("You may read this record but not change it."))


def _registry_error(exc):
    return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]})


def _duplicate_id(user, exc):
    """The registered ID: the record's id inside the caller's area; outside it
    nothing of the record, only that a transfer may be asked for."""
    body = {"personal_id": [exc.message_for(user)]}
    if exc.visible_to(user):
        body["existing_id"] = exc.existing.pk
    else:
        body["transfer_possible"] = True
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class ApiChildFilter(ChildFilter):
    """The list page's filters; the code filters name the type of their query
    parameter (a reference code's id) for the schema."""

    @extend_schema_field(OpenApiTypes.INT)
    def filter_circ(self, queryset, name, value):
        return super().filter_circ(queryset, name, value)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_risk(self, queryset, name, value):
        return super().filter_risk(queryset, name, value)


class ChildFilterBackend(FilterBackend):
    """The list page's ChildFilter, built for the caller: their units, and the
    sensitive filters only for those who may see sensitive fields."""

    plain_ids = False

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        user = request.user
        kwargs.pop("request", None)
        kwargs.update(user=user, sensitive=has_perm(user, Perm.VIEW_SENSITIVE), units=_units(user))
        return kwargs

    def get_filterset(self, request, queryset, view):
        # Kept on the view: the list's audit event names the sensitive filters used.
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset


# --- serializers ----------------------------------------------------------------


def _log_page(user, children, filters_used=()):
    """One VIEW_SENSITIVE event for a page of children showing sensitive values
    or filtered on a sensitive value (named even when no child is listed),
    filed under the page's ward when it has one, as the list page does."""
    fields, ids = set(filters_used), []
    for child in children:
        shown = sensitive_fields_shown(child) if can_see_sensitive(user, child) else ()
        fields.update(shown)
        if shown or filters_used:
            ids.append(child.pk)
    wards = {c.ward for c in children}
    return log_sensitive_view(
        user,
        None,
        fields,
        unit=wards.pop() if len(wards) == 1 else None,
        note=f"api: children {', '.join(map(str, ids))}",
    )


@extend_schema_view(
    list=extend_schema(
        summary="Children visible to the caller, with the list page's filters and search",
        responses={
            200: ChildSerializer(many=True),
            400: OpenApiResponse(
                FIELD_ERRORS_SCHEMA,
                description="An invalid filter value; a sensitive code is refused, as a "
                "missing one, to callers without the sensitive-data permission.",
            ),
        },
    ),
    retrieve=extend_schema(summary="One child; 404 outside the caller's scope"),
)
class ChildViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Children of the registry, scoped to the caller's area. No delete: records
    leave the working lists through their status (moved out, deceased, merged)."""

    serializer_class = ChildSerializer
    permission_classes = [requires(Perm.VIEW_PERSONAL)]
    filter_backends = [ChildFilterBackend]
    filterset_class = ApiChildFilter
    lookup_value_regex = r"\d+"
    queryset = Child.objects.none()

    def get_queryset(self):
        return Child.objects.visible_to(self.request.user).select_related(
            "unit",
            "ward",
            "personal_id_missing_reason",
            "ethnicity",
            "dropout_reason",
            "disability_type",
        )

    def get_object(self):
        return _visible_child(self.request, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ChildWriteSerializer
        return ChildSerializer

    def _show(self, child, status_code=status.HTTP_200_OK):
        child = self.get_queryset().get(pk=child.pk)
        data = ChildSerializer(child, context=self.get_serializer_context()).data
        if can_see_sensitive(self.request.user, child):
            log_sensitive_view(self.request.user, child, sensitive_fields_shown(child), note="api")
        return Response(data, status=status_code)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        filterset = getattr(self, "filterset", None)
        _log_page(request.user, page, filterset.sensitive_filters_used() if filterset else ())
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        return self._show(self.get_object())

    @extend_schema(
        request=ChildWriteSerializer,
        responses={
            201: ChildSerializer,
            400: OpenApiResponse(
                CHILD_ERRORS_SCHEMA,
                description="Field errors, or the personal ID already in the registry "
                "(`existing_id` inside the caller's area, `transfer_possible` outside it).",
            ),
            409: OpenApiResponse(
                DuplicateSerializer,
                description="Possible duplicates: check them, then resend with "
                "confirm_not_duplicate.",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        if not has_perm(request.user, Perm.EDIT_PERSONAL):
            raise PermissionDenied(_("You may read records but not register children."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        try:
            child = create_child(
                actor=request.user,
                unit=v["unit"],
                ward=v["ward"],
                data=v["data"],
                confirmed=v["confirmed"],
            )
        except DuplicateId as exc:
            return _duplicate_id(request.user, exc)
        except PossibleDuplicate as exc:
            return Response(
                {"detail": str(exc), "candidates": [c.pk for c in exc.candidates]},
                status=status.HTTP_409_CONFLICT,
            )
        except RegistryError as exc:
            raise _registry_error(exc) from None
        return self._show(child, status.HTTP_201_CREATED)

    @extend_schema(
        request=ChildWriteSerializer,
        responses={
            200: ChildSerializer,
            400: OpenApiResponse(CHILD_ERRORS_SCHEMA, description="Field errors."),
            409: OpenApiResponse(
                ConflictSerializer,
                description="The record changed since `version`: nothing was saved.",
            ),
        },
    )
    def update(self, request, *args, **kwargs):
        """Changes a child. `version` must be the version read; PUT validates
        the identity fields as sent, PATCH merges them with the record."""
        child = self.get_object()
        _check_can_edit(request.user, child)
        serializer = self.get_serializer(child, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        try:
            child = update_child(
                child, actor=request.user, data=v["data"], expected_version=v["version"]
            )
            if v["unit"] is not None:
                child = move_child(child, actor=request.user, unit=v["unit"], ward=v["ward"])
        except EditConflict as exc:
            current = self.get_queryset().get(pk=exc.current.pk)
            response = self._show(current, status.HTTP_409_CONFLICT)
            response.data = {
                "detail": str(exc),
                "your_version": v["version"],
                "current_version": current.version,
                "current": response.data,
            }
            return response
        except DuplicateId as exc:
            return _duplicate_id(request.user, exc)
        except RegistryError as exc:
            raise _registry_error(exc) from None
        return self._show(child)

    @extend_schema(
        request=ChildWriteSerializer,
        responses={
            200: ChildSerializer,
            400: OpenApiResponse(CHILD_ERRORS_SCHEMA, description="Field errors."),
            409: OpenApiResponse(ConflictSerializer, description="Stale version."),
        },
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


CHILD_PK = OpenApiParameter("child_pk", OpenApiTypes.INT, OpenApiParameter.PATH)


class NestedMixin:
    """Resources of one child: 404 unless the child is visible; writes need
    EDIT_PERSONAL over the child's unit (else 403)."""

    permission_classes = [requires(Perm.VIEW_PERSONAL)]
    lookup_value_regex = r"\d+"
    pagination_class = None

    def get_child(self):
        if not hasattr(self, "_child"):
            self._child = _visible_child(self.request, self.kwargs["child_pk"])
        return self._child

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        context["sensitive"] = can_see_sensitive(self.request.user, self.get_child())
        return context

    def check_can_edit(self):
        _check_can_edit(self.request.user, self.get_child())


class EpisodeViewSet(
    NestedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    model = None
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        child = self.get_child()
        episodes = self.model.objects.filter(child=child).select_related("code", "recorded_by")
        if self.model is CircumstanceEpisode:
            episodes = episodes.select_related("subgroup")
        if not can_see_sensitive(self.request.user, child):
            episodes = episodes.filter(code__sensitive=False)
            if self.model is CircumstanceEpisode:
                episodes = episodes.exclude(subgroup__sensitive=True)
        return episodes

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError):
            raise Http404 from None

    def _log(self, episodes):
        child = self.get_child()
        shown = [f for f in sensitive_fields_shown(child, episodes) if ":" in f]
        log_sensitive_view(self.request.user, child, shown, note="api")

    def list(self, request, *args, **kwargs):
        episodes = list(self.get_queryset())
        self._log(episodes)
        return Response(self.get_serializer(episodes, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        episode = self.get_object()
        self._log([episode])
        return Response(self.get_serializer(episode).data)

    def create(self, request, *args, **kwargs):
        self.check_can_edit()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            episode = self.add(self.get_child(), serializer.validated_data)
        except RegistryError as exc:
            raise _registry_error(exc) from None
        return Response(self.get_serializer(episode).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Ends the episode (the only change allowed): `ended_on`, or today."""
        self.check_can_edit()
        episode = self.get_object()
        serializer = EndEpisodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ended_on = serializer.validated_data["ended_on"] or timezone.localdate()
        try:
            episode = end_episode(episode, actor=request.user, ended_on=ended_on)
        except RegistryError as exc:
            raise _registry_error(exc) from None
        return Response(self.get_serializer(episode).data)


def _episode_schema(serializer, what):
    return extend_schema_view(
        list=extend_schema(summary=f"The child's {what}", parameters=[CHILD_PK]),
        retrieve=extend_schema(summary=f"One of the child's {what}", parameters=[CHILD_PK]),
        create=extend_schema(
            summary=f"Record one of the child's {what}",
            parameters=[CHILD_PK],
            responses={201: serializer, 400: OpenApiResponse(FIELD_ERRORS_SCHEMA)},
        ),
        partial_update=extend_schema(
            summary="End the episode",
            parameters=[CHILD_PK],
            request=EndEpisodeSerializer,
            responses={200: serializer, 400: OpenApiResponse(FIELD_ERRORS_SCHEMA)},
        ),
    )


@_episode_schema(CircumstanceSerializer, "special circumstances")
class CircumstanceViewSet(EpisodeViewSet):
    """Special circumstances (Art. 10) of a child, as dated episodes."""

    model = CircumstanceEpisode
    serializer_class = CircumstanceSerializer

    def add(self, child, v):
        return add_circumstance(
            child,
            actor=self.request.user,
            code=v["code"],
            subgroup=v.get("subgroup"),
            started_on=v["started_on"],
            ended_on=v.get("ended_on"),
            evidence_note=v.get("evidence_note", ""),
        )


@_episode_schema(RiskSerializer, "risks")
class RiskViewSet(EpisodeViewSet):
    """Risk categories of a child, as dated episodes."""

    model = RiskEpisode
    serializer_class = RiskSerializer

    def add(self, child, v):
        return add_risk(
            child,
            actor=self.request.user,
            code=v["code"],
            started_on=v["started_on"],
            ended_on=v.get("ended_on"),
            evidence_note=v.get("evidence_note", ""),
        )


@extend_schema_view(
    list=extend_schema(summary="The child's caregivers", parameters=[CHILD_PK]),
    create=extend_schema(
        summary="Link a caregiver; an existing caregiver with the same ID, or the same "
        "phone and name, among those the caller may see is reused (siblings share "
        "caregivers); outside the caller's scope a new caregiver record is made",
        parameters=[CHILD_PK],
        responses={
            201: CaregiverLinkSerializer,
            400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description="Field errors."),
        },
    ),
)
class CaregiverViewSet(
    NestedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Parents, guardians and other caregivers of a child."""

    serializer_class = CaregiverLinkSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChildCaregiver.objects.none()
        return (
            ChildCaregiver.objects.filter(child=self.get_child())
            .select_related("caregiver", "relation")
            .order_by("relation__order", "pk")
        )

    def create(self, request, *args, **kwargs):
        self.check_can_edit()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = dict(serializer.validated_data)
        person = v.pop("caregiver", {})
        try:
            link = add_caregiver(self.get_child(), actor=request.user, **v, **person)
        except RegistryError as exc:
            raise _registry_error(exc) from None
        return Response(self.get_serializer(link).data, status=status.HTTP_201_CREATED)


def register(router):
    """Adds the registry's endpoints to the API router (config/urls.py)."""
    router.register("children", ChildViewSet, basename="child")
    router.register(
        r"children/(?P<child_pk>\d+)/circumstances",
        CircumstanceViewSet,
        basename="child-circumstance",
    )
    router.register(r"children/(?P<child_pk>\d+)/risks", RiskViewSet, basename="child-risk")
    router.register(
        r"children/(?P<child_pk>\d+)/caregivers", CaregiverViewSet, basename="child-caregiver"
    )
    router.register("child-transfers", ChildTransferViewSet, basename="child-transfer")
