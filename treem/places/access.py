"""Who reads and who keeps the register, and the one way to reach a place.

Places and facilities are not anyone's personal data: whoever may read the
ward's figures reads them (leaders, agencies, officers). The register is kept
by those who run the child-friendly ward assessment, whose criteria include
the places for children (ward officers, approvers, province officers). The
children in a facility's care are personal data: VIEW_PERSONAL, as the
registry."""

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user, has_perm

VIEW = Perm.VIEW_AGGREGATES
EDIT = Perm.ASSESS_WARDS
PERSONAL = Perm.VIEW_PERSONAL
EDIT_PERSONAL = Perm.EDIT_PERSONAL


def get_place(user, pk, *, queryset=None):
    """The place if the user may read it; 404 otherwise, same as missing."""
    from .models import Place

    qs = queryset if queryset is not None else Place.objects.all()
    return get_for_user(qs.select_related("type", "unit", "ward"), user, pk, VIEW)


def can_edit(user, place=None):
    return has_perm(user, EDIT, place.unit if place is not None else None)


def can_see_children(user, place):
    return has_perm(user, PERSONAL, place.unit)


def can_edit_children(user, place):
    """Adds and ends stays: keeps the register and edits personal data."""
    return can_edit(user, place) and has_perm(user, EDIT_PERSONAL, place.unit)
