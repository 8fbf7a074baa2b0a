"""Checks an API answer against the OpenAPI schema the site serves at /api/schema/,
as the fuzzing gate (.ci/fuzz, schemathesis) does, so that a test can pin one of
its findings without a running server."""

import functools

import jsonschema
from drf_spectacular.generators import SchemaGenerator
from referencing import Registry, Resource


@functools.cache
def openapi_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema's null type; the rest passes as is."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@functools.cache
def _registry():
    document = _json_schema(openapi_schema())
    return Registry().with_resource("urn:treem-api", Resource.opaque(document)), document


def response_schema(path, method, status):
    """The JSON Schema of the documented answer, or None when it is not documented."""
    registry, document = _registry()
    operation = document["paths"][path][method.lower()]
    response = operation.get("responses", {}).get(str(status))
    if response is None:
        return None
    return response.get("content", {}).get("application/json", {}).get("schema", {})


def schema_errors(response, path, method="get"):
    """Messages for every way `response` (a DRF test response) departs from the
    schema of `method path`; an empty list when it conforms."""
    schema = response_schema(path, method, response.status_code)
    if schema is None:
        return [f"status {response.status_code} is not documented for {method.upper()} {path}"]
    registry, _ = _registry()
    validator = jsonschema.Draft4Validator(
        _rebase(schema), registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in validator.iter_errors(response.json())
    ]


def _rebase(node):
    """`#/components/...` references resolve against the whole document."""
    if isinstance(node, list):
        return [_rebase(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _rebase(value) for key, value in node.items()}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node["$ref"] = "urn:treem-api" + ref
    return node
