"""The API's JSON parser, with bounds. Apart from localism.core.api because DRF's settings import
it while DRF's views are loading (which localism.core.api imports)."""

import json

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

BODY_TOO_LARGE = "The request body is larger than {limit:,} bytes."
TOO_DEEP = "The JSON is nested more than {depth} levels deep."
JSON_INVALID = "The body is not valid JSON: {error}"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"


def _depth_within(value, limit: int) -> bool:
    """Whether no list or object inside `value` is more than `limit` levels deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > limit:
                return False
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return True


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with bounds: a body larger than DJANGO_API_MAX_BODY_BYTES is a 413, one
    nested deeper than a request of ours ever is (or too deep for the decoder) a 400."""

    max_depth = 32

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise PayloadTooLarge(BODY_TOO_LARGE.format(limit=limit))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)

        def refuse_constant(name):
            raise ValueError(f"{name} is not a JSON number")

        try:
            data = json.loads(body.decode(encoding), parse_constant=refuse_constant if self.strict else None)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP.format(depth=self.max_depth)) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise exceptions.ParseError(JSON_INVALID.format(error=error)) from None
        if not _depth_within(data, self.max_depth):
            raise exceptions.ParseError(TOO_DEEP.format(depth=self.max_depth))
        return data
