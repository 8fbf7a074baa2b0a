"""Writes on cases. Every function runs in one transaction and writes its
audit event in it; the pages, the API, the commands and the demo call these."""

from .access import break_glass, get_case, in_ward, log_case_view, ward_approvers
from .codes import load_case_codes, load_case_data
from .common import CaseError, EditConflict
from .deadlines import load_step_limits
from .intake import assign_officer, record_intake, transfer_case
from .notify import mark_read, notify
from .scan import check_deadlines
from .steps import (
    STEPS,
    complete_step,
    decide_closure,
    decide_plan,
    get_step,
    propose_closure,
    save_step,
    start_emergency,
)
from .work import (
    add_attachment,
    add_service,
    answer_referral,
    record_referral_result,
    refer_case,
    referrals_for_agency_user,
    update_service,
)
from .workflow import TRANSITIONS, allowed_targets, change_status

__all__ = [
    "STEPS",
    "TRANSITIONS",
    "CaseError",
    "EditConflict",
    "add_attachment",
    "add_service",
    "allowed_targets",
    "answer_referral",
    "assign_officer",
    "break_glass",
    "change_status",
    "check_deadlines",
    "complete_step",
    "decide_closure",
    "decide_plan",
    "get_case",
    "get_step",
    "in_ward",
    "load_case_codes",
    "load_case_data",
    "load_step_limits",
    "log_case_view",
    "mark_read",
    "notify",
    "propose_closure",
    "record_intake",
    "record_referral_result",
    "refer_case",
    "referrals_for_agency_user",
    "save_step",
    "start_emergency",
    "transfer_case",
    "update_service",
    "ward_approvers",
]
