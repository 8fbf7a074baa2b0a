"""The support a child received from this app, on the child's record (the
record's view has already checked that the user may see the child and its
sensitive facets: the section is inside the record's sensitive block)."""

from django import template

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..models import AllowanceDecision, AllowancePayment, Injury, SupportItem

register = template.Library()


@register.inclusion_tag("assistance/_child_support_body.html", takes_context=True)
def child_assistance(context, child):
    """The record's view may have read the decisions and injuries already (it
    names their sensitive facets in its audit event): `child_assistance` in
    its context, {"decisions": [...], "injuries": [...]}, read as below."""
    user = context["request"].user
    read = context.get("child_assistance") or {}
    decisions = read.get("decisions")
    if decisions is None:
        decisions = list(AllowanceDecision.objects.filter(child=child).order_by("-starts_on"))
    injuries = read.get("injuries")
    if injuries is None:
        injuries = list(Injury.objects.filter(child=child)[:20])
    all_payments = AllowancePayment.objects.filter(child=child).order_by("-month")
    payments = list(all_payments[:12])
    return {
        "child": child,
        "can_write": has_perm(user, Perm.EDIT_PERSONAL, child.unit),
        "decisions": decisions,
        "payments": payments,
        # Counted only when the latest twelve may not be all of them.
        "payment_count": all_payments.count() if len(payments) == 12 else len(payments),
        "items": list(SupportItem.objects.filter(child=child)[:20]),
        "injuries": injuries,
    }
