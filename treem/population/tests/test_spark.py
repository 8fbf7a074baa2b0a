"""The same settings on Splink's Spark backend, in Spark local mode."""

import unittest

from django.test import SimpleTestCase

from treem.population.linkage import WardResolver, link, spark

from .fixtures import CHILDREN, REGISTER
from .test_linkage import children_frame, register_frame

AVAILABLE, WHY_NOT = spark.available()


@unittest.skipUnless(AVAILABLE, f"Spark path not tested: {WHY_NOT}")
class SparkBackendTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = spark.local_session(cores=2, memory="1g")

    @classmethod
    def tearDownClass(cls):
        cls.session.stop()
        super().tearDownClass()

    def test_the_labelled_fixture_links_on_spark_as_on_duckdb(self):
        args = (register_frame(REGISTER), children_frame([r for r, _ in CHILDREN]))
        kwargs = {"ward_key": WardResolver.from_csv(), "train": False}
        on_spark = link(*args, db_api=spark.spark_api(self.session), **kwargs).matches
        on_duckdb = link(*args, **kwargs).matches
        columns = ["record_id", "person_id", "decision"]
        self.assertEqual(
            on_spark.sort_values("record_id")[columns].values.tolist(),
            on_duckdb.sort_values("record_id")[columns].values.tolist(),
        )
        truth = {r[0]: t for r, t in CHILDREN}
        for row in on_spark.itertuples():
            self.assertEqual(row.person_id, truth[row.record_id])
