"""Every log line names the request it belongs to: the id a user reads on an
error page leads the operator to the traceback in the server log."""

import logging

from treem.audit import context


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = context.current().request_id or "-"
        return True
