"""The request an audit event belongs to, without passing the request around.

Services are called from views, the API, commands and tasks; only views have a
request. A context variable carries the IP and request id to `record_event`.
"""

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


_EMPTY = RequestContext()
_current = contextvars.ContextVar("treem_request_context", default=None)


def current():
    return _current.get() or _EMPTY


def bind(request_id=None, ip=None):
    return _current.set(RequestContext(request_id=request_id or uuid.uuid4().hex, ip=ip))


def reset(token):
    _current.reset(token)
