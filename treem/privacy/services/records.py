"""Edits of the retention rules and of the record of processing purposes."""

from django.db import transaction
from django.utils.translation import gettext as _

from treem.audit.services import record_update, snapshot

from ..models import ALLOWED_ACTIONS, ProcessingPurpose, RetentionRule
from .retention import RetentionError


@transaction.atomic
def update_rule(rule, /, *, actor, **values):
    rule = RetentionRule.objects.select_for_update().get(pk=rule.pk)
    before = snapshot(rule)
    for name, value in values.items():
        setattr(rule, name, value)
    if rule.action not in ALLOWED_ACTIONS[rule.kind]:
        raise RetentionError(
            _("“%(action)s” cannot be applied to %(kind)s.")
            % {"action": rule.get_action_display(), "kind": rule.get_kind_display()}
        )
    if rule.period < 1:
        raise RetentionError(_("The period must be at least 1."))
    rule.updated_by = actor
    rule.save()
    record_update(rule, before, actor=actor)
    return rule


@transaction.atomic
def update_purpose(purpose, /, *, actor, **values):
    purpose = ProcessingPurpose.objects.select_for_update().get(pk=purpose.pk)
    before = snapshot(purpose)
    for name, value in values.items():
        setattr(purpose, name, value)
    purpose.updated_by = actor
    purpose.save()
    record_update(purpose, before, actor=actor)
    return purpose
