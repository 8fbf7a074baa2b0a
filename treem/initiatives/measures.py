"""A measure of the analytics store read from the register of models
(treem/indicators refreshes it with the cases' measures, recounted whole;
models are few):

- trusted_addresses: models of the kind "trusted_address" (Địa chỉ tin cậy
  tại cộng đồng) running at the end of the year (today for the current
  year), by the ward that owns them. A model counts from its start to its
  end; one paused today is not counted for the current year (its past
  pauses are not kept, so earlier years count it as running).

Registered with treem.indicators.measures.register_source from the app's ready()."""

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KIND = "trusted_address"
MEASURES = ("trusted_addresses",)
MEASURE_LABELS = {"trusted_addresses": _("Trusted addresses in the community running")}
# Counts of models are not broken down by age (query.py reads -1).
NO_AGE = -1


def contributions(years, today=None):
    from .models import Initiative, Status

    today = today or timezone.localdate()
    out = Counter()
    rows = list(
        Initiative.objects.order_by()
        .filter(kind__code=KIND)
        .values_list("unit_id", "started_on", "ended_on", "status")
    )
    for year in years:
        day = min(datetime.date(year, 12, 31), today)
        if day.year != year:
            continue
        for unit_id, started, ended, status in rows:
            if started > day or (ended and ended <= day):
                continue
            if day == today and status == Status.PAUSED:
                continue
            out[(str(year), unit_id, "trusted_addresses", "", NO_AGE, "")] += 1
    return out
