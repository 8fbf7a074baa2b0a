"""Linkage runs: an uploaded register extract linked in the background, and the search for
duplicates inside the registry. Both are background jobs (``treem.jobs``) whose progress bar the
officer watches; both write through the services of ``links`` and of the registry."""

import uuid
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import Scope
from treem.areas.models import AdminUnit, Level
from treem.areas.services import current_successors, rollup_unit_ids
from treem.audit.services import record_create, record_creates_bulk
from treem.children import text
from treem.children.models import Child, IdStatus, Status
from treem.children.services import RegistryError, propose_merge
from treem.jobs.services import JobError, job_kind, start_job

from .. import readers
from ..linkage import AUTO, REVIEW, Thresholds, WardResolver, dedupe, link
from ..models import LinkageRun, LinkageSettings, LinkCandidate, RegisterPerson
from .bulk import apply_links, purge_register_rows

UPLOAD_FOLDER = "population"
MERGE_ORIGIN = "linkage"


def area_scope(unit):
    """The children an area's run covers: a province, or a unit with its groups and former units."""
    if unit.level == Level.PROVINCE:
        return Scope(province_ids=frozenset({unit.pk}))
    return Scope(unit_ids=frozenset(rollup_unit_ids(unit)))


# Rows per prefetch batch: SQLite refuses very long IN lists ("Expression tree
# is too large"), so the registry is read in chunks.
CHUNK = 500


def children_in(unit):
    return (
        Child.objects.filter(area_scope(unit).q("unit"))
        .exclude(status=Status.MERGED)
        .select_related("ward")
        .prefetch_related("caregiver_links__caregiver", "caregiver_links__relation")
    )


def _caregiver(child, code):
    for cl in child.caregiver_links.all():
        if cl.relation.code == code:
            c = cl.caregiver
            return " ".join(p for p in (c.family_name, c.middle_name, c.given_name) if p)
    return ""


def children_frame(children) -> pd.DataFrame:
    """Child records in the linkage's input columns."""
    return pd.DataFrame(
        [
            {
                "unique_id": str(c.pk),
                "personal_id": c.personal_id or "",
                "full_name": " ".join(p for p in (c.family_name, c.middle_name, c.given_name) if p),
                "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else "",
                "sex": c.sex,
                "mother_name": _caregiver(c, "me"),
                "father_name": _caregiver(c, "cha"),
                "ward": c.ward.name if c.ward_id else "",
            }
            for c in children
        ],
        columns=["unique_id", *readers.CHILDREN_COLUMNS[1:]],
    )


def register_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [{"unique_id": r["person_id"], "personal_id": r["person_id"], **r} for r in rows]
    ).drop(columns=["person_id"], errors="ignore")


def current_thresholds():
    s = LinkageSettings.current()
    return Thresholds(s.auto_threshold, s.review_threshold, s.margin)


def save_upload(upload):
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # A random name: the user's file name never reaches the file system.
    name = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with (folder / name).open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return f"{UPLOAD_FOLDER}/{name}"


@transaction.atomic
def start_link_run(*, actor, unit, path, filename):
    """A run over ``unit`` for the extract saved at ``path`` (under MEDIA_ROOT)."""
    t = current_thresholds()
    run = LinkageRun.objects.create(
        kind=LinkageRun.Kind.LINK,
        unit=unit,
        filename=filename[:200],
        created_by=actor,
        auto_threshold=t.auto,
        review_threshold=t.review,
    )
    record_create(run, actor=actor)
    run.job = start_job(
        "population_link",
        actor=actor,
        title=_("Linkage with the population register: %(file)s") % {"file": filename},
        params={"run": run.pk, "path": path, "filename": filename},
        unit=unit,
        permission=Perm.RUN_LINKAGE.value,
    )
    run.save(update_fields=["job"])
    return run


@transaction.atomic
def start_dedupe_run(*, actor, unit):
    t = current_thresholds()
    run = LinkageRun.objects.create(
        kind=LinkageRun.Kind.DEDUPE,
        unit=unit,
        created_by=actor,
        auto_threshold=t.auto,
        review_threshold=t.review,
    )
    record_create(run, actor=actor)
    run.job = start_job(
        "population_dedupe",
        actor=actor,
        title=_("Search for duplicate records in %(unit)s") % {"unit": unit.name},
        params={"run": run.pk},
        unit=unit,
        permission=Perm.RUN_LINKAGE.value,
    )
    run.save(update_fields=["job"])
    return run


def _media(relative):
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        raise JobError(_("The uploaded file is missing."))
    return path


def _unit_resolver(run):
    """Register ward name → the current unit, when it lies in the run's area."""
    scope = area_scope(run.unit)
    units = {}
    for unit in AdminUnit.objects.filter(level__in=(Level.WARD, Level.COMMUNE)):
        successors = current_successors(unit)
        if successors and scope.covers(successors[0]):
            units[text.fold(unit.name)] = successors[0]
    return lambda name: units.get(WardResolver({})(name), run.unit)


def _stage_reporter(report, start, end):
    labels = {
        "prepare": _("Preparing names"),
        "train": _("Training the model"),
        "predict": _("Comparing records"),
        "decide": _("Choosing the best match"),
        "done": _("Saving the links"),
    }

    def progress(fraction, stage):
        report(int(start + (end - start) * fraction), 100, labels.get(stage, stage))

    return progress


