"""What a merge of two duplicate children does to the allowance and injury
records (registered with the registry's merge service in apps.py): the rows
move to the record kept; two decisions paying the same months refuse it."""

from django.utils.translation import gettext as _


def _months(decision):
    first = decision.starts_on.replace(day=1)
    last = decision.ends_on.replace(day=1) if decision.ends_on else None
    return first, last


def overlapping_allowances(keep, drop):
    """A message when both records have a decision paying a common month:
    moved together, the child would be paid twice for it."""
    from .models import AllowanceDecision

    kept = [_months(d) for d in AllowanceDecision._base_manager.filter(child=keep)]
    for decision in AllowanceDecision._base_manager.filter(child=drop):
        first, last = _months(decision)
        for k_first, k_last in kept:
            if (last is None or k_first <= last) and (k_last is None or first <= k_last):
                return _(
                    "Both records have an allowance decision for the same months: end or "
                    "correct one of them before merging."
                )
    return None


def register():
    from treem.children.services.merge import register_merge_check, register_merge_model

    from .models import AllowanceDecision, AllowancePayment, Injury, SupportItem

    for model in (AllowanceDecision, AllowancePayment, SupportItem, Injury):
        register_merge_model(model)
    register_merge_check(overlapping_allowances)
