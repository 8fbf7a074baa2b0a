"""Writes on places, facilities and inspections. Every function runs in one
transaction and writes its audit event in it; the pages, the API, the import
and the demo call these."""

from .codes import load_place_data
from .common import PlaceError
from .inspections import checklist_for, complete_action, record_inspection
from .places import (
    add_child_in_care,
    check_place,
    create_place,
    end_child_in_care,
    update_place,
    ward_of,
)

__all__ = [
    "PlaceError",
    "add_child_in_care",
    "check_place",
    "checklist_for",
    "complete_action",
    "create_place",
    "end_child_in_care",
    "load_place_data",
    "record_inspection",
    "update_place",
    "ward_of",
]
