"""One way to page a list a person reads: every long list on a page goes through `page_of`, and
its template includes templates/includes/pagination.html. A page number that is not a number
gives the first page, one past the end gives the last (Django's `Paginator.get_page`), so a
stale or hand-edited link never answers 404 or 500."""

from django.core.paginator import Page, Paginator

# The most rows any page shows, whatever a caller asks: a bound on memory and time.
MOST_PER_PAGE = 200


def page_of(request, rows, per_page: int) -> Page:
    """The page of `rows` (a queryset, ordered, or a list) that the request's `page` names."""
    per_page = max(1, min(int(per_page), MOST_PER_PAGE))
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
