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
    user = context["request"].user
    payments = AllowancePayment.objects.filter(child=child).order_by("-month")
    return {
        "child": child,
        "can_write": has_perm(user, Perm.EDIT_PERSONAL, child.unit),
        "decisions": list(AllowanceDecision.objects.filter(child=child).order_by("-starts_on")),
        "payments": list(payments[:12]),
        "payment_count": payments.count(),
        "items": list(SupportItem.objects.filter(child=child)[:20]),
        "injuries": list(Injury.objects.filter(child=child)[:20]),
    }
