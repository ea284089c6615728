"""The one way a list a person reads is paged: bounded pages, forgiving page numbers, and links
that keep the list's filters."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from localism.core.paging import MOST_PER_PAGE, page_of

ROWS = list(range(1, 124))  # 123 rows


def _page(query: str, per_page: int = 50):
    return page_of(RequestFactory().get("/list/" + query), ROWS, per_page)


def test_a_page_holds_no_more_than_its_size():
    page = _page("?page=2")
    assert list(page.object_list) == list(range(51, 101))
    assert page.paginator.num_pages == 3


def test_a_page_number_that_is_not_one_gives_a_page_not_an_error():
    assert _page("?page=abc").number == 1
    assert _page("?page=99").number == 3
    assert _page("?page=-4").number == 3


def test_no_caller_can_ask_for_more_than_the_most_a_page_shows():
    page = page_of(RequestFactory().get("/list/"), list(range(1000)), 10_000)
    assert len(page.object_list) == MOST_PER_PAGE


def test_the_links_keep_the_filters_and_say_where_the_reader_is():
    request = RequestFactory().get("/list/", {"status": "open", "page": "2"})
    page = page_of(request, ROWS, 50)
    html = render_to_string("includes/pagination.html", {"page": page, "label": "Pages of bookings"}, request=request)
    assert 'aria-label="Pages of bookings"' in html
    assert "?status=open&amp;page=1" in html
    assert "?status=open&amp;page=3" in html
    assert "Page 2 of 3 (51 to 100 of 123)" in html


def test_a_list_of_one_page_shows_no_pagination():
    request = RequestFactory().get("/list/")
    page = page_of(request, ROWS[:5], 50)
    assert render_to_string("includes/pagination.html", {"page": page}, request=request).strip() == ""


def test_a_second_list_pages_by_its_own_parameter_and_keeps_the_first_lists_page():
    request = RequestFactory().get("/list/", {"page": "2", "ideas": "3"})
    ideas = page_of(request, ROWS, 50, param="ideas", anchor="ideas")
    assert ideas.number == 3 and page_of(request, ROWS, 50).number == 2
    assert ideas.previous_href == "?page=2&ideas=2#ideas" and ideas.next_href == ""
    html = render_to_string("includes/pagination.html", {"page": ideas}, request=request)
    assert 'href="?page=2&amp;ideas=2#ideas"' in html and 'rel="next"' not in html


@pytest.mark.parametrize("bad", [{"param": "page&x=1"}, {"param": ""}, {"anchor": "a b"}, {"anchor": '"><script>'}])
def test_a_parameter_or_fragment_that_is_not_a_plain_name_is_refused(bad):
    with pytest.raises(ValueError):
        page_of(RequestFactory().get("/list/"), ROWS, 50, **bad)
