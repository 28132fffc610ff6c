"""Every answer under /api/ that is not a success is JSON — `{"error": {"code", "message"}}` with a
Chinese message saying what is wrong and how to fix it — never an HTML page and never a 500 page."""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse

logger = logging.getLogger("gongkai.api")


class ApiError(Exception):
    """Raised by an endpoint: answered as JSON with `status`, `code` and the Chinese `message`."""

    def __init__(self, status: int, code: str, message: str, *, headers: dict | None = None,
                 details: list | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers, self.details = headers or {}, details


def error_response(status: int, code: str, message: str, *, headers: dict | None = None,
                   details: list | None = None) -> HttpResponse:
    body: dict = {"code": code, "message": message}
    if details:
        body["details"] = details
    response = HttpResponse(json.dumps({"error": body}, ensure_ascii=False), status=status,
                            content_type="application/json; charset=utf-8")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def from_api_error(exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers, details=exc.details)


# --- request validation (ninja / pydantic errors) → one Chinese sentence per problem ---------------------
WHERE = {"query": "查询参数", "path": "路径参数", "body": "请求体字段", "header": "请求头"}


def _field(loc) -> tuple[str, str]:
    parts = [str(p) for p in loc]
    where = WHERE.get(parts[0], "参数") if parts else "参数"
    names = [p for p in parts[1:] if p not in ("payload", "data")]
    return where, ".".join(names)


def _problem(err: dict) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "missing":
        return "不能缺少"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数"
    if kind in ("float_parsing", "float_type"):
        return "应为数字"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "应为日期，格式为“年-月-日”，例如 2026-12-15"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"至少 {ctx.get('min_length')} 个字符"
    if kind in ("literal_error", "enum"):
        return f"只能是以下取值之一：{ctx.get('expected', '')}"
    if kind in ("string_type", "str_type"):
        return "应为字符串"
    if kind in ("bool_parsing", "bool_type"):
        return "应为 true 或 false"
    if kind in ("list_type", "tuple_type"):
        return "应为数组"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "应为 JSON 对象"
    if kind == "json_invalid":
        return "不是合法的 JSON"
    if kind == "extra_forbidden":
        return "不是可用的字段，请删除"
    if kind == "string_pattern_mismatch":
        return "格式不正确"
    if kind == "value_error":
        return str(ctx.get("error") or err.get("msg") or "取值不正确")
    return "取值不正确"


def validation_response(errors: list[dict]) -> HttpResponse:
    details, lines = [], []
    for err in errors[:20]:
        where, name = _field(err.get("loc", ()))
        problem = _problem(err)
        whole = "请求体" if where == "请求体字段" else where
        if err.get("type") == "missing":
            lines.append(f"缺少{where}“{name}”" if name else f"缺少{whole}")
        elif name:
            lines.append(f"{where}“{name}”{problem}")
        else:
            lines.append(f"{whole}{problem}")
        details.append({"field": name, "in": where, "message": problem})
    message = "请求有误：" + "；".join(lines) + "。请按接口文档（/api/v1/docs/）修改后重试。"
    return error_response(400, "bad_request", message, details=details)
