"""The analytics store: counts pre-computed by recorded unit × period ×
disaggregation, so that dashboards never scan the registry, and the mirror
of each child's counted attributes that lets a refresh subtract a changed
child's old contribution before adding the new one (store/)."""

from django.db import models


class Aggregate(models.Model):
    # "2025": computed values are counted at the end of each year.
    period = models.CharField(max_length=7)
    # The unit the records are kept under (a ward of today or a former unit);
    # a query sums the units that roll up into the unit asked for.
    # No database constraint: the store is derived data, rebuilt with TRUNCATE,
    # which PostgreSQL refuses while foreign-key checks of the same
    # transaction are pending.
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    measure = models.CharField(max_length=32)
    sex = models.CharField(max_length=1, blank=True)
    # Age in completed years at the end of the period; -1 when not by age.
    age = models.SmallIntegerField(default=-1)
    # A special-circumstance group, a case setting or stage; "" for none.
    group = models.CharField(max_length=20, blank=True)
    value = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "measure", "sex", "age", "group"],
                name="indicators_aggregate_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "measure"], name="indicators_agg_period_idx"),
        ]

    def __str__(self):
        return f"{self.period} {self.unit_id} {self.measure} {self.sex}{self.age} {self.group}"


class ChildSnapshot(models.Model):
    """A child's attributes as last counted into the store."""

    child_id = models.BigIntegerField(primary_key=True)
    ward_id = models.BigIntegerField()
    sex = models.CharField(max_length=1)
    birth_year = models.SmallIntegerField()
    # The last year at whose end the child was still counted (9999: still is).
    last_year = models.SmallIntegerField()
    id_status = models.CharField(max_length=8)
    birth_registration = models.CharField(max_length=16)
    school_level = models.CharField(max_length=20, blank=True)
    fully_vaccinated = models.BooleanField(null=True)
    nutrition_status = models.CharField(max_length=16, blank=True)

    def __str__(self):
        return f"child {self.child_id}"


class EpisodeSnapshot(models.Model):
    """A special-circumstance episode as last counted (years it overlaps)."""

    episode_id = models.BigIntegerField(primary_key=True)
    child_id = models.BigIntegerField(db_index=True)
    group = models.CharField(max_length=20)
    start_year = models.SmallIntegerField()
    end_year = models.SmallIntegerField()

    def __str__(self):
        return f"episode {self.episode_id}"


class SupportSnapshot(models.Model):
    child_id = models.BigIntegerField()
    year = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child_id", "year"], name="indicators_support_unique"),
        ]

    def __str__(self):
        return f"support {self.child_id} {self.year}"


class RefreshState(models.Model):
    """One row: when the store was last refreshed and which years it holds."""

    refreshed_at = models.DateTimeField(null=True)
    full_at = models.DateTimeField(null=True)
    first_year = models.SmallIntegerField(default=2020)
    last_year = models.SmallIntegerField(default=2020)
    children_changed = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self):
        return f"refreshed {self.refreshed_at}"
