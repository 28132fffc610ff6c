"""A public form page rendered once and reused: only its tokens differ from visitor to visitor.

Rendering a long Django form (the application form: a select of every agency, twenty fields, each through
its widget template) costs far more than anything else on the page. For an anonymous visitor without
pending messages the page is rendered once per content version (see pagecache: any change to agencies
starts a new one) and stored with placeholders where the CSRF token and the form's own tokens were; each
visitor gets the stored page with their own values put in.

The content version itself is asked of the shared cache at most once a second per process (under load that
Redis round trip was a fifth of the page's time in a worker); a change saved in this process is seen at once
(the signal below), a change saved on another host within a second — as if the visitor had opened the page a
second earlier (the submitted agency is checked against the database in any case)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render

from gongkai.serving import pagecache

CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_MARK = "\x00csrf\x00"


VERSION_RECHECK_SECONDS = 1.0
_seen: dict = {"version": None, "at": 0.0}


def _content_version() -> float:
    """pagecache.version(), from this process's memory when it was read less than a second ago."""
    now = time.monotonic()
    version, at = _seen["version"], _seen["at"]
    if version is None or now - at >= VERSION_RECHECK_SECONDS or now < at:
        version = pagecache.version()
        _seen.update(version=version, at=now)
    return version


def forget_version(**_kwargs) -> None:
    _seen["version"] = None


def _on_change(sender, **_kwargs) -> None:
    if sender._meta.app_label in pagecache.INVALIDATING_APPS:
        forget_version()


post_save.connect(_on_change, dispatch_uid="gongkai.formcache.save", weak=False)
post_delete.connect(_on_change, dispatch_uid="gongkai.formcache.delete", weak=False)


def _reusable(request) -> bool:
    user = getattr(request, "user", None)
    return (settings.GONGKAI_PAGE_CACHE_SECONDS > 0 and not (user is not None and user.is_authenticated)
            and "messages" not in request.COOKIES and "_messages" not in request.session)


# This process's copy of the stored pages: the key holds the content version, so a change anywhere (any
# host) makes the next request look for a new key; only the small version lookup goes to the shared cache.
_local: dict[str, str] = {}


def _remember(key: str, html: str) -> None:
    if len(_local) >= 16:
        _local.clear()
    _local[key] = html


def render_form_page(request, template: str, context: Callable[[], dict], *, tokens: list[str], variant: str = ""):
    """`render(request, template, context())`, reusing an earlier rendering when it can (see above).

    `context` is called only when the page is rendered: building a long form (every field deep-copied) costs
    as much as the rest of a reused page's request."""
    if not _reusable(request):
        return render(request, template, context())
    key = f"formpage:{_content_version():.3f}:{template}:{variant}"
    html = _local.get(key)
    if html is None:
        html = cache.get(key)
        if html is not None:
            _remember(key, html)
    if html is None:
        response = render(request, template, context())
        page = response.content.decode()
        stored = CSRF_INPUT.sub(lambda m: m.group(1) + CSRF_MARK + m.group(3), page)
        for i, token in enumerate(tokens):
            stored = stored.replace(token, f"\x00token{i}\x00")
        cache.set(key, stored, settings.GONGKAI_PAGE_CACHE_SECONDS)
        _remember(key, stored)
        return response
    html = html.replace(CSRF_MARK, get_token(request))
    for i, token in enumerate(tokens):
        html = html.replace(f"\x00token{i}\x00", token)
    return HttpResponse(html)
