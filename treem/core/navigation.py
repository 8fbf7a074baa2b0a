"""The navigation: each entry names the permission it needs, so a role sees
only what it may use. Later apps add their entries here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm | None = None
    # URL prefixes that mark the entry as current.
    prefix: str = ""


NAV = [
    NavItem(_("Home"), "core:home", None, "/$"),
    NavItem(_("Areas"), "areas:list", None, "/dia-ban/"),
    NavItem(_("Agencies"), "agencies:list", None, "/co-quan/"),
    NavItem(_("Staff"), "accounts:user-list", Perm.VIEW_STAFF, "/can-bo/"),
    NavItem(_("Audit trail"), "audit:list", Perm.BROWSE_AUDIT, "/nhat-ky/"),
    NavItem(_("Background jobs"), "jobs:list", None, "/tac-vu/"),
]


def items_for(user, path=""):
    items = []
    for item in NAV:
        if item.perm is not None and not has_perm(user, item.perm):
            continue
        url = reverse(item.url_name)
        current = path == url if item.prefix.endswith("$") else path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items
