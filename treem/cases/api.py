"""The cases API: /api/v1/cases/ with the same sealing as the pages, and
action endpoints that call the same services for every move.

A case outside the caller's reach is 404 (same as missing). Recording an
intake needs RECORD_CASE_REPORTS only; the recorder gets the case number back
but not the case unless they may read it. Agencies answer referrals and record
their result through /api/v1/case-referrals/, which shows only what the
referral shares."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from treem.accounts.permissions import Perm
from treem.areas.models import AdminUnit
from treem.children.models import Child
from treem.core.api import requires

from .models import (
    Case,
    CaseCode,
    CaseStatus,
    Channel,
    ClosureDecision,
    CodeKind,
    ContactMode,
    DecisionOutcome,
    Perpetrator,
    Referral,
    ReferralOutcome,
    ReportedSex,
    StatusChange,
)
from .services import (
    CaseError,
    EditConflict,
    answer_referral,
    change_status,
    complete_step,
    decide_closure,
    decide_plan,
    propose_closure,
    record_intake,
    record_referral_result,
    referrals_for_agency_user,
    save_step,
)
from .services.access import get_case, log_case_view
from .services.steps import STEPS
from .services.workflow import TRANSITIONS


def _error(exc):
    return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]})


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "cycle", "at", "actor", "note"]


class CaseSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    # Blank until the case is closed; a read-only model field would lose
    # allow_blank and the schema would leave "" out of the enum.
    closure_outcome = serializers.ChoiceField(
        choices=Case._meta.get_field("closure_outcome").choices, allow_blank=True, read_only=True
    )
    allowed_targets = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "version",
            "unit",
            "child",
            "assigned_officer",
            "status",
            "status_changed_at",
            "cycle",
            "received_at",
            "serious_harm",
            "due_at",
            "due_source",
            "due_local_practice",
            "emergency_due_at",
            "plan_due_at",
            "overdue",
            "closure_outcome",
            "closure_reason",
            "closed_at",
            "transferred_from",
            "allowed_targets",
        ]
        read_only_fields = fields

    def get_allowed_targets(self, obj) -> list[str]:
        return sorted(TRANSITIONS.get(obj.status, set()))


class CaseDetailSerializer(CaseSerializer):
    timeline = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "timeline"]
        read_only_fields = fields


class IntakeSerializer(serializers.Serializer):
    """Mẫu 01. `child` is the registry id of a child the caller may see."""

    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = serializers.DateTimeField()
    event_ward = serializers.PrimaryKeyRelatedField(queryset=AdminUnit.objects.all())
    event_place = serializers.CharField()
    event_at = serializers.DateTimeField(required=False, allow_null=True)
    description = serializers.CharField()
    harm_kinds = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=CaseCode.objects.filter(kind=CodeKind.HARM)
    )
    perpetrator_relation = serializers.ChoiceField(
        choices=Perpetrator.choices, default=Perpetrator.UNKNOWN
    )
    reporter_anonymous = serializers.BooleanField(default=False)
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_contact = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_relation = serializers.CharField(required=False, allow_blank=True, default="")
    child_situation = serializers.CharField(required=False, allow_blank=True, default="")
    child = serializers.IntegerField()
    # Mẫu 01's further fields (Decree 56/2017 appendix), all optional.
    contact_mode = serializers.ChoiceField(choices=ContactMode.choices, required=False)
    child_age_estimate = serializers.CharField(required=False, allow_blank=True, max_length=30)
    child_sex_reported = serializers.ChoiceField(choices=ReportedSex.choices, required=False)
    father_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    father_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=10, max_value=120
    )
    father_occupation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    mother_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    mother_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=10, max_value=120
    )
    mother_occupation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    family_situation = serializers.CharField(required=False, allow_blank=True)
    current_caregiver = serializers.CharField(required=False, allow_blank=True, max_length=300)
    actions_taken = serializers.CharField(required=False, allow_blank=True)
    likely_harm = serializers.CharField(required=False, allow_blank=True)


class IntakeResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class TransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(
        # No verification stage: a report goes straight to the initial
        # assessment (Decree 56/2017 Art. 26(1)); an emergency needs a note.
        choices=[CaseStatus.REVIEW, CaseStatus.EMERGENCY, CaseStatus.CLOSED_UNSUBSTANTIATED]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class StepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(STEPS))
    data = serializers.DictField(help_text="The step's fields, as in its form.")
    version = serializers.IntegerField(
        required=False, help_text="The step's version the change is based on (0 for a new one)."
    )
    complete = serializers.BooleanField(
        default=False, help_text="Complete the step and move the case on."
    )


class ClosureSerializer(serializers.Serializer):
    """`reason` to propose closing (officer); `decision` and `comments` for
    the chairman's decision (Decree 56/2017 Art. 30(1)(b))."""

    reason = serializers.CharField(required=False, allow_blank=True, default="")
    decision = serializers.ChoiceField(choices=ClosureDecision.choices, required=False)
    comments = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    comments = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    filterset_fields = ["status", "unit"]

    def get_permissions(self):
        if self.action == "create":
            return [requires(Perm.RECORD_CASE_REPORTS)()]
        return [requires(Perm.MANAGE_CASES)()]

    def get_queryset(self):
        return Case.objects.visible_to(self.request.user).order_by("due_at", "-received_at")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CaseDetailSerializer
        return CaseSerializer

    def retrieve(self, request, *args, **kwargs):
        case = get_case(request.user, kwargs["pk"])
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    def _case(self):
        return get_case(self.request.user, self.kwargs["pk"])

    def _answer(self, run):
        try:
            case = run()
        except EditConflict as exc:
            return Response(
                {"detail": str(exc), "current_version": exc.current.version},
                status=status.HTTP_409_CONFLICT,
            )
        except CaseError as exc:
            raise _error(exc) from None
        case.refresh_from_db()
        return Response(CaseSerializer(case, context={"request": self.request}).data)

    @extend_schema(request=IntakeSerializer, responses={201: IntakeResultSerializer})
    def create(self, request):
        serializer = IntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = Child.objects.visible_to(request.user).filter(pk=data.pop("child")).first()
        if child is None:
            raise ValidationError({"child": [_("No child with this number in your area.")]})
        try:
            case = record_intake(actor=request.user, child=child, **data)
        except CaseError as exc:
            raise _error(exc) from None
        return Response({"id": case.pk, "number": case.number}, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TransitionSerializer, responses={200: CaseSerializer, 409: OpenApiResponse()}
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case = self._case()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        return self._answer(
            lambda: change_status(
                case,
                d["target"],
                actor=request.user,
                note=d["note"],
                expected_version=d.get("version"),
            )
        )

    @extend_schema(request=StepSerializer, responses={200: CaseSerializer, 409: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        case = self._case()
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        from .forms import step_form_class

        model = STEPS[d["kind"]][0]
        raw = dict(d["data"])
        # Missing fields take the model's default, as a new form would show it.
        for name in model.CONTENT_FIELDS:
            field = model._meta.get_field(name)
            if name not in raw and field.has_default():
                raw[name] = field.get_default()
        form = step_form_class(d["kind"])(data=raw, instance=model(case=case))
        if not form.is_valid():
            raise ValidationError(form.errors)
        content = {n: form.cleaned_data[n] for n in STEPS[d["kind"]][0].CONTENT_FIELDS}

        def run():
            save_step(
                case, d["kind"], content, actor=request.user, expected_version=d.get("version")
            )
            if d["complete"]:
                return complete_step(case, d["kind"], actor=request.user)
            return case

        return self._answer(run)

    @extend_schema(
        request=DecisionSerializer, responses={200: CaseSerializer, 409: OpenApiResponse()}
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        case = self._case()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        return self._answer(
            lambda: decide_plan(
                case,
                actor=request.user,
                outcome=d["outcome"],
                decision_number=d["decision_number"],
                comments=d["comments"],
                expected_version=d.get("version"),
            )
        )

    @extend_schema(
        request=ClosureSerializer, responses={200: CaseSerializer, 409: OpenApiResponse()}
    )
    @action(detail=True, methods=["post"])
    def closure(self, request, pk=None):
        """Without `decision`: the officer proposes closing; with it: the
        chairman closes the case or returns the proposal."""
        case = self._case()
        serializer = ClosureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        if d.get("decision"):
            return self._answer(
                lambda: decide_closure(
                    case,
                    actor=request.user,
                    decision=d["decision"],
                    comments=d["comments"],
                    expected_version=d.get("version"),
                )
            )
        return self._answer(
            lambda: propose_closure(
                case, actor=request.user, reason=d["reason"], expected_version=d.get("version")
            )
        )


class ReferralSerializer(serializers.ModelSerializer):
    """Only what the agency needs; not the case file."""

    case_number = serializers.CharField(source="case.number", read_only=True)
    child_name = serializers.CharField(source="case.child.full_name", read_only=True)
    child_date_of_birth = serializers.DateField(source="case.child.date_of_birth", read_only=True)
    ward = serializers.CharField(source="case.unit.name", read_only=True)
    # Blank until the agency records a result (as closure_outcome above).
    result_outcome = serializers.ChoiceField(
        choices=ReferralOutcome.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "case_number",
            "child_name",
            "child_date_of_birth",
            "ward",
            "agency",
            "service_type",
            "reason",
            "shared_information",
            "state",
            "sent_at",
            "answered_at",
            "answer_note",
            "result_action",
            "result_on",
            "result_outcome",
            "result_recorded_at",
        ]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReferralResultSerializer(serializers.Serializer):
    """What the agency did and how it went, once it has accepted."""

    result_action = serializers.CharField(help_text="What the agency did.")
    result_outcome = serializers.ChoiceField(choices=ReferralOutcome.choices)
    result_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Defaults to today."
    )


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReferralSerializer
    permission_classes = [requires(Perm.HANDLE_REFERRALS)]

    def get_queryset(self):
        return referrals_for_agency_user(self.request.user).select_related(
            "case__child", "case__unit"
        )

    def retrieve(self, request, *args, **kwargs):
        referral = self.get_object()
        log_case_view(referral.case, request.user, note=f"referral {referral.pk} viewed")
        return Response(self.get_serializer(referral).data)

    @extend_schema(request=AnswerSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        referral = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            referral = answer_referral(referral, actor=request.user, **serializer.validated_data)
        except CaseError as exc:
            raise _error(exc) from None
        return Response(self.get_serializer(referral).data)

    @extend_schema(request=ReferralResultSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        """Records what the agency did and the result; the ward is told."""
        referral = self.get_object()
        serializer = ReferralResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            referral = record_referral_result(
                referral,
                actor=request.user,
                action=d["result_action"],
                outcome=d["result_outcome"],
                on=d.get("result_on"),
            )
        except CaseError as exc:
            raise _error(exc) from None
        return Response(self.get_serializer(referral).data)


def register(router):
    """Add this app's API endpoints to the project's router."""
    router.register("cases", CaseViewSet, basename="case")
    router.register("case-referrals", ReferralViewSet, basename="case-referral")


__all__ = ["Http404", "register"]
