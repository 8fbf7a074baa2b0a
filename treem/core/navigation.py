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
    NavItem(_("Children"), "children:list", Perm.VIEW_PERSONAL, "/tre-em/"),
    NavItem(_("Data quality"), "children:quality", Perm.VIEW_SENSITIVE, "/tre-em/chat-luong/"),
    NavItem(_("Plan"), "plans:plan-list", Perm.VIEW_PLANS, "/ke-hoach/"),
    NavItem(
        _("My agency"), "plans:my-agency", Perm.REPORT_FOR_AGENCY, "/ke-hoach/co-quan-cua-toi/"
    ),
    NavItem(_("Guiding documents"), "plans:document-list", Perm.VIEW_PLANS, "/ke-hoach/van-ban/"),
    NavItem(_("Areas"), "areas:list", None, "/dia-ban/"),
    NavItem(_("Agencies"), "agencies:list", None, "/co-quan/"),
    NavItem(_("Staff"), "accounts:user-list", Perm.VIEW_STAFF, "/can-bo/"),
    NavItem(_("Audit trail"), "audit:list", Perm.BROWSE_AUDIT, "/nhat-ky/"),
    NavItem(_("Background jobs"), "jobs:list", None, "/tac-vu/"),
    NavItem(_("Reference codes"), "children:codes", Perm.MANAGE_REFERENCE, "/tre-em/danh-muc/"),
]


def items_for(user, path=""):
    items = []
    for item in NAV:
        if item.perm is not None and not has_perm(user, item.perm):
            continue
        url = reverse(item.url_name)
        matches = path == url if item.prefix.endswith("$") else path.startswith(url)
        items.append(
            {"label": item.label, "url": url, "current": False, "_len": len(url) if matches else -1}
        )
    # The most specific entry is the current one (/tre-em/chat-luong/ over /tre-em/).
    best = max(items, key=lambda i: i["_len"], default=None)
    if best is not None and best["_len"] >= 0:
        best["current"] = True
    for item in items:
        del item["_len"]
    return items
