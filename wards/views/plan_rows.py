"""The rows of the plan page's tables of actions, and the "Move to position" forms beside each
priority and action, built as text once for the page.

A plan may have a thousand actions: rendering each row through the template engine (sixteen
look-ups a row, a date filter for each date, a queryset for each action's partners, a form for
each move) was most of the page's time. Here each row is one format string filled with values
read once, dates formatted once for each day, and addresses from one reversal each
(localism.core.links.address_of). The markup is the one templates/wards/plans/detail.html had
for these rows; every value is escaped. The rows go into the rendered page at the end
(render_with_rows), and an action's move form asks for its place rather than listing them all.
"""

import datetime
import re
import secrets
from functools import lru_cache
from html import escape

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from localism.core.history import shorten
from localism.core.links import address_of
from localism.core.templatetags.core_tags import status_tag

from ..models import ActionStatus
from ..selectors.plans import ActionRow

STATUS_LABELS = {status.value: escape(status.label) for status in ActionStatus}
MOVE_TO_FORM = (
    '<form method="post" action="{url}" class="app-no-print" novalidate>\n'
    '    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
    '    <input type="hidden" name="version" value="{version}">\n'
    '    <div class="govuk-form-group">\n'
    '      <label class="govuk-label" for="{id}">Move<span class="govuk-visually-hidden"> {kind} ‘{name}’</span>'
    ' to position</label>\n'
    '      <select class="govuk-select" id="{id}" name="position">\n'
    '        {options}\n'
    '      </select>\n'
    '      <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0'
    ' govuk-!-margin-left-1" data-module="govuk-button">Move<span class="govuk-visually-hidden"> {kind}'
    ' ‘{name}’</span></button>\n'
    '    </div>\n'
    '  </form>'
)
# An action's place is typed, not chosen from a select: a select of every place beside each of a
# priority's hundred actions wrote ten thousand options (5 MB for a plan of 1,000 actions).
MOVE_ACTION_FORM = (
    '<form method="post" action="{url}" class="app-no-print" novalidate>\n'
    '    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
    '    <input type="hidden" name="version" value="{version}">\n'
    '    <div class="govuk-form-group">\n'
    '      <label class="govuk-label" for="{id}">Move<span class="govuk-visually-hidden"> action ‘{name}’</span>'
    ' to position (1 to {count})</label>\n'
    '      <input class="govuk-input govuk-input--width-3" id="{id}" name="position" type="text" inputmode="numeric"'
    ' spellcheck="false" autocomplete="off" value="{current}">\n'
    '      <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0'
    ' govuk-!-margin-left-1" data-module="govuk-button">Move<span class="govuk-visually-hidden"> action'
    ' ‘{name}’</span></button>\n'
    '    </div>\n'
    '  </form>'
)

ROW = (
    '\n      <tr class="govuk-table__row" id="action-{pk}">\n'
    '        <td class="govuk-table__cell"><a class="govuk-link" href="{page}">{description}</a>\n'
    '          {progress}</td>\n'
    '        <td class="govuk-table__cell">{lead}</td>\n'
    '        <td class="govuk-table__cell">{partners}</td>\n'
    '        <td class="govuk-table__cell">{due}</td>\n'
    '        <td class="govuk-table__cell"><strong class="govuk-tag {tag}">{status}</strong>{overdue}</td>\n'
    '        {changes}\n'
    '      </tr>\n'
    '      '
)
LATEST = ('<p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0"><strong>Latest progress, {day}:'
          '</strong> {note}</p>')
NO_PROGRESS = ('<p class="govuk-body-s govuk-hint govuk-!-margin-top-2 govuk-!-margin-bottom-0">'
               'No progress posted yet.</p>')
OVERDUE = ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
EDITOR_CELL = (
    '\n        <td class="govuk-table__cell app-no-print">\n'
    '          <ul class="govuk-list govuk-body-s">\n'
    '            <li><a class="govuk-link" href="{edit}">Edit<span class="govuk-visually-hidden"> action: {name}</span>'
    '</a></li>\n'
    '            <li><a class="govuk-link" href="{progress}">Post progress'
    '<span class="govuk-visually-hidden"> on {name}</span></a></li>\n'
    '            <li><a class="govuk-link" href="{delete}">Remove<span class="govuk-visually-hidden"> action: {name}'
    '</span></a></li>\n'
    '          </ul>\n'
    '          {move}\n'
    '        </td>\n'
    '        '
)
MOVE_IN_CELL = "\n          {form}\n          "
# An editor's cell with the action's move form, filled in one step.
EDITOR_CELL_WITH_MOVE = EDITOR_CELL.replace("{move}", MOVE_IN_CELL.replace("{form}", MOVE_ACTION_FORM))
LEAD_CELL = '\n        <td class="govuk-table__cell app-no-print">{link}</td>\n        '
POST_PROGRESS = ('<a class="govuk-link" href="{progress}">Post progress<span class="govuk-visually-hidden"> on {name}'
                 '</span></a>')


