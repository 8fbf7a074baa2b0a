"""Notifications: in-app rows and e-mail, each created and sent once.

The text and the e-mail carry the case number and the step, never the child's
name or any detail: only a link to the case, which the reader opens under the
usual access rules."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Notification

log = logging.getLogger(__name__)


def notify(recipients, case, *, key, text, base_url=""):
    """Creates one notification per recipient for `key` unless it exists;
    e-mails the new ones. Returns the number created."""
    url = reverse("cases:detail", args=[case.pk]) if case is not None else reverse("cases:list")
    created = 0
    for user in {u.pk: u for u in recipients if u is not None}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user, case=case, key=key, text=text[:300], url=url
                )
        except IntegrityError:
            continue  # already notified: the scan may run again at any time
        created += 1
        if user.email:
            transaction.on_commit(lambda n=notification: _mail(n, base_url))
    return created


def _mail(notification, base_url):
    body = _(
        "%(text)s\n\nOpen it in treem: %(link)s\n\n"
        "This message contains no personal data; sign in to read the case."
    ) % {"text": notification.text, "link": f"{base_url}{notification.url}"}
    try:
        EmailMessage(
            subject=f"[treem] {notification.text}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.email],
        ).send()
    except OSError:
        log.exception("notification e-mail failed")
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@transaction.atomic
def mark_read(notification, *, actor):
    if notification.recipient_id != actor.pk:
        return notification
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