# Not retried: the register rows and candidates commit, then apply_links and
# the purge run outside that transaction; a second run would add the register
# again to the same run and link twice.
@job_kind("population_link", retry=False)
def run_link(job, report):
    params = job.params
    run = LinkageRun.objects.select_related("unit", "created_by").get(pk=params["run"])
    actor = get_user_model().objects.get(pk=job.created_by_id)
    report(1, 100, _("Reading the file"))
    try:
        rows = readers.read_register(_media(params["path"]), filename=params["filename"])
    except readers.FileProblem as exc:
        raise JobError(str(exc)) from None
    children = list(children_in(run.unit).iterator(chunk_size=CHUNK))
    if not children:
        raise JobError(_("There are no children in the registry of this area to link."))
    thresholds = Thresholds(run.auto_threshold, run.review_threshold, current_thresholds().margin)
    wards = WardResolver.load()
    result = link(
        register_frame(rows),
        children_frame(children),
        thresholds=thresholds,
        ward_key=wards,
        progress=_stage_reporter(report, 5, 80),
    )
    unit_of = _unit_resolver(run)
    by_child = {str(c.pk): c for c in children}
    with transaction.atomic():
        persons = RegisterPerson.objects.bulk_create(
            [
                RegisterPerson(
                    run=run,
                    person_id=r["person_id"],
                    full_name=r["full_name"][:200],
                    date_of_birth=r["date_of_birth"] or None,
                    sex=r["sex"],
                    mother_name=r["mother_name"][:200],
                    father_name=r["father_name"][:200],
                    ward_name=r["ward"][:200],
                    unit=unit_of(r["ward"]),
                )
                for r in rows
            ],
            batch_size=2000,
        )
        person_by_id = {p.person_id: p for p in persons}
        state = {
            AUTO: LinkCandidate.State.PENDING,  # applied just below, through the services
            REVIEW: LinkCandidate.State.PENDING,
        }
        candidates = LinkCandidate.objects.bulk_create(
            [
                LinkCandidate(
                    run=run,
                    child=by_child[m.record_id],
                    person=person_by_id.get(m.person_id),
                    match_probability=m.match_probability,
                    decision=m.decision,
                    state=state.get(m.decision, LinkCandidate.State.UNMATCHED),
                    reason=m.reason if m.decision == REVIEW else "",
                )
                for m in result.matches.itertuples()
            ],
            batch_size=2000,
        )
        record_creates_bulk(candidates, actor=actor, unit_of=lambda c: c.child.unit_id)
    autos = [c.pk for c in candidates if c.decision == AUTO]

    def applying(done, total):
        report(80 + int(19 * done / max(total, 1)), 100, _("Attaching the register's IDs"))

    apply_links(autos, actor=actor, progress=applying)
    counts = result.matches["decision"].value_counts().to_dict()
    summary = {
        "register": len(rows),
        "children": len(children),
        "auto": int(counts.get(AUTO, 0)),
        "review": int(counts.get(REVIEW, 0)),
        "none": int(counts.get("none", 0)),
        "missing": RegisterPerson.objects.filter(run=run, matched=False)
        .exclude(links__decision=REVIEW)
        .count(),
        "seconds": {k: round(v, 2) for k, v in result.timings.items()},
        "ward_successions": wards.source,
    }
    LinkageRun.objects.filter(pk=run.pk).update(summary=summary)
    _media(params["path"]).unlink(missing_ok=True)  # personal data kept no longer than needed
    # Older runs' register rows past their retention period go at the end of every run (and
    # with `manage.py purge_register_rows`, for a server that runs none for a while).
    purge_register_rows(actor=None)
    return {**summary, "url": run_url(run)}


def run_url(run):
    from django.urls import reverse

    return reverse("population:run", args=[run.pk])


def _keeper(children):
    """The record kept: one with a valid ID, else the oldest."""
    return sorted(children, key=lambda c: (c.id_status != IdStatus.OK, c.pk))[0]


@job_kind("population_dedupe")
def run_dedupe(job, report):
    run = LinkageRun.objects.select_related("unit").get(pk=job.params["run"])
    actor = get_user_model().objects.get(pk=job.created_by_id)
    children = list(children_in(run.unit).iterator(chunk_size=CHUNK))
    if len(children) < 2:
        raise JobError(_("There are fewer than two children in this area."))
    wards = WardResolver.load()
    clusters = dedupe(
        children_frame(children),
        threshold=run.auto_threshold,
        ward_key=wards,
        progress=_stage_reporter(report, 5, 90),
    )
    by_id = {str(c.pk): c for c in children}
    proposals = 0
    for _cluster, group in clusters.groupby("cluster_id"):
        members = [by_id[u] for u in group["unique_id"]]
        keep = _keeper(members)
        best = float(group["match_probability"].max())
        for drop in members:
            if drop.pk == keep.pk:
                continue
            try:
                propose_merge(
                    keep,
                    drop,
                    actor=actor,
                    reason=_("Found by the linkage engine (match probability %(p).3f).")
                    % {"p": best},
                    origin=MERGE_ORIGIN,
                )
                proposals += 1
            except RegistryError:
                continue
    summary = {
        "children": len(children),
        "clusters": int(clusters["cluster_id"].nunique()) if len(clusters) else 0,
        "proposals": proposals,
    }
    LinkageRun.objects.filter(pk=run.pk).update(summary=summary)
    return {**summary, "url": run_url(run)}
