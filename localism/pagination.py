from rest_framework import pagination
from rest_framework.exceptions import ValidationError

PAGE_SIZE_INVALID = "Enter how many results a page should hold: a whole number from 1 (pages hold at most {max})."


class PageNumberPagination(pagination.PageNumberPagination):
    """The partner contract: {count, next, previous, results}; ?page_size= up to 500 (a larger
    number gives pages of 500; what is not a whole number of at least 1 is a 400)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_size_query_description = "How many results a page holds, from 1; at most 500 are given."
    last_page_strings = ()  # a page is a number, as the schema says

    def get_page_number(self, request, paginator):
        # An empty or unreadable page is a 404 (no such page), not quietly the first.
        return request.query_params.get(self.page_query_param, 1)

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise ValidationError({self.page_size_query_param: [PAGE_SIZE_INVALID.format(max=self.max_page_size)]})
        return min(int(text), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
