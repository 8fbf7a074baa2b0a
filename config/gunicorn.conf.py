"""gunicorn's settings for treem (`make serve`, production).

    .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

Each value can be set from the environment (GUNICORN_*). A reverse proxy
(nginx, the province's gateway) terminates HTTPS in front of it and sets
X-Forwarded-Proto, which SECURE_PROXY_SSL_HEADER trusts.
"""

import os


def _int(name, default):
    return int(os.environ.get(name, default))


# 127.0.0.1 only: the proxy in front is the only client, never the network.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: every request is short (a page, a form); the slow work
# (imports, exports, documents) goes to the background worker. Two per core:
# a worker waits on PostgreSQL about half of a page's time (bench/README.md).
workers = _int("GUNICORN_WORKERS", (os.cpu_count() or 1) * 2)
worker_class = "sync"
# A request still running after this is killed and logged: a page takes
# under a second, an upload under half a minute.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive only matters behind a proxy that reuses its connections.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after about this many requests (jittered so that they
# are not all replaced at once): bounds the memory any slow leak can take.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Django and the apps are imported once in the master; the workers share the
# pages of memory. Database connections are opened in each worker after the
# fork (Django opens them lazily), never shared.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# Headers and request line limits as gunicorn's defaults; forms are posted
# with their files, read by Django within DATA_UPLOAD_MAX_MEMORY_SIZE.
limit_request_line = 4094

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The request id (X-Request-ID, set by treem.audit.middleware) ties an access
# line to the application's log lines and to the audit events of the request.
# %(M)s: milliseconds the request took. No query string: it can hold a name
# searched for.
access_log_format = '%(h)s [%({x-request-id}o)s] "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
proc_name = "treem"


def pre_fork(server, worker):
    """A connection opened while the app loaded in the master (preload_app)
    must not be inherited: two processes on one socket corrupt each other's
    queries. Each worker opens its own, kept for CONN_MAX_AGE seconds."""
    from django.db import connections

    connections.close_all()
