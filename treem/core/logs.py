"""Every log line names the request it belongs to: the id a user reads on an
error page leads the operator to the traceback in the server log."""

import datetime
import json
import logging

from treem.audit import context


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = context.current().request_id or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (LOG_FORMAT=json), for a log collector:
    time, level, logger, message, request id, and the traceback if any."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None)
            or context.current().request_id
            or "-",
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
