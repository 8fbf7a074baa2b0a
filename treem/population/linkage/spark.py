"""The same settings on Splink's Spark backend, for national scale.

The DuckDB engine links a province's extract on one machine. At national scale (tens of millions
of register persons) the identical settings (``model.vietnamese_settings``, or the trained
model) run on a Spark cluster: pass ``spark_api(session)`` as ``db_api`` to ``engine.link``.
Every comparison is written with Splink's level library or in SQL that Spark reads as DuckDB
does; Splink registers its similarity functions (Jaro-Winkler, Damerau-Levenshtein) on the
session from the jar it ships.

Locally, ``local_session()`` starts Spark in local mode (needs Java 17 and pyspark, see
``requirements-spark.txt``); on a cluster, build the session as the cluster requires.
"""

from __future__ import annotations

import shutil


def available() -> tuple[bool, str]:
    """(whether Spark can run here, why not)."""
    if shutil.which("java") is None:
        return (
            False,
            "Java is not installed (Spark needs Java 17: apt-get install openjdk-17-jre-headless)",
        )
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False, "pyspark is not installed (pip install -r requirements-spark.txt)"
    return True, ""


def local_session(cores: int = 2, memory: str = "2g"):
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("treem-linkage")
        # Splink's similarity functions (Jaro-Winkler, Damerau-Levenshtein) as Spark UDFs.
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(cores * 4))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "false")
        .getOrCreate()
    )


def spark_api(session):
    from splink import SparkAPI

    return SparkAPI(spark_session=session, break_lineage_method="persist")
