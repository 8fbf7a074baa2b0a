"""Every criterion, item, threshold and assessment of the ward assessment
joins the QĐ 06 set (created here from data/criteria-sets.csv), and item 11.1
(children's participation) reads its evidence from the children's forums
unless an administrator has given it another source."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
WARD_SET = "qd06-xa-phuong-phu-hop-voi-tre-em"
PARTICIPATION_ITEM = "11.1"


def _set_row():
    with (DATA / "criteria-sets.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return next(r for r in rows if r["code"] == WARD_SET)


def attach(apps, schema_editor=None):
    """Idempotent; returns the number of rows attached."""
    CriteriaSet = apps.get_model("reports", "CriteriaSet")
    Criterion = apps.get_model("reports", "Criterion")
    CriterionItem = apps.get_model("reports", "CriterionItem")
    Threshold = apps.get_model("reports", "Threshold")
    Assessment = apps.get_model("reports", "Assessment")
    row = _set_row()
    ward_set, _created = CriteriaSet.objects.get_or_create(
        code=WARD_SET,
        defaults={
            "kind": row["kind"],
            "name": row["name"],
            "order": int(row["order"]),
            "source": row["source"],
            "legal_basis": row["legal_basis"],
            "verified": row["verified"] == "1",
            "local_practice": row["local_practice"] == "1",
        },
    )
    attached = 0
    for model in (Criterion, CriterionItem, Threshold):
        attached += model.objects.filter(criteria_set__isnull=True).update(criteria_set=ward_set)
    attached += Assessment.objects.filter(criteria_set__isnull=True).update(
        criteria_set=ward_set, kind="ward"
    )
    CriterionItem.objects.filter(
        criteria_set=ward_set, code=PARTICIPATION_ITEM, evidence_source=""
    ).update(evidence_source="activities.forums")
    return attached


def detach(apps, schema_editor=None):
    """Back to the single ward assessment: only possible while no other set
    has rows."""
    CriteriaSet = apps.get_model("reports", "CriteriaSet")
    others = CriteriaSet.objects.exclude(code=WARD_SET)
    if others.filter(criteria__isnull=False).exists() or others.filter(
        assessments__isnull=False
    ).exists():
        raise RuntimeError("Other criteria sets hold data: remove them before going back.")
    CriterionItem = apps.get_model("reports", "CriterionItem")
    CriterionItem.objects.filter(
        code=PARTICIPATION_ITEM, evidence_source="activities.forums"
    ).update(evidence_source="")
    for name in ("Criterion", "CriterionItem", "Threshold", "Assessment"):
        apps.get_model("reports", name).objects.update(criteria_set=None)
    CriteriaSet.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_criteria_sets")]

    operations = [migrations.RunPython(attach, detach)]
