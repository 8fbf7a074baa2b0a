import django_filters
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from treem.areas.models import AdminUnit

from .models import Action, AuditEvent


def subject_type_choices():
    """Every model that writes audit events, by its own label."""
    choices = []
    for model in apps.get_models():
        if getattr(model, "AUDIT_FIELDS", None):
            meta = model._meta
            choices.append((f"{meta.app_label}.{meta.model_name}", meta.verbose_name.capitalize()))
    return sorted(choices, key=lambda c: str(c[1]))


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_label", lookup_expr="icontains", label=_("Actor (username)")
    )
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"))
    subject_type = django_filters.ChoiceFilter(
        choices=lambda: subject_type_choices(), label=_("Subject type")
    )
    subject_id = django_filters.CharFilter(lookup_expr="exact", label=_("Subject id"))
    unit = django_filters.ModelChoiceFilter(
        queryset=AdminUnit.objects.exclude(level="residential_group").order_by("name"),
        label=_("Area"),
    )
    date_from = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("From date")
    )
    date_to = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("To date")
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "subject_type", "subject_id", "unit", "date_from", "date_to"]
