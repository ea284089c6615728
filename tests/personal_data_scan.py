"""The suite-wide scan of API responses for residents' personal data (the root conftest turns it
on for every test): the partner API must never give out a resident's email address or name, a
response's or a resident's postcode, the text of a free-text answer, or an "About you" row.

Every response to a path under /api/ is read as it is produced. If any engagement record or
resident exists at that moment, their personal values are collected (a handful of queries, left
out of the test's own query counts) and the body must contain none of them."""

import json
import re

from django.db import connection

from engagement.models import AboutYou, Answer, ResidentProfile, Response
from localism.accounts.models import User

# Shorter free text ("Yes", "No idea") is too common to mean anything found in a body.
MIN_TEXT = 8
ABOUT_YOU_FIELDS = ("age_band", "ethnic_group", "tenure", "disability")


class PersonalDataLeak(AssertionError):
    pass


def personal_values() -> list[tuple[str, str]]:
    """(what, value) for every resident's personal value in the database now."""
    values = []
    residents = User.objects.filter(role=User.Role.RESIDENT).values_list("email", "first_name", "last_name")
    for email, first, last in residents:
        if email:
            values.append(("a resident's email", email))
        name = " ".join(part for part in (first, last) if part)
        if len(name) >= MIN_TEXT:
            values.append(("a resident's name", name))
    for postcode in {*Response.objects.exclude(postcode="").values_list("postcode", flat=True),
                     *ResidentProfile.objects.values_list("postcode", flat=True)}:
        if postcode:
            values.append(("a resident's postcode", postcode))
    for text in Answer.objects.exclude(text="").values_list("text", flat=True).distinct():
        if len(text.strip()) >= MIN_TEXT:
            values.append(("a free-text answer", text.strip()))
    return values


def about_you_patterns() -> list[tuple[str, re.Pattern]]:
    """An "About you" row given out as a record: a field with its stored code or its label as
    value (aggregates give counts, by category, not one row's value)."""
    patterns = []
    for field in ABOUT_YOU_FIELDS:
        labels = dict(AboutYou._meta.get_field(field).choices)
        for code in AboutYou.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct():
            for value in {code, str(labels.get(code, code))}:
                patterns.append((f"an About you {field}",
                                 re.compile(rf'"{field}"\s*:\s*{re.escape(json.dumps(value))}')))
    return patterns


def _any_personal_data() -> bool:
    try:
        return (User.objects.filter(role=User.Role.RESIDENT).exists() or Response.objects.exists()
                or ResidentProfile.objects.exists())
    except RuntimeError as error:  # a test without the database: nobody's data can be in its answers
        if "Database access not allowed" in str(error):
            return False
        raise


def find_leaks(body: str) -> list[str]:
    """What personal data `body` gives out (empty: none)."""
    if not _any_personal_data():
        return []
    folded = body.casefold()
    # JSON escapes non-ASCII and slashes: look in the decoded text too.
    try:
        decoded = json.dumps(json.loads(body), ensure_ascii=False).casefold()
    except ValueError:
        decoded = folded
    leaks = [f"{what}: {value!r}" for what, value in personal_values()
             if value.casefold() in folded or value.casefold() in decoded]
    leaks += [what for what, pattern in about_you_patterns() if pattern.search(body)]
    return leaks


def scan(request, response) -> None:
    """Fail if the API response to `request` gives out personal data. The scan's own queries are
    taken out of the connection's log, so query-count assertions count only the request's."""
    if not request.path.startswith("/api/") or getattr(response, "streaming", False):
        return
    content = getattr(response, "content", b"")
    if not content:
        return
    log = connection.queries_log
    before = len(log)
    try:
        leaks = find_leaks(content.decode("utf-8", errors="replace"))
    finally:
        while len(log) > before:
            log.pop()
    if leaks:
        raise PersonalDataLeak(f"{request.method} {request.get_full_path()} gave out personal data: "
                               + "; ".join(leaks))
