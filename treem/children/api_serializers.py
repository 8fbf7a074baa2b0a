"""Serializers of the children's API (the viewsets are in api.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.areas.models import AdminUnit

from .models import (
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    CodeKind,
    ReferenceCode,
    RiskEpisode,
    Sex,
)
from .services import (
    can_see_sensitive,
)
from .validation import Lookups, validate_child, validate_unit

# Fields validate_child checks and normalises (same messages as the forms).
CORE_FIELDS = (
    "personal_id",
    "personal_id_missing_reason",
    "family_name",
    "middle_name",
    "given_name",
    "date_of_birth",
    "dob_precision",
    "sex",
    "ethnicity",
    "dropout_reason",
    "disability_type",
)
# Editable fields checked by their serializer field alone.
PLAIN_FIELDS = (
    "nationality",
    "birth_registration",
    "birth_registration_place",
    "address_line",
    "resident_since",
    "school_level",
    "school_name",
    "grade",
    "enrolled",
    "dropped_out_on",
    "health_insurance_card",
    "disability_level",
    "fully_vaccinated",
    "vaccination_recorded_on",
    "nutrition_status",
    "nutrition_measured_on",
)
SENSITIVE_NOTE = gettext_lazy("Left out for callers without the sensitive-data permission.")


class ChildSerializer(serializers.ModelSerializer):
    """A child as the caller may see it."""

    full_name = serializers.CharField(read_only=True)
    aged_out = serializers.BooleanField(read_only=True)
    personal_id_missing_reason = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    # Sensitive fields are not marked read-only, only so that the schema shows
    # them as optional (they are left out for some callers); this serializer
    # is never used for input.
    ethnicity = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ReferenceCode.objects.all(),
        required=False,
        allow_null=True,
        help_text=SENSITIVE_NOTE,
    )
    dropout_reason = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    disability_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ReferenceCode.objects.all(),
        required=False,
        allow_null=True,
        help_text=SENSITIVE_NOTE,
    )

    class Meta:
        model = Child
        fields = [
            "id",
            "version",
            "personal_id",
            "personal_id_missing_reason",
            "id_status",
            "family_name",
            "middle_name",
            "given_name",
            "full_name",
            "date_of_birth",
            "dob_precision",
            "sex",
            "ethnicity",
            "nationality",
            "birth_registration",
            "birth_registration_place",
            "unit",
            "ward",
            "address_line",
            "resident_since",
            "school_level",
            "school_name",
            "grade",
            "enrolled",
            "dropped_out_on",
            "dropout_reason",
            "health_insurance_card",
            "disability_type",
            "disability_level",
            "fully_vaccinated",
            "vaccination_recorded_on",
            "nutrition_status",
            "nutrition_measured_on",
            "status",
            "aged_out",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in Child.SENSITIVE_FIELDS]
        extra_kwargs = {
            name: {"help_text": SENSITIVE_NOTE, "required": False}
            for name in Child.SENSITIVE_FIELDS
            if name not in ("ethnicity", "disability_type")
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not can_see_sensitive(self.context["request"].user, instance):
            for name in Child.SENSITIVE_FIELDS:
                data.pop(name, None)
        return data


class ChildWriteSerializer(serializers.ModelSerializer):
    """What a client sends. Names, date of birth, sex, ID and coded values go
    through validation.validate_child: dates as yyyy-mm-dd, dd/mm/yyyy, mm/yyyy
    or yyyy; codes by their code or their name."""

    personal_id = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    personal_id_missing_reason = serializers.CharField(
        required=False, allow_blank=True, allow_null=True
    )
    family_name = serializers.CharField(required=False, allow_blank=True)
    middle_name = serializers.CharField(required=False, allow_blank=True)
    given_name = serializers.CharField(required=False, allow_blank=True)
    date_of_birth = serializers.CharField(
        required=False, allow_blank=True, help_text="yyyy-mm-dd, dd/mm/yyyy, mm/yyyy or yyyy"
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    ethnicity = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=SENSITIVE_NOTE
    )
    dropout_reason = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    disability_type = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=SENSITIVE_NOTE
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=AdminUnit.objects.all(),
        required=False,
        help_text="The residential group or ward where the child lives.",
    )
    version = serializers.IntegerField(
        required=False, help_text="Required on update: the version the change is based on."
    )
    confirm_not_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text="Set after a 409 listing possible duplicates, once checked.",
    )

    class Meta:
        model = Child
        fields = [*CORE_FIELDS, *PLAIN_FIELDS, "unit", "version", "confirm_not_duplicate"]
        extra_kwargs = {name: {"required": False} for name in PLAIN_FIELDS}
        # Uniqueness of the ID is the duplicate guard's job (DuplicateId).
        validators = []

    def validate(self, attrs):
        user = self.context["request"].user
        child = self.instance
        may_see = can_see_sensitive(user, child) if child else has_perm(user, Perm.VIEW_SENSITIVE)
        if not may_see:
            refused = [n for n in Child.SENSITIVE_FIELDS if n in self.initial_data]
            if refused:
                raise ValidationError(
                    {n: [_("You may not change sensitive fields.")] for n in refused}
                )
        raw = {}
        partial = self.partial and child is not None
        if partial:
            raw = {f: getattr(child, f) for f in CORE_FIELDS}
        raw.update({f: attrs[f] for f in CORE_FIELDS if f in attrs})
        if child is not None and raw.get("date_of_birth") == child.date_of_birth:
            # A record already in the registry may have aged out since.
            raw["allow_aged_out"] = True
        result = validate_child(raw, Lookups())
        if not result.ok:
            raise ValidationError(result.errors)
        data = {k: v for k, v in result.data.items() if k in CORE_FIELDS}
        if child is not None and not partial:
            data = {k: v for k, v in data.items() if k in attrs or k in ("dob_precision",)}
        data.update({f: attrs[f] for f in PLAIN_FIELDS if f in attrs})
        if not may_see:
            for name in Child.SENSITIVE_FIELDS:
                data.pop(name, None)
        unit = attrs.get("unit")
        if child is None and unit is None:
            raise ValidationError(
                {"unit": [_("Choose the ward or residential group where the child lives.")]}
            )
        ward = None
        if unit is not None and (child is None or unit.pk != child.unit_id):
            try:
                unit, ward = validate_unit(unit)
            except ValueError as exc:
                raise ValidationError({"unit": [str(exc)]}) from None
            if not has_perm(user, Perm.EDIT_PERSONAL, unit):
                raise ValidationError({"unit": [_("You may not register children in this unit.")]})
        if child is not None and "version" not in attrs:
            raise ValidationError(
                {"version": [_("Send the version of the record the change is based on.")]}
            )
        return {
            "data": data,
            "unit": unit,
            "ward": ward,
            "version": attrs.get("version"),
            "confirmed": attrs.get("confirm_not_duplicate", False),
        }


class ConflictSerializer(serializers.Serializer):
    """The record changed since the version the change was based on."""

    detail = serializers.CharField()
    your_version = serializers.IntegerField()
    current_version = serializers.IntegerField()
    current = ChildSerializer()


class DuplicateSerializer(serializers.Serializer):
    detail = serializers.CharField()
    candidates = serializers.ListField(child=serializers.IntegerField())


# Bodies of the 400 answers, as raw schemas: DRF names each invalid field
# (any field of the request, or a filter's query parameter) with a list of
# messages; the keys that are not lists are declared beside them.
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Messages by field name; `non_field_errors` for the request as a whole.",
    "properties": {
        "detail": {"type": "string", "description": "A request that could not be read."},
    },
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
CHILD_ERRORS_SCHEMA = {
    **FIELD_ERRORS_SCHEMA,
    "properties": {
        **FIELD_ERRORS_SCHEMA["properties"],
        "existing_id": {
            "type": "integer",
            "description": "The personal ID is registered: the record's id, given only when "
            "the caller may see the record.",
        },
        "transfer_possible": {
            "type": "boolean",
            "description": "The personal ID is registered in another area: the record may be "
            "asked for through /api/v1/child-transfers/.",
        },
    },
}


class EpisodeSerializer(serializers.ModelSerializer):
    """A dated episode. `code` is the code of the group or category."""

    code = serializers.SlugRelatedField(slug_field="code", queryset=ReferenceCode.objects.none())
    # Null for episodes recorded by a command or an import without a user.
    recorded_by = serializers.StringRelatedField(allow_null=True)
    is_open = serializers.BooleanField(read_only=True)
    KIND = None

    class Meta:
        fields = [
            "id",
            "code",
            "started_on",
            "ended_on",
            "is_open",
            "evidence_note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "is_open", "recorded_by", "recorded_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = ReferenceCode.objects.filter(kind=self.KIND, active=True)
        if not self.context.get("sensitive"):
            codes = codes.filter(sensitive=False)
        self.fields["code"].queryset = codes


class CircumstanceSerializer(EpisodeSerializer):
    subgroup = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ReferenceCode.objects.filter(kind=CodeKind.CIRCUMSTANCE_SUBGROUP),
        required=False,
        allow_null=True,
    )
    KIND = CodeKind.CIRCUMSTANCE_GROUP

    class Meta(EpisodeSerializer.Meta):
        model = CircumstanceEpisode
        fields = [
            *EpisodeSerializer.Meta.fields[:2],
            "subgroup",
            *EpisodeSerializer.Meta.fields[2:],
        ]

    def validate_subgroup(self, value):
        if value is not None and value.sensitive and not self.context.get("sensitive"):
            raise ValidationError(_("You may not record sensitive groups."))
        return value


class RiskSerializer(EpisodeSerializer):
    KIND = CodeKind.RISK_CATEGORY

    class Meta(EpisodeSerializer.Meta):
        model = RiskEpisode


class EndEpisodeSerializer(serializers.Serializer):
    ended_on = serializers.DateField(
        allow_null=True, help_text="The last day of the episode; null for today."
    )


class CaregiverLinkSerializer(serializers.ModelSerializer):
    """A caregiver of the child: the shared caregiver record and the link."""

    caregiver = serializers.IntegerField(source="caregiver_id", read_only=True)
    relation = serializers.SlugRelatedField(
        slug_field="code", queryset=ReferenceCode.objects.filter(kind=CodeKind.RELATION)
    )
    full_name = serializers.CharField(source="caregiver.full_name", read_only=True)
    family_name = serializers.CharField(
        source="caregiver.family_name", required=False, allow_blank=True
    )
    middle_name = serializers.CharField(
        source="caregiver.middle_name", required=False, allow_blank=True
    )
    given_name = serializers.CharField(source="caregiver.given_name")
    personal_id = serializers.RegexField(
        r"^\d{12}$", source="caregiver.personal_id", required=False, allow_blank=True
    )
    phone = serializers.CharField(source="caregiver.phone", required=False, allow_blank=True)
    sex = serializers.ChoiceField(
        choices=Sex.choices, source="caregiver.sex", required=False, allow_blank=True
    )
    year_of_birth = serializers.IntegerField(
        source="caregiver.year_of_birth", required=False, allow_null=True
    )

    class Meta:
        model = ChildCaregiver
        fields = [
            "id",
            "caregiver",
            "relation",
            "full_name",
            "family_name",
            "middle_name",
            "given_name",
            "personal_id",
            "phone",
            "sex",
            "year_of_birth",
            "lives_with",
            "legal_representative",
        ]


# --- views ----------------------------------------------------------------------
