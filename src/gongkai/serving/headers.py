"""Cache-Control for pages that must never be kept by a browser or a proxy.

Staff pages, the login, the admin and every page that shows a person's own data (the receipt with its
query password, an application's status, a letter's reply) answer `Cache-Control: no-store`, as does any
response to a signed-in user. Public reading pages are left to the public page cache (ETag/Last-Modified).
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

NO_STORE_PREFIXES = ("/work/", "/accounts/", "/sysadmin/", "/apply/", "/mailbox/write/", "/mailbox/sent/",
                     "/mailbox/query/", "/mailbox/surveys/", "/audit/")


def needs_no_store(request, response) -> bool:
    if request.path.startswith(NO_STORE_PREFIXES):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return request.method not in ("GET", "HEAD")


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if needs_no_store(request, response):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0, private"
        if "Server" in response:
            del response["Server"]
        return response
