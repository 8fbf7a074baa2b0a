from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from . import PlanError

__all__ = ["Action", "record_create", "record_event", "record_update", "snapshot", "set_fields"]


def set_fields(obj, fields):
    """Apply whitelisted field values; anything else is a programming error."""
    for key, value in fields.items():
        if key not in obj.AUDIT_FIELDS:
            raise PlanError(_("Not an editable field: %(name)s") % {"name": key})
        setattr(obj, key, value)


def transition_error(model_label, current, target):
    return PlanError(
        _("%(what)s cannot go from “%(current)s” to “%(target)s”.")
        % {"what": model_label, "current": current.label, "target": target.label}
    )
