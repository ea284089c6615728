"""The OpenAPI schema's shared parts: every operation documents the errors it can answer with,
in the one shape the core's exception handler gives them (DESIGN.md), and times of day are
declared as what they are.

- 400 where a client sends something to check: query parameters or a body.
- 401 everywhere: a wrong or withdrawn token is refused on every route.
- 403 where the services may refuse a signed-in user: every write.
- 404 where the path names a record, and on lists (a page past the end).
- 413 and 415 where there is a body: too large, or not JSON.
- 429 everywhere, with `Retry-After`.
A viewset names other errors of its actions in `error_statuses` ({"lookup": ["404"]}); an
operation's own declaration of a status (a 409 with the booking in the way) is kept.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

ERROR = "Error"
FIELD_ERRORS = "FieldErrors"

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What is wrong, in plain words."}},
    "required": ["detail"],
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Each field that is wrong, with its messages (`non_field_errors` for the "
                   "whole; `detail` alone when the body cannot be read).",
    "additionalProperties": {},
}
# A time of day as the API writes it, "09:30:00" (RFC 3339's `partial-time`: JSON Schema's
# `time` format would demand a UTC offset, which a shop's opening hours do not have).
TIME_OF_DAY = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
               "example": "09:30:00"}

ERRORS = {
    "400": (FIELD_ERRORS, "The request is not valid: each field is named with what is wrong."),
    "401": (ERROR, "Not signed in, or the token is wrong."),
    "403": (ERROR, "Signed in, but this user may not do this."),
    "404": (ERROR, "No such record, or none this user may see; for a list, no such page."),
    "413": (ERROR, "The body is too large."),
    "415": (ERROR, "The body is not JSON."),
    "429": (ERROR, "Too many requests: wait the seconds `Retry-After` gives."),
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self._error_codes(operation):
            if code not in responses:
                responses[code] = self._error_response(code)
        return operation

    def _error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        body = "requestBody" in operation
        codes = ["401", "429"]
        if body or any(p["in"] == "query" for p in parameters):
            codes.append("400")
        if self.method in UNSAFE:
            codes.append("403")
        if any(p["in"] == "path" for p in parameters) or self._is_list_view():
            codes.append("404")
        if body:
            codes += ["413", "415"]
        codes += getattr(self.view, "error_statuses", {}).get(getattr(self.view, "action", None), [])
        return sorted(set(codes))

    def _error_response(self, code: str) -> dict:
        name, description = ERRORS[code]
        schema = FIELD_ERRORS_SCHEMA if name == FIELD_ERRORS else ERROR_SCHEMA
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        response = {"description": description, "content": {"application/json": {"schema": component.ref}}}
        if code == "429":
            response["headers"] = {"Retry-After": {
                "schema": {"type": "integer"}, "description": "Seconds to wait before the next request."}}
        return response

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField):
            schema = dict(TIME_OF_DAY)
            if field.allow_null:
                schema["nullable"] = True
            if field.read_only:
                schema["readOnly"] = True
            if field.help_text:
                schema["description"] = str(field.help_text)
            return schema
        return super()._map_serializer_field(field, direction, bypass_extensions)
