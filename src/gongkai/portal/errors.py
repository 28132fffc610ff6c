"""Chinese error pages (403, 404, 500, CSRF failure) in the frame of the site the visitor was on: the
workbench's for a signed-in member of staff under /work/, the portal's otherwise.

Under DEBUG Django answers a 404 with its technical page; `DebugNotFoundMiddleware` serves ours instead
unless `GONGKAI_DEBUG_ERROR_PAGES` is on (developers who want Django's page set it to 1)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import Resolver404, get_resolver

log = logging.getLogger("gongkai.serving")

PAGES = {
    403: ("没有访问权限", "您没有权限查看这个页面或执行这项操作。"),
    404: ("页面不存在", "您要找的页面不存在，可能已被删除、移动，或网址输入有误。"),
    500: ("系统出错", "系统处理您的请求时出错，错误已记录。请稍后再试；如果问题持续，请联系网站管理员。"),
    "csrf": ("页面已过期，请重新提交", "为保护您的信息安全，表单需要通过安全校验才能提交。页面停留时间过长、"
             "在其他窗口退出登录或浏览器禁用了 Cookie 都可能导致校验失败。请返回上一页，刷新后重新填写提交。"),
}


def _frame(request) -> str:
    user = getattr(request, "user", None)
    staff = user is not None and user.is_authenticated
    return "errors/workbench.html" if staff and request.path.startswith("/work/") else "errors/portal.html"


def _detail(exception) -> str:
    """A refusal's own message when it is written for people (Chinese), never Django's English text."""
    text = str(exception or "").strip()
    if not text or text.isascii() or text.startswith("{"):
        return ""
    return text


def render_error(request, kind, *, detail: str = "", status: int | None = None):
    title, text = PAGES[kind]
    response = TemplateResponse(request, _frame(request), {
        "error_title": title, "error_text": text, "error_detail": detail, "error_kind": str(kind),
    }, status=status or (403 if kind == "csrf" else kind))
    response.render()
    return response


def page_not_found(request, exception=None):
    return render_error(request, 404)


def permission_denied(request, exception=None):
    return render_error(request, 403, detail=_detail(exception))


def csrf_failure(request, reason=""):
    log.info("CSRF failure: %s %s (%s)", request.method, request.path, reason)
    return render_error(request, "csrf")


def server_error_page():
    """The 500 page without a request context: nothing on it may need the database."""
    from django.http import HttpResponseServerError

    title, text = PAGES[500]
    html = loader.get_template("errors/portal.html").render({
        "error_title": title, "error_text": text, "error_kind": "500"})
    return HttpResponseServerError(html)


class DebugNotFoundMiddleware:
    """Under DEBUG: our 404 page for unknown addresses and views raising Http404 (Django's technical
    page only with GONGKAI_DEBUG_ERROR_PAGES=1). Without DEBUG Django already calls handler404."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active() -> bool:
        return settings.DEBUG and not getattr(settings, "GONGKAI_DEBUG_ERROR_PAGES", False)

    def __call__(self, request):
        if self.active():
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404:
                return page_not_found(request)
        return self.get_response(request)

    def process_exception(self, request, exc):
        if self.active() and isinstance(exc, Http404):
            return page_not_found(request, exc)
        return None
