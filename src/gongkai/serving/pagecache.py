"""Anonymous public pages from the shared cache (Redis when scaled out), invalidated on every change.

A GET of a public reading page (portal home, catalogue, items, search, annual reports, published Q&A) by a
visitor without a session is answered from the cache when it can be. Every page is stored under the
current *content version*; saving or deleting any record of the apps whose data the public pages show
(publishing, withdrawing or editing an item, a report, a letter's answer, an agency) bumps the version, so
the next request renders afresh. Pages carry Last-Modified (the time of the last change) and an ETag, so a
browser's repeat visit is a 304.

Never cached: requests with a session or messages cookie, pages holding a CSRF token, non-200 answers and
answers that set a cookie.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.http import http_date

CACHED_PREFIXES = ("/open/", "/annual-reports/", "/mailbox/qa/")
CACHED_EXACT = ("/", "/mailbox/")
VERSION_KEY = "pagecache:version"
INVALIDATING_APPS = {"disclosures", "reports", "agencies", "interactions", "appeals"}
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def eligible(request) -> bool:
    if settings.GONGKAI_PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    if not (path in CACHED_EXACT or path.startswith(CACHED_PREFIXES)):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def version() -> float:
    v = cache.get(VERSION_KEY)
    if v is None:
        v = time.time()
        cache.add(VERSION_KEY, v, None)
        v = cache.get(VERSION_KEY) or v
    return float(v)


def bump(**_kwargs) -> None:
    """Start a new content version (every cached page is stale from now on)."""
    cache.set(VERSION_KEY, max(time.time(), version() + 0.001), None)


def connect_invalidation() -> None:
    def on_change(sender, **kwargs):
        if sender._meta.app_label in INVALIDATING_APPS:
            bump()

    post_save.connect(on_change, dispatch_uid="gongkai.pagecache.save", weak=False)
    post_delete.connect(on_change, dispatch_uid="gongkai.pagecache.delete", weak=False)


def _key(request, v: float) -> str:
    digest = hashlib.sha1(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    return f"pagecache:{v:.3f}:{digest}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not eligible(request):
            return self.get_response(request)
        v = version()
        key = _key(request, v)
        hit = cache.get(key)
        if hit is not None:
            status, headers, body = hit
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            response["Last-Modified"] = http_date(v)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._storable(response):
            headers = [(h, response[h]) for h in KEPT_HEADERS if h in response]
            cache.set(key, (response.status_code, headers, response.content), settings.GONGKAI_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        if response.status_code == 200 and not response.streaming:
            response["Last-Modified"] = http_date(v)
        return response

    @staticmethod
    def _storable(response) -> bool:
        return (response.status_code == 200 and not response.streaming and not response.cookies
                and b"csrfmiddlewaretoken" not in response.content
                and "private" not in response.get("Cache-Control", ""))
