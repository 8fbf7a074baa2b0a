"""Evidence for the items of the child-friendly assessment that the system's
data can support: each evidence source gives a value (a percentage or a
count) and a sentence for the assessment form and the report."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .figures import child_figures, indicator_rows, plan_progress, share
from .models import EvidenceSource


@dataclass
class Evidence:
    value: Decimal | None
    text: str


def _percent(value):
    return "—" if value is None else f"{value:n}".replace(".", ",") + " %"


class EvidenceFinder:
    """Computes each source once per ward and year, however many items use it."""

    def __init__(self, unit, year, *, user=None):
        self.unit, self.year, self.user = unit, year, user
        self._children = None
        self._indicators = None

    @property
    def children(self):
        if self._children is None:
            self._children = child_figures(self.unit, self.year, user=self.user)
        return self._children

    def indicators(self, codes):
        if self._indicators is None:
            rows = indicator_rows(user=self.user, unit=self.unit, year=self.year, codes=codes)
            self._indicators = {row.code: row for row in rows}
        return self._indicators

    def find(self, item, *, all_codes=()):
        source = item.evidence_source
        if source == EvidenceSource.PERSONAL_ID:
            f = self.children
            return Evidence(
                f.id_share,
                _("%(n)s of %(total)s children under 16 have a valid personal ID (%(share)s).")
                % {"n": f.with_id, "total": f.total, "share": _percent(f.id_share)},
            )
        if source == EvidenceSource.BIRTH_REGISTERED:
            f = self.children
            return Evidence(
                f.birth_share,
                _("%(n)s of %(total)s children under 16 have their birth registered (%(share)s).")
                % {"n": f.birth_registered, "total": f.total, "share": _percent(f.birth_share)},
            )
        if source == EvidenceSource.SPECIAL_SUPPORTED:
            f = self.children
            return Evidence(
                f.supported_share,
                _(
                    "%(n)s of %(total)s children in special circumstances received support "
                    "in %(year)s (%(share)s)."
                )
                % {
                    "n": f.supported,
                    "total": f.special,
                    "year": self.year,
                    "share": _percent(f.supported_share),
                },
            )
        if source == EvidenceSource.PLAN_REPORTED:
            overall, _tasks = plan_progress(self.unit, self.year)
            value = share(overall.accepted, overall.due)
            return Evidence(
                value,
                _(
                    "Plan tasks: %(accepted)s of %(due)s progress reports due in %(year)s were "
                    "accepted (%(share)s); %(overdue)s overdue."
                )
                % {
                    "accepted": overall.accepted,
                    "due": overall.due,
                    "year": self.year,
                    "share": _percent(value),
                    "overdue": overall.overdue,
                },
            )
        if source == EvidenceSource.FORUMS:
            return forum_evidence(self.unit, self.year)
        if source == EvidenceSource.INDICATOR:
            row = self.indicators(list(all_codes) or None).get(item.indicator_code)
            if row is None or (row.value is None and not row.suppressed):
                return Evidence(
                    None,
                    _("Indicator %(code)s has no value for %(year)s.")
                    % {"code": item.indicator_code, "year": self.year},
                )
            if row.suppressed:
                return Evidence(None, _("%(name)s: small count, not shown.") % {"name": row.name})
            value = row.value
            shown = "—" if value is None else f"{value:n}".replace(".", ",")
            text = f"{row.name}: {shown} {row.unit_label}".strip()
            if row.numerator is not None and row.denominator is not None:
                text += f" ({row.numerator}/{row.denominator})"
            return Evidence(value, text + ".")
        return None


def forum_evidence(unit, year, *, today=None):
    """Children's participation (QĐ 06, criterion 11) from the ward's own
    forums: how many were held in the year, and of the recommendations due
    for an answer in the year (answered, or past their due date), the share
    answered on time — counted as the indicator TG02 counts them
    (treem/activities/measures.py). The value is that share; None when none
    was due."""
    from django.utils import timezone

    from treem.activities.models import Forum, Recommendation

    today = today or timezone.localdate()
    forums = Forum.objects.filter(unit=unit, held_on__year=year).count()
    recs = Recommendation.objects.filter(forum__unit=unit, deadline__year=year)
    answered = recs.filter(answered_on_time__isnull=False)
    due = answered.count() + recs.filter(answered_on_time__isnull=True, deadline__lt=today).count()
    on_time = answered.filter(answered_on_time=True).count()
    value = share(on_time, due)
    return Evidence(
        value,
        _(
            "%(forums)s children's forums held by the ward in %(year)s; %(on_time)s of "
            "%(due)s recommendations due for an answer were answered on time (%(share)s)."
        )
        % {
            "forums": forums,
            "year": year,
            "on_time": on_time,
            "due": due,
            "share": _percent(value),
        },
    )


def suggested_points(item, value):
    """Full points when the evidence reaches the item's target, else 0; None
    when the item has no rule (the ward scores it)."""
    if value is None or item.target_value is None or item.max_points is None:
        return None
    reached = value <= item.target_value if item.lower_is_better else value >= item.target_value
    return Decimal(item.max_points) if reached else Decimal(0)
