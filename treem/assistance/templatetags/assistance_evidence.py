from django import template

from ..evidence import evidence_for

register = template.Library()


@register.inclusion_tag("assistance/_evidence.html", takes_context=True)
def assistance_evidence(context, report):
    """The assistance registers' counts for a progress report's draft
    (plans/report_form.html), beside the places register's evidence."""
    request = context.get("request")
    found = evidence_for(report, request.user) if request is not None else None
    return {"evidence": found, "report": report}
