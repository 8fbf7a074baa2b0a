"""`manage.py db_worker`: django-tasks-db's worker, plus the heartbeat and the
audit seal (treem/ops/worker.py).

treem.ops comes before django_tasks_db in INSTALLED_APPS, so this command
takes the library's name: every deployment that runs the worker gets the
heartbeat and the seal without a new command to learn."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from treem.ops.worker import Housekeeping


class Command(db_worker.Command):
    help = "Run the background worker, with its heartbeat and the audit trail's seal."

    def handle(self, *args, **options):
        # With --reload the command runs twice: the watcher, and the child that
        # works. Only the child beats. --batch drains the queue and exits.
        reloading = options["reload"] and not options["batch"]
        if not options["batch"] and (
            not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        ):
            Housekeeping(options["worker_id"]).start()
        return super().handle(*args, **options)
