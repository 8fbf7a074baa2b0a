"""Reads of this app's records are sensitive reads (an allowance group tells
disability or HIV; an injury tells the child's health): each page or API
answer that shows some writes one VIEW_SENSITIVE event, as the registry's
pages do (treem/children/services/privacy.py)."""

from django.utils.translation import gettext as _

from treem.children.services import log_sensitive_view


def fields_of(obj):
    """The names (never the values) of what a row shows."""
    name = obj._meta.model_name
    if name == "allowancedecision":
        return {f"allowance:{obj.group}"}
    if name == "allowancepayment":
        return {"allowance_payment"}
    if name == "supportitem":
        return {f"support:{obj.kind}"}
    return {"injury"}


def log_rows(user, rows, *, note):
    """One event for a page of rows ((child_id, ward_id, fields) triples),
    naming the children, filed under the first row's ward, as the registry's
    list does, so that area-limited auditors see it. Nothing when no row."""
    fields, ids = set(), []
    for child_id, _ward, shown in rows:
        fields |= set(shown)
        if child_id not in ids:
            ids.append(child_id)
    if not fields:
        return None
    return log_sensitive_view(
        user,
        None,
        fields,
        unit=rows[0][1],
        note=_("%(page)s, children %(ids)s") % {"page": note, "ids": ", ".join(map(str, ids))},
    )


def log_objects(user, objects, *, note):
    return log_rows(user, [(o.child_id, o.ward_id, fields_of(o)) for o in objects], note=note)


def log_object(user, obj, *, note, extra=()):
    """A read of one record: filed under its child, as the record page does."""
    return log_sensitive_view(user, obj.child, fields_of(obj) | set(extra), note=note)
