"""The open API, version 1 (django-ninja): routers, the JSON renderer and the error handlers. Every
failure is answered by `gongkai.api.errors` as `{"error": {"code", "message"}}` in Chinese."""

from __future__ import annotations

import json
import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import BaseRenderer

from gongkai.api import views_read, views_write
from gongkai.api.errors import ApiError, error_response, from_api_error, validation_response

logger = logging.getLogger("gongkai.api")

DESCRIPTION = """政府信息公开平台的开放接口。读取接口（目录、检索、统计、年度报告、工作日计算）无需令牌；
写入接口须在请求头中提供本机关的接口令牌：`Authorization: Bearer gk_…`。
出错时返回 JSON：`{"error": {"code": "…", "message": "中文说明"}}`。
"""


class Renderer(BaseRenderer):
    media_type = "application/json"
    charset = "utf-8"

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


api = NinjaAPI(title="gongkai 开放接口", version="1.0.0", description=DESCRIPTION, urls_namespace="api_v1",
               docs_url=None, renderer=Renderer())
api.add_router("", views_read.router)
api.add_router("", views_write.router)


def _django_validation(request, exc: DjangoValidationError):
    return error_response(400, "bad_request", "未保存：" + "；".join(exc.messages))


def _permission(request, exc: PermissionDenied):
    return error_response(403, "forbidden", str(exc) or "没有执行此操作的权限。")


def _not_found(request, exc: Http404):
    return error_response(404, "not_found", "没有找到请求的内容。")


def _ninja_validation(request, exc: NinjaValidationError):
    return validation_response(exc.errors)


def _http_error(request, exc: HttpError):
    if isinstance(exc, AuthenticationError):
        return error_response(401, "unauthorized", "缺少或无效的接口令牌：请在请求头中提供 Authorization: Bearer <令牌>。",
                              headers={"WWW-Authenticate": "Bearer"})
    if exc.status_code == 400:
        return error_response(400, "bad_request", "请求体不是合法的 JSON，请检查格式（UTF-8 编码的 JSON 对象）。")
    return error_response(exc.status_code, "error", str(exc))


def _too_big(request, exc: RequestDataTooBig):
    return error_response(413, "too_large", "请求体过大。")


def _unexpected(request, exc: Exception):
    logger.exception("API error on %s", request.path)
    return error_response(500, "server_error", "服务器处理请求时出错，已记录，请稍后重试；如持续出现请联系平台管理员。")


for exc_class, handler in ((ApiError, lambda request, exc: from_api_error(exc)),
                           (DjangoValidationError, _django_validation), (PermissionDenied, _permission),
                           (Http404, _not_found), (NinjaValidationError, _ninja_validation),
                           (HttpError, _http_error), (RequestDataTooBig, _too_big), (Exception, _unexpected)):
    api.add_exception_handler(exc_class, handler)
