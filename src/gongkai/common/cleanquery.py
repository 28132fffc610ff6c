"""Query strings lose their C0 control characters before any view reads them — the GET twin of the form
layer's rule (`gongkai.common.forms`). A NUL in a filter (`/mailbox/qa/?category=a%00b`) made PostgreSQL
refuse the query ("A string literal cannot contain NUL"), a 500 found by the standing fuzz."""

from __future__ import annotations

from gongkai.common.cleantext import has_control_chars
from gongkai.common.forms import clean_input


class CleanQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%" in query or any(ord(c) < 32 for c in query):
            if any(has_control_chars(k) or any(has_control_chars(v) for v in vs) for k, vs in request.GET.lists()):
                request.GET = clean_input(request.GET)
        return self.get_response(request)
