"""Demo data: the catalogue, the analytics store, and figures entered by the
health stations of the first two wards in every state."""

import datetime

from django.utils import timezone

from treem.agencies.models import Agency, Kind
from treem.areas.models import AdminUnit, Level

from . import periods
from .models import EntryState, Submission
from .refresh import refresh_full
from .services.catalogue import load_indicators
from .services.entry import Figure, change_state, open_submission, save_figures


def _submit(agency, period, figures, states):
    submission = open_submission(agency, period, actor=None)
    if submission.state != EntryState.DRAFT or submission.lines.exists():
        return
    save_figures(submission, figures, actor=None)
    for state in states:
        note = (
            "Số liệu cần kiểm tra lại"
            if state in (EntryState.RETURNED, EntryState.REOPENED)
            else ""
        )
        change_state(submission, state, actor=None, note=note)


def seed_indicators(people, options):
    created, _updated = load_indicators()
    today = timezone.localdate()
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))[:2]
    S = EntryState
    for n, ward in enumerate(wards):
        health = Agency.objects.filter(unit=ward, kind=Kind.HEALTH).first()
        if health:
            quarters = periods.periods_of_year("quarter", today.year)
            started = [q for q in quarters if periods.bounds(q)[0] <= today]
            sent = [S.SUBMITTED, S.RETURNED] if n == 0 else [S.SUBMITTED]
            flows = [[S.SUBMITTED, S.LOCKED]] * max(0, len(started) - 2) + [sent, []]
            for q, flow in zip(started, flows[-len(started) :], strict=False):
                base = 180 + 10 * n
                _submit(health, q, {"YT02": Figure(base - 4 - n, base)}, flow)
            last = str(today.year - 1)
            flow = [S.SUBMITTED, S.LOCKED] + ([S.REOPENED] if n == 1 else [])
            _submit(
                health,
                last,
                {
                    "YT05": Figure(4 + n, 720 + 30 * n),
                    "YT06": Figure(9 + n, 720 + 30 * n),
                },
                flow,
            )
        # BV06–BV09 are computed from the injury register and the registry
        # (treem.assistance): the police enter no figure now; the returned
        # submission the demo showed is a health station's quarter instead.
    state = refresh_full()
    counts = {s: Submission.objects.filter(state=s).count() for s in S.values}
    return [
        f"indicators: {created} loaded; store refreshed in {state.seconds:.1f} s "
        f"({state.children_changed} children); submissions by state {counts}",
        f"indicators: dashboard /chi-tieu/ (refresh with `manage.py refresh_indicators`) "
        f"as of {datetime.date.today():%d/%m/%Y}",
    ]
