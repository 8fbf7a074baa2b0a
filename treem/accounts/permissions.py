"""Roles and what they may do: the one place where permissions are named.

A permission is granted by a role assignment and applies only inside the
assignment's area (see scope.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    WARD_OFFICER = "ward_officer", _("Ward child-protection officer")
    WARD_APPROVER = "ward_approver", _("Ward approver (chairman / vice-chairman)")
    COLLABORATOR = "collaborator", _("Residential-group collaborator")
    AGENCY_REPORTER = "agency_reporter", _("Agency reporter")
    VIEWER = "viewer", _("Leader / viewer (aggregates only)")


class Perm(models.TextChoices):
    # Personal data of children and families.
    VIEW_PERSONAL = "view_personal", _("View personal data")
    EDIT_PERSONAL = "edit_personal", _("Edit personal data")
    VIEW_SENSITIVE = "view_sensitive", _("View sensitive fields")
    EXPORT_PERSONAL = "export_personal", _("Export personal data")
    CONFIRM_MERGES = "confirm_merges", _("Confirm merges of duplicate records")
    # Child-protection cases.
    MANAGE_CASES = "manage_cases", _("Manage child-protection cases")
    APPROVE_PLANS = "approve_plans", _("Approve support and intervention plans")
    RECORD_CASE_REPORTS = "record_case_reports", _("Record reports of harm to a child")
    HANDLE_REFERRALS = "handle_referrals", _("Handle cases referred to an agency")
    # Plans, reports, aggregates.
    VIEW_PLANS = "view_plans", _("View plans, tasks and progress")
    MANAGE_PLANS = "manage_plans", _("Manage plans, review progress reports, evaluate")
    REPORT_FOR_AGENCY = "report_for_agency", _("Report for an agency")
    VIEW_AGGREGATES = "view_aggregates", _("View aggregate figures")
    ENTER_INDICATORS = "enter_indicators", _("Enter indicator values")
    APPROVE_INDICATORS = "approve_indicators", _("Approve and lock indicator values")
    ASSESS_WARDS = "assess_wards", _("Run the child-friendly ward assessment")
    GENERATE_REPORTS = "generate_reports", _("Generate official reports")
    RUN_LINKAGE = "run_linkage", _("Link the registry with the population register")
    # Administration.
    VIEW_STAFF = "view_staff", _("View staff directory")
    MANAGE_USERS = "manage_users", _("Manage accounts and roles")
    MANAGE_AREAS = "manage_areas", _("Manage residential groups")
    MANAGE_REFERENCE = "manage_reference", _("Manage reference data")
    BROWSE_AUDIT = "browse_audit", _("Browse the audit trail")
    # Everyone issues their own tokens; this revokes other users' tokens.
    REVOKE_TOKENS = "revoke_tokens", _("Revoke other users' API tokens")


P = Perm
ROLE_PERMISSIONS = {
    # The administrator runs the system but reads no child's personal data.
    Role.ADMIN: {
        P.VIEW_STAFF,
        P.MANAGE_USERS,
        P.MANAGE_AREAS,
        P.MANAGE_REFERENCE,
        P.BROWSE_AUDIT,
        P.REVOKE_TOKENS,
        P.VIEW_AGGREGATES,
        P.VIEW_PLANS,
    },
    Role.PROVINCE_OFFICER: {
        P.VIEW_PERSONAL,
        P.EDIT_PERSONAL,
        P.VIEW_SENSITIVE,
        P.EXPORT_PERSONAL,
        P.CONFIRM_MERGES,
        P.MANAGE_CASES,
        P.VIEW_AGGREGATES,
        P.VIEW_STAFF,
        P.BROWSE_AUDIT,
        P.VIEW_PLANS,
        P.MANAGE_PLANS,
        P.RECORD_CASE_REPORTS,
        P.APPROVE_INDICATORS,
        P.ASSESS_WARDS,
        P.GENERATE_REPORTS,
        P.RUN_LINKAGE,
    },
    Role.WARD_OFFICER: {
        P.VIEW_PERSONAL,
        P.EDIT_PERSONAL,
        P.VIEW_SENSITIVE,
        P.EXPORT_PERSONAL,
        P.MANAGE_CASES,
        P.VIEW_AGGREGATES,
        P.VIEW_STAFF,
        P.MANAGE_AREAS,
        P.VIEW_PLANS,
        P.MANAGE_PLANS,
        P.RECORD_CASE_REPORTS,
        P.ENTER_INDICATORS,
        P.ASSESS_WARDS,
        P.GENERATE_REPORTS,
        P.RUN_LINKAGE,
    },
    Role.WARD_APPROVER: {
        P.VIEW_PERSONAL,
        P.VIEW_SENSITIVE,
        P.CONFIRM_MERGES,
        P.MANAGE_CASES,
        P.APPROVE_PLANS,
        P.VIEW_AGGREGATES,
        P.VIEW_STAFF,
        P.VIEW_PLANS,
        P.MANAGE_PLANS,
        P.RECORD_CASE_REPORTS,
        P.APPROVE_INDICATORS,
        P.ASSESS_WARDS,
        P.GENERATE_REPORTS,
    },
    # Collaborators report from their residential group: no sensitive fields.
    Role.COLLABORATOR: {P.VIEW_PERSONAL, P.EDIT_PERSONAL, P.RECORD_CASE_REPORTS},
    Role.AGENCY_REPORTER: {
        P.REPORT_FOR_AGENCY,
        P.VIEW_AGGREGATES,
        P.VIEW_PLANS,
        P.RECORD_CASE_REPORTS,
        P.HANDLE_REFERRALS,
        P.ENTER_INDICATORS,
    },
    Role.VIEWER: {P.VIEW_AGGREGATES, P.VIEW_PLANS},
}

# Roles whose assignment must name an agency.
ROLES_WITH_AGENCY = (Role.AGENCY_REPORTER,)
# Roles whose area may be left empty, meaning every area.
ROLES_WITHOUT_AREA = (Role.ADMIN,)


def role_grants(role, perm):
    return perm in ROLE_PERMISSIONS.get(role, ())
