from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from . import services
from .forms import AssignmentForm, LoginForm, TokenForm, UserEditForm, UserForm
from .models import RoleAssignment
from .permissions import Perm
from .scope import active_assignments, has_perm, scope_for
from .twofactor import policy as two_factor
from .twofactor.forms import ResetForm
from .twofactor.services import recovery_codes_left


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # Read before login() moves last_login on.
        user = form.get_user()
        grants = grants_received(user)
        if user.last_login:
            grants = grants.filter(created_at__gt=user.last_login)
        response = super().form_valid(form)
        step = two_factor.pending_step(self.request)
        if step is not None:
            # Straight to the second step, which then goes where the first was going.
            name = "accounts:otp-verify" if step == two_factor.VERIFY else "accounts:otp-enrol"
            target = self.get_success_url()
            url = reverse(name)
            if target != reverse("core:home"):
                url = f"{url}?{urlencode({'next': target})}"
            response = redirect(url)
        count = grants.count()
        if count:
            messages.info(
                self.request,
                ngettext(
                    "A role was granted to you since you last signed in: see My account.",
                    "%(n)d roles were granted to you since you last signed in: see My account.",
                    count,
                )
                % {"n": count},
            )
        return response


def grants_received(user):
    """Every role given to `user`, by whom and when, newest first: shown to them
    so that a grant nobody asked for does not go unnoticed."""
    return user.assignments.select_related("unit", "agency", "granted_by", "revoked_by").order_by(
        "-created_at"
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        services.set_password(
            form.user, form.cleaned_data["new_password1"], actor=self.request.user
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(self.success_url)


def visible_users(viewer):
    """Staff whose active roles lie in the viewer's staff scope."""
    area = scope_for(viewer, Perm.VIEW_STAFF)
    users = get_user_model().objects.all()
    if area.unlimited:
        return users
    if area.empty:
        return users.none()
    in_scope = RoleAssignment.objects.active().filter(area.q("unit"))
    return users.filter(Q(pk__in=in_scope.values("user_id")) | Q(pk=viewer.pk))


def get_user_for_viewer(viewer, pk):
    try:
        return visible_users(viewer).get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError):
        raise Http404 from None


def _require(user, perm):
    if not has_perm(user, perm):
        raise Http404


@login_required
def profile(request):
    tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": active_assignments(request.user),
            "grants": grants_received(request.user),
            "tokens": tokens,
            "token_form": TokenForm(),
            "two_factor": {
                "on": two_factor.has_confirmed_device(request.user),
                "required": two_factor.requires_two_factor(request.user),
                "verified": two_factor.is_verified(request),
                "codes_left": recovery_codes_left(request.user),
            },
        },
    )


@login_required
@require_POST
def own_token_issue(request):
    """A user issues their own token; nobody issues one for someone else."""
    form = TokenForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else 90
    try:
        _, text = services.issue_token(
            request.user,
            actor=request.user,
            days=days,
            two_factor_verified=two_factor.is_verified(request),
        )
    except services.AccountError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:profile")
    return render(
        request, "accounts/token_issued.html", {"person": request.user, "token": text, "days": days}
    )


@login_required
@require_POST
def own_token_revoke(request, key):
    token = AuthToken.objects.filter(user=request.user, token_key=key).first()
    if token is None:
        raise Http404
    services.revoke_token(token, actor=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")


@login_required
def user_list(request):
    _require(request.user, Perm.VIEW_STAFF)
    users = (
        visible_users(request.user)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=RoleAssignment.objects.active().select_related("unit", "agency"),
                to_attr="active_assignments",
            )
        )
        .order_by("first_name", "last_name", "username")
    )
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    # Who lacks the training their role needs (treem/trainings): a filter and a badge.
    from treem.trainings.gaps import mark_page, users_lacking

    lacking = request.GET.get("thieu-tap-huan") == "1"
    if lacking:
        users = users.filter(pk__in=users_lacking(users))
    page = mark_page(Paginator(users, 50).get_page(request.GET.get("page")))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page_obj": page,
            "q": q,
            "lacking": lacking,
            "can_manage": scope_for(request.user, Perm.MANAGE_USERS).unlimited,
        },
    )


@login_required
def user_detail(request, pk):
    _require(request.user, Perm.VIEW_STAFF)
    person = get_user_for_viewer(request.user, pk)
    can_manage = scope_for(request.user, Perm.MANAGE_USERS).unlimited
    assignments = person.assignments.select_related("unit", "agency", "granted_by").order_by(
        "-starts_on"
    )
    today = timezone.localdate()
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "assignments": assignments,
            "today": today,
            "can_manage": can_manage,
            "assignment_form": AssignmentForm() if can_manage else None,
            "can_revoke_tokens": has_perm(request.user, Perm.REVOKE_TOKENS),
            "two_factor_on": can_manage and two_factor.has_confirmed_device(person),
            "reset_form": ResetForm() if can_manage and person.pk != request.user.pk else None,
            "tokens": AuthToken.objects.filter(user=person).order_by("-created")
            if has_perm(request.user, Perm.REVOKE_TOKENS)
            else [],
        },
    )


def _require_manager(user):
    if not scope_for(user, Perm.MANAGE_USERS).unlimited:
        raise Http404


@login_required
def user_create(request):
    _require_manager(request.user)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_user(actor=request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Account created. Assign a role and a password next."))
            return redirect(person)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_edit(request, pk):
    _require_manager(request.user)
    person = get_user_for_viewer(request.user, pk)
    form = UserEditForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        person.refresh_from_db()
        services.update_user(person, actor=request.user, **fields)
        messages.success(request, _("Changes saved."))
        return redirect(person)
    return render(request, "accounts/user_form.html", {"form": form, "person": person})


@login_required
@require_POST
def assignment_add(request, pk):
    _require_manager(request.user)
    person = get_user_for_viewer(request.user, pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.assign_role(person, actor=request.user, **form.cleaned_data)
        except services.AccountError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Role assigned."))
    else:
        messages.error(
            request,
            _("Please correct the role form: %(errors)s")
            % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)},
        )
    return redirect(person)


@login_required
@require_POST
def assignment_end(request, pk):
    _require_manager(request.user)
    try:
        assignment = RoleAssignment.objects.get(pk=pk)
    except RoleAssignment.DoesNotExist:
        raise Http404 from None
    try:
        services.end_assignment(assignment, actor=request.user)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Role ended."))
    return redirect(assignment.user)


@login_required
@require_POST
def token_revoke(request, pk, key):
    """An administrator may end another user's token (never read with it)."""
    _require(request.user, Perm.REVOKE_TOKENS)
    person = get_user_for_viewer(request.user, pk)
    token = AuthToken.objects.filter(user=person, token_key=key).first()
    if token is None:
        raise Http404
    services.revoke_token(token, actor=request.user)
    messages.success(request, _("Token revoked."))
    return redirect(reverse("accounts:user-detail", args=[person.pk]))
