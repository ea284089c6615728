"""Template helpers of the Ward Plan pages: the places a priority or an action can move to, and
text shortened at a word, never mid-word."""

from django import template

from localism.core.history import shorten as shorten_text

register = template.Library()


@register.filter
def places(count) -> range:
    """The places 1 to `count` (a number, or anything with a length such as a list of actions)."""
    count = count if isinstance(count, int) else len(count)
    return range(1, count + 1)


@register.filter
def shorten(text, limit=80) -> str:
    """`text` whole if it fits in `limit` characters, else cut at a word with an ellipsis."""
    return shorten_text(text, int(limit))
