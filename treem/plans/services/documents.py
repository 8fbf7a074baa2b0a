from django.db import transaction
from django.utils.translation import gettext as _

from ..models import DocumentLink, GuidingDocument
from . import PlanError
from .common import Action, record_create, record_event, record_update, set_fields, snapshot


def _clean(fields):
    if "title" in fields:
        fields["title"] = " ".join((fields["title"] or "").split())
        if not fields["title"]:
            raise PlanError(_("The document title must not be empty."))
    return fields


def _record_file(document, old_name, *, actor):
    # FileFields are not in AUDIT_FIELDS (a file is not JSON); log the name.
    if document.file.name != old_name:
        record_event(
            Action.UPDATE,
            actor=actor,
            subject=document,
            changes={"file": {"old": old_name or None, "new": document.file.name or None}},
        )


@transaction.atomic
def create_document(*, actor, file=None, **fields):
    document = GuidingDocument(**_clean(fields))
    if document.code and GuidingDocument.objects.filter(code=document.code).exists():
        raise PlanError(_("A document with this code already exists."))
    if file:
        document.file.save(file.name, file, save=False)
    document.save()
    record_create(document, actor=actor)
    _record_file(document, "", actor=actor)
    return document


@transaction.atomic
def update_document(document, *, actor, file=None, **fields):
    before = snapshot(document)
    old_name = document.file.name
    set_fields(document, _clean(fields))
    if file:
        document.file.save(file.name, file, save=False)
    document.save()
    record_update(document, before, actor=actor)
    _record_file(document, old_name, actor=actor)
    return document


@transaction.atomic
def link_documents(source, kind, target, *, actor):
    if source.pk == target.pk:
        raise PlanError(_("A document cannot be linked to itself."))
    link, created = DocumentLink.objects.get_or_create(
        source=source, kind=kind, target=target, defaults={"created_by": actor}
    )
    if created:
        record_create(link, actor=actor)
    return link


@transaction.atomic
def unlink_documents(link, *, actor):
    record_event(
        Action.DELETE,
        actor=actor,
        subject=link,
        changes={"link": {"old": [link.source_id, link.kind, link.target_id], "new": None}},
    )
    link.delete()
