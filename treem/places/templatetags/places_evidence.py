from django import template

from ..evidence import evidence_for

register = template.Library()


@register.inclusion_tag("places/_evidence.html", takes_context=True)
def places_evidence(context, report):
    """The register's evidence for a progress report's draft (plans/report_form.html)."""
    request = context.get("request")
    found = evidence_for(report, request.user) if request is not None else None
    return {"evidence": found, "report": report}
