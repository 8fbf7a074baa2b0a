"""VH01 and VH02 counted from the register (indicators.yaml), recounted whole
at every refresh of the analytics store (places are few):

- places_for_children: venues (register "venue") open at the end of the year
  (today for the current year), by the place's unit: VH01;
- wards_with_play_space / wards: each ward or commune in force at that date
  counts 1 in `wards`, and 1 in `wards_with_play_space` when at least one
  open venue of a play-space type lies in it: VH02, the share of wards and
  communes with a play space, the level of the target of QĐ 23/QĐ-TTg.

A place recorded against today's ward counts for VH02 in the years its ward
was in force (from the 2025 reorganisation); earlier years count the wards
then in force and the places recorded against them.

Registered with treem.indicators.measures.register_source from the app's ready()."""

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MEASURES = ("places_for_children", "wards_with_play_space", "wards")
MEASURE_LABELS = {
    "places_for_children": _("Open places for children (register)"),
    "wards_with_play_space": _("Wards and communes with a play space for children"),
    "wards": _("Wards and communes"),
}
# Counts of places and wards are not broken down by age (query.py reads -1).
NO_AGE = -1


def reference_day(year, today=None):
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def contributions(years, today=None):
    from treem.areas.models import AdminUnit, Level

    from .models import Place, Register

    out = Counter()
    rows = list(
        Place.objects.order_by()
        .filter(register=Register.VENUE)
        .values_list("unit_id", "ward_id", "type__play_space", "opened_on", "closed_on")
    )
    wards = list(
        AdminUnit.objects.order_by()
        .filter(level__in=[Level.WARD, Level.COMMUNE])
        .values_list("pk", "valid_from", "valid_to")
    )
    for year in years:
        day = reference_day(year, today)
        if day.year != year:
            continue
        period = str(year)
        with_play = set()
        for unit_id, ward_id, play, opened, closed in rows:
            if (opened and opened > day) or (closed and closed <= day):
                continue
            out[(period, unit_id, "places_for_children", "", NO_AGE, "")] += 1
            if play:
                with_play.add(ward_id)
        for pk, valid_from, valid_to in wards:
            if (valid_from and valid_from > day) or (valid_to and valid_to < day):
                continue
            out[(period, pk, "wards", "", NO_AGE, "")] += 1
            if pk in with_play:
                out[(period, pk, "wards_with_play_space", "", NO_AGE, "")] += 1
    return out
