from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """The partner contract: {count, next, previous, results}; ?page_size= up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
