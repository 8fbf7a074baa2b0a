"""The navigation: each entry names the permission it needs, so a role sees
only what it may use. Later apps add their entries here."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm | None = None
    # "/$" marks an entry current only on its exact URL (the home page).
    prefix: str = ""
    group: str = ""


# Groups keep a long menu scannable: an officer looks for "cases", not for
# one of twenty links.
CHILDREN = _("Registry")
PROTECTION = _("Protection")
PLAN = _("Plan")
FIGURES = _("Figures and reports")
ADMIN = _("Administration")

NAV = [
    NavItem(_("Home"), "core:home", None, "/$"),
    NavItem(_("Children"), "children:list", Perm.VIEW_PERSONAL, group=CHILDREN),
    NavItem(_("Data quality"), "children:quality", Perm.VIEW_SENSITIVE, group=CHILDREN),
    NavItem(_("Population register"), "population:index", Perm.RUN_LINKAGE, group=CHILDREN),
    NavItem(_("Cases"), "cases:list", Perm.MANAGE_CASES, group=PROTECTION),
    NavItem(_("Referrals"), "cases:referrals", Perm.HANDLE_REFERRALS, group=PROTECTION),
    NavItem(_("Case dashboard"), "cases:case-dashboard", Perm.MANAGE_CASES, group=PROTECTION),
    # The places register is no one's personal data: whoever reads the area's
    # figures reads it (treem/places/access.py).
    NavItem(_("Places for children"), "places:list", Perm.VIEW_AGGREGATES, group=PROTECTION),
    NavItem(
        _("Care facilities and charity activities"),
        "places:facilities",
        Perm.VIEW_AGGREGATES,
        group=PROTECTION,
    ),
    NavItem(_("Social allowances"), "assistance:index", Perm.VIEW_SENSITIVE, group=PROTECTION),
    NavItem(
        _("Injuries and drowning"), "assistance:injuries", Perm.VIEW_SENSITIVE, group=PROTECTION
    ),
    NavItem(_("Plan"), "plans:plan-list", Perm.VIEW_PLANS, group=PLAN),
    NavItem(_("My agency"), "plans:my-agency", Perm.REPORT_FOR_AGENCY, group=PLAN),
    NavItem(_("Guiding documents"), "plans:document-list", Perm.VIEW_PLANS, group=PLAN),
    # Agencies record their own activities, plan managers their area's
    # (treem/activities/access.py); no role holds both permissions.
    NavItem(_("Activities"), "activities:list", Perm.REPORT_FOR_AGENCY, group=PLAN),
    NavItem(_("Activities"), "activities:list", Perm.MANAGE_PLANS, group=PLAN),
    NavItem(_("Children's forums"), "activities:forum-list", Perm.MANAGE_PLANS, group=PLAN),
    # Like activities: a provider agency's reporters, or the area's plan managers.
    NavItem(_("Training"), "trainings:list", Perm.REPORT_FOR_AGENCY, group=PLAN),
    NavItem(_("Training"), "trainings:list", Perm.MANAGE_PLANS, group=PLAN),
    NavItem(
        _("Children's recommendations"),
        "activities:recommendation-list",
        Perm.REPORT_FOR_AGENCY,
        group=PLAN,
    ),
    # Budgets follow the activities' rule (treem/budgets/access.py).
    NavItem(_("Budgets"), "budgets:year", Perm.REPORT_FOR_AGENCY, group=PLAN),
    NavItem(_("Budgets"), "budgets:year", Perm.MANAGE_PLANS, group=PLAN),
    # Models follow the activities' rule: the lead agency and the area's plan
    # managers (treem/initiatives/access.py).
    NavItem(_("Models and initiatives"), "initiatives:list", Perm.REPORT_FOR_AGENCY, group=PLAN),
    NavItem(_("Models and initiatives"), "initiatives:list", Perm.MANAGE_PLANS, group=PLAN),
    NavItem(_("Indicators"), "indicators:index", Perm.VIEW_AGGREGATES, group=FIGURES),
    NavItem(_("Enter figures"), "indicators:entry", Perm.ENTER_INDICATORS, group=FIGURES),
    NavItem(
        _("Figures to approve"), "indicators:approvals", Perm.APPROVE_INDICATORS, group=FIGURES
    ),
    NavItem(_("Child-friendly ward"), "reports:assessment-list", Perm.ASSESS_WARDS, group=FIGURES),
    NavItem(_("Official reports"), "reports:report-list", Perm.GENERATE_REPORTS, group=FIGURES),
    # Administration only for those who administer something (issue 15 §3): a
    # leader reaches areas and agencies through the pages that name them.
    NavItem(_("Areas"), "areas:list", Perm.MANAGE_AREAS, group=ADMIN),
    NavItem(_("Agencies"), "agencies:list", Perm.MANAGE_AREAS, group=ADMIN),
    NavItem(_("Staff"), "accounts:user-list", Perm.VIEW_STAFF, group=ADMIN),
    NavItem(_("Audit trail"), "audit:list", Perm.BROWSE_AUDIT, group=ADMIN),
    NavItem(_("Operations"), "ops:operations", Perm.MANAGE_USERS, group=ADMIN),
    NavItem(_("Data protection"), "privacy:index", Perm.MANAGE_USERS, group=ADMIN),
    NavItem(_("Reference codes"), "children:codes", Perm.MANAGE_REFERENCE, group=ADMIN),
    NavItem(_("Case settings"), "cases:settings", Perm.MANAGE_REFERENCE, group=ADMIN),
    NavItem(_("Kinds of activity"), "activities:kinds", Perm.MANAGE_REFERENCE, group=ADMIN),
    NavItem(_("Training requirements"), "trainings:reference", Perm.MANAGE_REFERENCE, group=ADMIN),
    NavItem(_("Working-day calendar"), "workdays:calendar", Perm.MANAGE_REFERENCE, group=ADMIN),
    NavItem(_("Child-friendly criteria"), "reports:criteria", Perm.MANAGE_REFERENCE, group=ADMIN),
    NavItem(_("Kinds of model"), "initiatives:kind-list", Perm.MANAGE_REFERENCE, group=ADMIN),
]


# The administration menu is for those who run the system (accounts, areas,
# reference data, the audit trail): a leader who only reads figures, or an
# agency reporter, does not see it at all, not even its open entries.
ADMIN_PERMS = (Perm.MANAGE_USERS, Perm.MANAGE_AREAS, Perm.MANAGE_REFERENCE, Perm.BROWSE_AUDIT)

# Background jobs are each user's own exports and imports: in the user menu,
# not in the administration menu.
USER_MENU = [NavItem(_("Background jobs"), "jobs:list")]


def _allowed(user, item, administers):
    if item.group == ADMIN and not administers:
        return False
    return item.perm is None or has_perm(user, item.perm)


# The menu's URLs, reversed once per process (and script prefix) rather than
# forty times on every page: they take no arguments and the URLconf does not
# change while the process runs.
_URLS = {}


def _url(url_name):
    key = (url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    url = _URLS.get(key)
    if url is None:
        url = _URLS[key] = reverse(url_name)
    return url


def items_for(user, path=""):
    items = []
    administers = any(has_perm(user, perm) for perm in ADMIN_PERMS)
    for item in NAV:
        if not _allowed(user, item, administers):
            continue
        url = _url(item.url_name)
        matches = path == url if item.prefix.endswith("$") else path.startswith(url)
        items.append(
            {
                "label": item.label,
                "url": url,
                "group": item.group,
                "current": False,
                "_len": len(url) if matches else -1,
            }
        )
    # The most specific entry is the current one (/tre-em/chat-luong/ over /tre-em/).
    best = max(items, key=lambda i: i["_len"], default=None)
    if best is not None and best["_len"] >= 0:
        best["current"] = True
    for item in items:
        del item["_len"]
    return items


def groups_for(items):
    """[(group label, [items])] in menu order, for the template."""
    groups = []
    for item in items:
        if not groups or groups[-1][0] != item["group"]:
            groups.append((item["group"], []))
        groups[-1][1].append(item)
    return groups
