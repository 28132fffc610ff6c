"""Under /api/ every error is JSON: a response of status ≥ 400 that is not JSON (Django's 404 and 405,
the 400 of a malformed request, a 413, the CSRF page, the 503 of a busy database, the 500 page) is
replaced by `{"error": {"code", "message"}}` with a Chinese message, keeping the status and Retry-After."""

from __future__ import annotations

from gongkai.api.errors import error_response

PREFIX = "/api/"
MESSAGES = {
    400: ("bad_request", "请求有误，请按接口文档（/api/v1/docs/）检查请求。"),
    401: ("unauthorized", "缺少或无效的接口令牌。"),
    403: ("forbidden", "没有访问权限。"),
    404: ("not_found", "没有这个接口或内容。可用的接口见 /api/v1/docs/ 和 /api/v1/openapi.json。"),
    405: ("method_not_allowed", "该接口不支持此请求方法，请按接口文档使用 GET 或 POST。"),
    413: ("too_large", "请求体过大。"),
    429: ("rate_limited", "请求过于频繁，请稍后再试。"),
    503: ("unavailable", "系统繁忙，请稍后重试。"),
}


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        code, message = MESSAGES.get(response.status_code, ("server_error", "服务器处理请求时出错，请稍后重试。"))
        headers = {name: response[name] for name in ("Retry-After", "Allow", "WWW-Authenticate") if response.has_header(name)}
        return error_response(response.status_code, code, message, headers=headers)
