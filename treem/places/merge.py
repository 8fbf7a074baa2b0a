"""What a merge of two duplicate children does to the stays in a facility's
care (registered with the registry's merge service in apps.py): the stays
move to the record kept; two open stays in one facility refuse it (one open
stay per child and facility, the constraint places_one_open_stay)."""

from django.utils.translation import gettext as _


def open_stays_in_one_facility(keep, drop):
    from .models import FacilityChild

    open_stays = FacilityChild._base_manager.filter(until__isnull=True)
    kept = open_stays.filter(child=keep).values("facility_id")
    if open_stays.filter(child=drop, facility_id__in=kept).exists():
        return _(
            "Both records are in the care of the same facility: end one of the stays "
            "before merging."
        )
    return None


def register():
    from treem.children.services.merge import register_merge_check, register_merge_model

    from .models import FacilityChild

    register_merge_model(FacilityChild)
    register_merge_check(open_stays_in_one_facility)
