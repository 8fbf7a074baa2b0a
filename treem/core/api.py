"""Shared pieces of the REST API."""

from django.http import Http404
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission

from treem.accounts.scope import has_perm


def requires(perm):
    """A DRF permission: the user holds `perm` somewhere. Refusals are 404,
    the same as for objects outside the user's scope."""

    class HasPerm(BasePermission):
        def has_permission(self, request, view):
            if not request.user.is_authenticated:
                return False  # DRF answers 401
            if not has_perm(request.user, perm):
                raise Http404
            return True

    HasPerm.__name__ = f"Has_{perm}"
    return HasPerm


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
