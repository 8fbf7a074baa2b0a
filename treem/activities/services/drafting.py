"""A progress report starts from the activities recorded for it: those its
agency organised for the report's task within the report's period. The text
is a proposal the reporter edits before submitting (treem/plans keeps the
report, its versions and its workflow)."""

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..models import Activity, Audience


def activities_for(report):
    """The activities of `report`'s agency for its task that overlap its period."""
    return (
        Activity.objects.filter(
            Q(starts_on__lte=report.period_end) & Q(ends_on__gte=report.period_start),
            agency_id=report.agency_id,
            tasks=report.task_id,
        )
        .select_related("kind")
        .prefetch_related("audience")
        .order_by("starts_on", "pk")
        .distinct()
    )


def _money(amount):
    return number_format(amount, force_grouping=True)


def _dates(activity):
    if activity.starts_on == activity.ends_on:
        return f"{activity.starts_on:%d/%m/%Y}"
    return f"{activity.starts_on:%d/%m/%Y}–{activity.ends_on:%d/%m/%Y}"


def _line(activity):
    totals = activity.totals()
    parts = [f"- {_dates(activity)}: {activity.kind.name} “{activity.title}”"]
    if activity.place:
        parts.append(_("at %(place)s") % {"place": activity.place})
    people = []
    if totals[Audience.CHILDREN]:
        people.append(_("%(n)s children") % {"n": totals[Audience.CHILDREN]})
    if totals[Audience.PARENTS]:
        people.append(_("%(n)s parents") % {"n": totals[Audience.PARENTS]})
    if totals[Audience.OFFICIALS]:
        people.append(_("%(n)s officials") % {"n": totals[Audience.OFFICIALS]})
    line = " ".join(parts)
    if people:
        line += "; " + ", ".join(people)
    if activity.cost:
        line += "; " + _("cost %(amount)s đồng") % {"amount": _money(activity.cost)}
    return line + "."


def draft_for(report):
    """{"done_text": …, "figures": …} proposed for `report`, or {} when no
    activity was recorded for it."""
    activities = list(activities_for(report))
    if not activities:
        return {}
    totals = dict.fromkeys(Audience.values, 0)
    cost = 0
    for activity in activities:
        for key, n in activity.totals().items():
            totals[key] += n
        cost += activity.cost
    done = [
        _("In the period the agency carried out %(n)s activities for this task:")
        % {"n": len(activities)},
        *(_line(a) for a in activities),
    ]
    figures = [
        _("Activities: %(n)s") % {"n": len(activities)},
        _("Children taking part: %(n)s") % {"n": totals[Audience.CHILDREN]},
        _("Parents taking part: %(n)s") % {"n": totals[Audience.PARENTS]},
        _("Officials taking part: %(n)s") % {"n": totals[Audience.OFFICIALS]},
        _("Cost: %(amount)s đồng") % {"amount": _money(cost)},
    ]
    return {"done_text": "\n".join(done), "figures": "\n".join(figures)}


def draft_text_for(report):
    """The proposed "what was done" text alone ("" without activities)."""
    return draft_for(report).get("done_text", "")


def report_form_initial(request, report):
    """What treem/plans' report form starts with: the draft when the report
    has no text yet, or when the reporter asks for it ("?tu-hoat-dong")."""
    from django.contrib import messages

    if request.method != "GET":
        return None
    asked = "tu-hoat-dong" in request.GET
    if report.done_text and not asked:
        return None
    draft = draft_for(report)
    if asked:
        if draft:
            messages.info(
                request,
                _("The text was drafted from %(n)s recorded activities: check it, then save.")
                % {"n": draft["done_text"].count("\n")},
            )
        else:
            messages.warning(
                request, _("No activity of your agency is recorded for this task and period.")
            )
    return draft or None
