"""Writes on accounts, roles and tokens. Every one is audited; role and token
changes are recorded as permission changes."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from treem.areas.models import Level
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from . import scope
from .models import RoleAssignment
from .permissions import ROLES_WITH_AGENCY, ROLES_WITHOUT_AREA, Perm, Role, role_grants

# Where each role works: an assignment elsewhere is refused.
ROLE_LEVELS = {
    Role.ADMIN: {Level.PROVINCE},
    Role.PROVINCE_OFFICER: {Level.PROVINCE},
    Role.WARD_OFFICER: {Level.WARD, Level.COMMUNE},
    Role.WARD_APPROVER: {Level.WARD, Level.COMMUNE},
    Role.COLLABORATOR: {Level.RESIDENTIAL_GROUP},
    Role.AGENCY_REPORTER: {Level.PROVINCE, Level.WARD, Level.COMMUNE},
    Role.VIEWER: {Level.PROVINCE, Level.WARD, Level.COMMUNE},
}


# Roles that read children's personal data: nobody grants one to themselves, so
# an administrator who runs the system cannot quietly become a reader of it.
DATA_READING_ROLES = frozenset(
    role
    for role in Role
    if role_grants(role, Perm.VIEW_PERSONAL) or role_grants(role, Perm.VIEW_SENSITIVE)
)


class AccountError(ValueError):
    pass


def _is_person(actor):
    # actor=None is the server operator (management commands, data loaders).
    return getattr(actor, "pk", None) is not None


@transaction.atomic
def create_user(
    *, actor, username, password=None, first_name="", last_name="", email="", phone="", job_title=""
):
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise AccountError(_("The username must not be empty."))
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("The username “%(u)s” is already taken.") % {"u": username})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        job_title=job_title,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_create(user, actor=actor)
    return user


@transaction.atomic
def update_user(user, *, actor, **fields):
    before = snapshot(user)
    for key, value in fields.items():
        if key not in ("first_name", "last_name", "email", "phone", "job_title", "is_active"):
            raise AccountError(f"not an editable field: {key}")
        setattr(user, key, value)
    user.save()
    event = record_update(user, before, actor=actor)
    if event and "is_active" in event.changes and not user.is_active:
        # A deactivated account keeps no API access.
        AuthToken.objects.filter(user=user).delete()
    return user


@transaction.atomic
def set_password(user, raw_password, *, actor):
    user.set_password(raw_password)
    user.save(update_fields=["password"])
    record_event(Action.PASSWORD_CHANGE, actor=actor, subject=user)


def check_can_manage(actor, unit):
    """Administrators manage every account; nobody else manages roles."""
    allowed = scope.scope_for(actor, Perm.MANAGE_USERS)
    if not (allowed.unlimited if unit is None else allowed.covers(unit)):
        raise AccountError(_("You may not assign roles in this area."))


@transaction.atomic
def assign_role(
    user,
    role,
    *,
    actor,
    unit=None,
    agency=None,
    starts_on=None,
    expires_on=None,
    check_permission=True,
):
    role = Role(role)
    if check_permission:
        check_can_manage(actor, unit)
    if _is_person(actor) and actor.pk == user.pk and role in DATA_READING_ROLES:
        raise AccountError(
            _(
                "Nobody may grant themselves a role that reads children's personal data: "
                "another administrator must grant it."
            )
        )
    if unit is None and role not in ROLES_WITHOUT_AREA:
        raise AccountError(_("This role needs an area."))
    if unit is not None:
        if not unit.is_current:
            raise AccountError(
                _("Roles cannot be assigned in a unit no longer in force: %(u)s.") % {"u": unit}
            )
        if unit.level not in ROLE_LEVELS[role]:
            raise AccountError(
                _("The role %(role)s does not apply at the level %(level)s.")
                % {"role": role.label, "level": unit.get_level_display()}
            )
    if role in ROLES_WITH_AGENCY and agency is None:
        raise AccountError(_("This role needs an agency."))
    if agency is not None and role not in ROLES_WITH_AGENCY:
        agency = None
    starts_on = starts_on or timezone.localdate()
    if expires_on and expires_on < starts_on:
        raise AccountError(_("The expiry date must not be before the start date."))
    duplicate = RoleAssignment.objects.active().filter(
        user=user, role=role, unit=unit, agency=agency
    )
    if duplicate.exists():
        raise AccountError(_("The user already holds this role in this area."))
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        unit=unit,
        agency=agency,
        starts_on=starts_on,
        expires_on=expires_on,
        granted_by=actor if _is_person(actor) else None,
    )
    record_create(assignment, actor=actor, unit=unit)
    record_event(
        Action.PERMISSION_CHANGE,
        actor=actor,
        subject=user,
        unit=unit,
        changes={"granted": {"old": None, "new": snapshot(assignment)}},
    )
    scope.invalidate(user)
    return assignment


@transaction.atomic
def end_assignment(assignment, *, actor, check_permission=True):
    """Ends a role now. The row stays as history."""
    if check_permission:
        check_can_manage(actor, assignment.unit)
    if assignment.revoked_at is not None:
        return assignment
    before = snapshot(assignment)
    assignment.revoked_at = timezone.now()
    assignment.revoked_by = actor if getattr(actor, "pk", None) else None
    assignment.save(update_fields=["revoked_at", "revoked_by"])
    record_update(assignment, before, actor=actor, unit=assignment.unit)
    record_event(
        Action.PERMISSION_CHANGE,
        actor=actor,
        subject=assignment.user,
        unit=assignment.unit,
        changes={"revoked": {"old": before, "new": None}},
    )
    scope.invalidate(assignment.user)
    return assignment


@transaction.atomic
def issue_token(user, *, actor, days=None, two_factor_verified=False):
    """Returns (token row, the token text). The text is shown once: only a
    digest is stored.

    A token is issued by its owner (or by the server operator, actor=None): an
    administrator holding another user's token would read what that user reads.
    A user whose role requires two-factor sign-in issues one only from a session
    that passed it: a token skips the second step for as long as it lasts.
    """
    if _is_person(actor) and actor.pk != user.pk:
        raise AccountError(_("An API token is issued only by its owner, on their account page."))
    if _is_person(actor) and not two_factor_verified:
        from .twofactor.policy import requires_two_factor

        if requires_two_factor(user):
            raise AccountError(
                _(
                    "Your role requires two-factor sign-in: enter a code first, "
                    "then issue the token."
                )
            )
    expiry = datetime.timedelta(days=days) if days else None
    if expiry is None:
        instance, text = AuthToken.objects.create(user=user)
    else:
        instance, text = AuthToken.objects.create(user=user, expiry=expiry)
    record_event(
        Action.TOKEN_ISSUE,
        actor=actor,
        subject=user,
        changes={"token": {"old": None, "new": instance.token_key}},
    )
    return instance, text


@transaction.atomic
def revoke_token(token, *, actor):
    user, key = token.user, token.token_key
    token.delete()
    record_event(
        Action.TOKEN_REVOKE, actor=actor, subject=user, changes={"token": {"old": key, "new": None}}
    )
