"""Applying register links to child records, and the officer's decisions on them.

Every write goes through the registry's services (``update_child`` with the version read,
``add_caregiver``), so the child's history shows each change with the officer or the run that
made it. A value an officer typed is never overwritten here: the register's value is attached
only where the record is empty, and every other disagreement is listed on the link for the
officer to settle (``resolve_difference``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.services import record_update, snapshot
from treem.children import text
from treem.children.models import ReferenceCode
from treem.children.services import RegistryError, add_caregiver, update_child

from ..models import LinkageSettings, LinkCandidate

State = LinkCandidate.State

# The review workflow: which state may follow which. Automatic links are created applied.
TRANSITIONS = {
    State.PENDING: {State.ACCEPTED, State.REJECTED},
    State.APPLIED: {State.REJECTED},
    State.ACCEPTED: {State.REJECTED},
    State.REJECTED: {State.ACCEPTED},
    State.UNMATCHED: set(),
}
LINKED = (State.APPLIED, State.ACCEPTED)

_SEX_LABEL = {"M": "Nam", "F": "Nữ"}


class LinkError(ValueError):
    pass


def _full_name(child):
    return " ".join(p for p in (child.family_name, child.middle_name, child.given_name) if p)


def compare_fields(child, person):
    """[(field, label, ours, theirs, agree)] for the side-by-side view and the differences."""
    ours_name, theirs_name = _full_name(child), text.clean_name(person.full_name)
    mother = _caregiver_name(child, "me")
    father = _caregiver_name(child, "cha")
    rows = [
        ("personal_id", _("Personal ID"), child.personal_id or "", person.person_id),
        ("full_name", _("Full name"), ours_name, theirs_name),
        (
            "date_of_birth",
            _("Date of birth"),
            child.date_of_birth.strftime("%d/%m/%Y") if child.date_of_birth else "",
            person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
        ),
        ("sex", _("Sex"), _SEX_LABEL.get(child.sex, ""), _SEX_LABEL.get(person.sex, "")),
        ("mother_name", _("Mother"), mother, text.clean_name(person.mother_name)),
        ("father_name", _("Father"), father, text.clean_name(person.father_name)),
    ]
    out = []
    for field, label, ours, theirs in rows:
        if field in ("full_name", "mother_name", "father_name"):
            agree = text.modern_tones(ours).lower() == text.modern_tones(theirs).lower()
        else:
            agree = ours == theirs
        out.append({"field": field, "label": label, "ours": ours, "theirs": theirs, "agree": agree})
    return out


def _caregiver_name(child, relation_code):
    # Prefetched caregiver links are used when present (lists of candidates).
    for link in child.caregiver_links.all():
        if link.relation.code == relation_code:
            c = link.caregiver
            return " ".join(p for p in (c.family_name, c.middle_name, c.given_name) if p)
    return ""


def _fill(child, person, *, actor):
    """Attach the ID and fill empty fields; return the differences left for the officer."""
    differences = []
    data = {}
    if not child.personal_id:
        data["personal_id"] = person.person_id
    elif child.personal_id != person.person_id:
        differences.append(
            {"field": "personal_id", "ours": child.personal_id, "theirs": person.person_id}
        )
    for row in compare_fields(child, person):
        field = row["field"]
        if field == "personal_id" or row["agree"] or not row["theirs"]:
            continue
        if field in ("mother_name", "father_name") and not row["ours"]:
            continue  # filled below
        differences.append({"field": field, "ours": row["ours"], "theirs": row["theirs"]})
    if data:
        try:
            update_child(child, actor=actor, data=data, expected_version=child.version)
        except RegistryError as exc:
            # Another record holds this ID (a duplicate), or the record changed meanwhile.
            differences.insert(
                0,
                {
                    "field": "personal_id",
                    "ours": child.personal_id or "",
                    "theirs": person.person_id,
                    "note": str(exc),
                },
            )
    for field, code in (("mother_name", "me"), ("father_name", "cha")):
        name = getattr(person, field)
        if name and not _caregiver_name(child, code):
            relation = ReferenceCode.objects.filter(kind="relation", code=code).first()
            if relation is not None:
                add_caregiver(
                    child, actor=actor, relation=relation, full_name=name, lives_with=True
                )
    return differences


@transaction.atomic
def apply_link(candidate, *, actor, state=State.APPLIED):
    """Attach the register's ID to the child and fill its empty fields (auto or accepted)."""
    candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.person is None:
        raise LinkError(_("This record has no register match to apply."))
    child = candidate.child
    before = snapshot(candidate)
    candidate.differences = _fill(child, candidate.person, actor=actor)
    candidate.state = state
    if state != State.APPLIED:
        candidate.decided_by = actor
        candidate.decided_at = timezone.now()
    candidate.save()
    candidate.person.__class__.objects.filter(pk=candidate.person_id).update(matched=True)
    record_update(candidate, before, actor=actor)
    return candidate


