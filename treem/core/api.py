"""Shared pieces of the REST API."""

import functools
import re

import django_filters
from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission

from treem.accounts.scope import has_perm

# ASCII digits only: int() would also take " 5", "+5" and "٥".
WHOLE_NUMBER = re.compile(r"[0-9]+", re.ASCII)


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
    """Pages of 50, up to 500 on request. A page size that is not a whole number
    of at least 1 is refused (DRF would quietly use the default), as the schema
    says; a page past the end is 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = _("This page does not exist.")

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(value) or int(value) < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of at least 1.")]}
            )
        return min(int(value), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            # An empty value means the default (page 1, 50 a page).
            parameter["schema"]["minimum"] = 1
            parameter["allowEmptyValue"] = True
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = "Number of results per page (at most 500)."
        return parameters


BOOLEAN_VALUES = {"true", "false", "True", "False"}


class IdField(forms.IntegerField):
    """A whole number a database column can hold: a larger one is refused
    (400) rather than sent to the database, where SQLite cannot bind it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -(2**63))
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A related object's filter on its plain id (a whole number)."""

    field_class = IdField


@functools.cache
def on_plain_ids(filterset_class):
    """The filterset with each filter on a related object replaced by one on
    its id. django-filter's choice filters look the id up among all rows and
    answer 400 "Select a valid choice" for an id that does not exist, but 200
    with an empty page for one outside the caller's scope (the view's queryset
    is scoped): the difference told a caller which ids exist. On the plain id
    both answer 200 with an empty page."""
    replaced = {}
    for name, filter_ in filterset_class.base_filters.items():
        if not isinstance(
            filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
        ):
            continue
        if filter_.extra.get("to_field_name") not in (None, "pk", "id"):
            continue
        replaced[name] = IdFilter(
            field_name=filter_.field_name,
            lookup_expr="exact",
            label=filter_.label,
            distinct=filter_.distinct,
            exclude=filter_.exclude,
        )
    if not replaced:
        return filterset_class
    subclass = type(
        filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__}
    )
    subclass.base_filters = {**filterset_class.base_filters, **replaced}
    return subclass


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, as strict as the schema: a boolean filter takes
    `true` or `false` (django-filter reads "2" as true and "yes" as no filter),
    and an empty value means no filter (documented as allowEmptyValue)."""

    # False where the filterset scopes its choices itself (the children's list
    # offers the caller's own wards: an id outside them and a missing one get
    # the same "invalid choice").
    plain_ids = True

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None or not self.plain_ids:
            return filterset_class
        return on_plain_ids(filterset_class)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, filter_ in filterset.filters.items():
            if not isinstance(filter_, django_filters.BooleanFilter):
                continue
            for value in request.query_params.getlist(name):
                if value != "" and value not in BOOLEAN_VALUES:
                    errors[name] = [_("Enter true or false.")]
        if errors:
            raise ValidationError(errors)
        return filterset


class FilterExtension(DjangoFilterExtension):
    """The schema of FilterBackend's parameters: django-filter's, each allowing
    an empty value (the filter is then not applied)."""

    target_class = "treem.core.api.FilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        for parameter in parameters:
            if parameter.get("in") == "query":
                parameter["allowEmptyValue"] = True
        return parameters


ERROR_SCHEMAS = {
    "Error": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": "Messages by field name; `non_field_errors` or `detail` for the whole.",
        "additionalProperties": {},
    },
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation may answer 401
    (no valid token) and 404 (not visible, no permission, or a page past the
    end: refusals are 404 here); those with parameters or a body also 400.
    Answers an operation documents itself are kept."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)

    def answer(description, schema):
        return {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }

    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "put", "patch", "post", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            if operation.get("security") != [{}]:
                responses.setdefault("401", answer("No valid token or session.", "Error"))
            responses.setdefault("404", answer("Not found, or not visible to the caller.", "Error"))
            takes_input = "requestBody" in operation or any(
                parameter.get("in") == "query" for parameter in operation.get("parameters", [])
            )
            if takes_input:
                responses.setdefault("400", answer("The request is invalid.", "ValidationErrors"))
    return result
