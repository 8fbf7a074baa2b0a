"""Record linkage with the national population register (Splink; DuckDB here, Spark at scale)."""

from .engine import AUTO, NONE, REVIEW, LinkResult, Thresholds, dedupe, link
from .wards import WardResolver

__all__ = ["AUTO", "NONE", "REVIEW", "LinkResult", "Thresholds", "WardResolver", "dedupe", "link"]