@transaction.atomic
def change_state(candidate, new_state, *, actor, note=""):
    """The one way a link changes state: accept (applies it) or reject, audited."""
    candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
    if new_state not in TRANSITIONS.get(candidate.state, set()):
        raise LinkError(
            _("A link that is “%(state)s” cannot become “%(new)s”.")
            % {"state": candidate.get_state_display(), "new": State(new_state).label}
        )
    if new_state == State.ACCEPTED:
        return apply_link(candidate, actor=actor, state=State.ACCEPTED)
    before = snapshot(candidate)
    candidate.state = new_state
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save()
    record_update(candidate, before, actor=actor, note=note)
    if candidate.person_id and not candidate.person.links.filter(state__in=LINKED).exists():
        candidate.person.__class__.objects.filter(pk=candidate.person_id).update(matched=False)
    return candidate


def accept_link(candidate, *, actor):
    return change_state(candidate, State.ACCEPTED, actor=actor)


def reject_link(candidate, *, actor, note=""):
    return change_state(candidate, State.REJECTED, actor=actor, note=note)


# Differences an officer may settle by taking the register's value, and how it is written.
def _register_value(candidate, field):
    person = candidate.person
    if field == "personal_id":
        return {"personal_id": person.person_id}
    if field == "full_name":
        family, middle, given = text.split_name(text.clean_name(person.full_name))
        return {"family_name": family, "middle_name": middle, "given_name": given}
    if field == "date_of_birth":
        return {"date_of_birth": person.date_of_birth}
    if field == "sex":
        return {"sex": person.sex}
    return None


@transaction.atomic
def resolve_difference(candidate, field, *, actor, take_register, expected_version=None):
    """Keep the officer's value or take the register's; either way the difference is closed."""
    candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.state not in LINKED:
        raise LinkError(_("Differences can be settled only on an accepted link."))
    remaining = [d for d in candidate.differences if d["field"] != field]
    if len(remaining) == len(candidate.differences):
        raise LinkError(_("There is no such difference on this link."))
    if take_register:
        data = _register_value(candidate, field)
        if data is None:
            raise LinkError(_("This value is changed on the child's caregivers page."))
        update_child(
            candidate.child,
            actor=actor,
            data=data,
            expected_version=expected_version or candidate.child.version,
        )
    before = snapshot(candidate)
    candidate.differences = remaining
    candidate.save()
    record_update(
        candidate,
        before,
        actor=actor,
        note=_("register value taken for %(field)s") % {"field": field}
        if take_register
        else _("officer's value kept for %(field)s") % {"field": field},
    )
    return candidate


@transaction.atomic
def update_thresholds(*, actor, auto_threshold, review_threshold, margin, source=""):
    current = LinkageSettings.objects.select_for_update().order_by("pk").first()
    if not 0 < review_threshold <= auto_threshold <= 1:
        raise LinkError(_("The thresholds must satisfy 0 < review ≤ automatic ≤ 1."))
    if current is None:
        current = LinkageSettings()
    before = snapshot(current) if current.pk else None
    current.auto_threshold, current.review_threshold = auto_threshold, review_threshold
    current.margin, current.source, current.updated_by = margin, source, actor
    current.save()
    if before is None:
        from treem.audit.services import record_create

        record_create(current, actor=actor)
    else:
        record_update(current, before, actor=actor)
    return current
