"""One way to page a list a person reads: every long list on a page goes through `page_of`, and
its template includes templates/includes/pagination.html. A page number that is not a number
gives the first page, one past the end gives the last (Django's `Paginator.get_page`), so a
stale or hand-edited link never answers 404 or 500.

A page with two lists pages each by a query parameter of its own (`param`, "page" for the
first), so that turning one list's page keeps the other's; `anchor` names the part of the page
the links return to."""

import re

from django.core.paginator import Page, Paginator

# The most rows any page shows, whatever a caller asks: a bound on memory and time.
MOST_PER_PAGE = 200
PARAM = re.compile(r"[a-z][a-z0-9_-]{0,29}")


def page_of(request, rows, per_page: int, *, param: str = "page", anchor: str = "") -> Page:
    """The page of `rows` (a queryset, ordered, or a list) that the request's `param` names,
    with the addresses of the pages before and after it (`previous_href`, `next_href`), which
    keep the request's other parameters (its filters, another list's page)."""
    if not PARAM.fullmatch(param) or (anchor and not PARAM.fullmatch(anchor)):
        raise ValueError(f"not a query parameter or fragment name: {param!r}, {anchor!r}")
    per_page = max(1, min(int(per_page), MOST_PER_PAGE))
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    fragment = f"#{anchor}" if anchor else ""

    def href(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}{fragment}"

    page.previous_href = href(page.previous_page_number()) if page.has_previous() else ""
    page.next_href = href(page.next_page_number()) if page.has_next() else ""
    return page
