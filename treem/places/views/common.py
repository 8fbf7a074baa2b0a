from django.http import Http404

from treem.accounts.scope import has_perm


def require(user, perm):
    """Not holding the permission anywhere looks the same as a missing page."""
    if not has_perm(user, perm):
        raise Http404


def put_errors(form, exc):
    """A service's PlaceError shown beside the form's fields (or on top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