def move_to_form(*, url: str, id: str, kind: str, name: str, version: int, options: list[str], current: int,
                 csrf_token: str) -> str:
    """The "Move to position" form of a priority in its plan, as the plan page shows it beside
    each (`options` are the places' <option>s, unselected)."""
    chosen = options.copy()
    chosen[current - 1] = f'<option value="{current}" selected>{current}</option>'
    return mark_safe(MOVE_TO_FORM.format(  # noqa: S308 (every value is escaped or ours)
        url=escape(url), csrf=escape(csrf_token), version=int(version), id=escape(id), kind=escape(kind),
        name=escape(name), options="".join(chosen)))


def _options(count: int) -> list[str]:
    return [f'<option value="{place}">{place}</option>' for place in range(1, count + 1)]


@lru_cache(maxsize=4096)
def _written(day: datetime.date, form: str, language: str | None) -> str:
    return date_format(day, form)


class _Days:
    """Each day written in a format as the template's `date` filter writes it (Django's date
    format, a datetime at its local day), worked out once for each day and language: a plan's
    actions share their days, and the pages of a plan read the same ones again."""

    def __init__(self, form: str):
        self.form, self.language = form, get_language()

    def __call__(self, value) -> str:
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return _written(value, self.form, self.language)


def prepare(priorities: list, *, can_edit: bool, led: set, csrf_token: str,
            today: datetime.date | None = None) -> None:
    """Give each priority its "Move to position" form (for editors, when it has others to move
    among) and `action_rows`, the rows of its table of actions: for editors with their changes
    (edit, post progress, remove, move), for an officer with "Post progress" on the actions they
    lead (`led`, their pks)."""
    today = today or timezone.localdate()
    page = address_of("plans:action")
    progress_of = address_of("plans:progress-new") if can_edit or led else None
    if can_edit:
        edit, delete, move = (address_of(name) for name in (
            "plans:action-edit", "plans:action-delete", "plans:action-move-to"))
        move_priority = address_of("plans:priority-move-to")
        priority_places = _options(len(priorities))
        csrf = escape(csrf_token)
    progress_day, due_day = _Days("j F Y"), _Days("j M Y")
    for rank, priority in enumerate(priorities, start=1):
        actions = priority.action_list
        if can_edit and len(priorities) > 1:
            priority.move_form = move_to_form(
                url=move_priority(priority.pk), id=f"move-to-{priority.pk}", kind="priority", name=priority.title,
                version=priority.version, options=priority_places, current=rank, csrf_token=csrf_token)
        count = len(actions)
        rows = []
        for place, action in enumerate(actions, start=1):
            pk = action.pk
            if can_edit or led:
                short = shorten(action.description, 40)
                name, progress = escape(short), progress_of(pk)
            if can_edit and count > 1:
                changes = EDITOR_CELL_WITH_MOVE.format(
                    edit=edit(pk), progress=progress, delete=delete(pk), name=name, url=move(pk), csrf=csrf,
                    version=int(action.version), id=f"action-move-to-{pk}", count=count, current=place)
            elif can_edit:
                changes = EDITOR_CELL.format(edit=edit(pk), progress=progress, delete=delete(pk), name=name, move="")
            elif led:
                changes = LEAD_CELL.format(link=POST_PROGRESS.format(progress=progress, name=name) if pk in led else "")
            else:
                changes = ""
            rows.append(ROW.format(
                pk=pk, page=page(pk), description=escape(action.description), progress=_latest(action, progress_day),
                lead=_lead(action), partners=", ".join(escape(name) for name in action.partners) or "—",
                due=due_day(action.due_date) if action.due_date else "—", tag=status_tag(action.status),
                status=STATUS_LABELS[action.status], overdue=OVERDUE if action.is_overdue_on(today) else "",
                changes=changes))
        priority.action_rows = mark_safe("".join(rows))  # noqa: S308 (every value is escaped or ours)


def _latest(action: ActionRow, day: _Days) -> str:
    if action.latest is None:
        return NO_PROGRESS
    created_at, note = action.latest
    return LATEST.format(day=day(created_at), note=escape(Truncator(note).words(40, truncate=" …")))


def _lead(action: ActionRow) -> str:
    organisation, officer = action.lead_organisation, action.lead_officer
    if organisation is None and officer is None:
        return "Not decided yet"
    text = escape(organisation) if organisation is not None else ""
    if officer is not None:
        text += ("<br>" if organisation is not None else "") + escape(officer)
    return text


def render_with_rows(request, template: str, context: dict, priorities: list) -> HttpResponse:
    """The page `template` renders, with each priority's `action_rows` put in afterwards: the
    template writes a mark in their place (an HTML comment with a key made for this page, which
    no escaped value can contain) and the response joins the pieces once. A priority's rows
    rendered inside the template were copied again at each level around them (the condition,
    the loop, each block, the base page): for 1,000 actions, more time than the rest of the page."""
    key = secrets.token_hex(8)
    rows = {}
    for priority in priorities:
        if priority.action_rows:
            rows[str(priority.pk)] = priority.action_rows
            priority.action_rows = mark_safe(f"<!--{key}:{priority.pk}-->")  # noqa: S308 (ours)
    parts = re.split(f"<!--{key}:([0-9]+)-->", render_to_string(template, context, request))
    parts[1::2] = [rows[pk] for pk in parts[1::2]]
    return HttpResponse(parts)
