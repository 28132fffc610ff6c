"""The human documentation of the open API (/api/v1/docs/): a plain Chinese page generated from the
OpenAPI schema — every endpoint with its parameters, body, answers and a curl example. No script, no CDN."""

from __future__ import annotations

import json
from typing import Any

from django.shortcuts import render

from gongkai.api.main import api
from gongkai.api.scopes import SCOPES

EXAMPLE_QUERY = {"agency": "luzhou-tjj", "year": "2020", "q": "统计", "start": "2026-12-15", "days": "20",
                 "page": "1", "page_size": "20", "doc_type": "normative"}
EXAMPLE_PATH = {"item_id": "1", "report_id": "1"}
EXAMPLE_BODY = {
    "/api/v1/applications": {
        "external_id": "12345-20261207-0001", "channel": "oral", "arrival_date": "2026-12-07",
        "applicant_type": "natural_person", "applicant_name": "张某", "id_type": "id_card",
        "id_number": "5105001990XXXXXXXX", "phone": "0830-0000000",
        "info_description": "2025年本市规模以上工业企业数量",
    },
    "/api/v1/disclosures/drafts": {
        "title": "关于2026年统计执法检查的通知", "doc_no": "泸统〔2026〕12号", "formed_on": "2026-12-01",
        "doc_type": "ordinary", "topic": "01", "body": "<p>正文……</p>", "channels": ["website"],
    },
}


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _type(schema: dict, spec: dict) -> str:
    schema = _resolve(schema, spec)
    if "anyOf" in schema:
        return " 或 ".join(_type(s, spec) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return "取值：" + "、".join(map(str, schema["enum"]))
    kind = {"integer": "整数", "string": "字符串", "boolean": "true/false", "array": "数组", "object": "对象",
            "number": "数字"}.get(schema.get("type", ""), schema.get("type", ""))
    if schema.get("format") == "date":
        kind = "日期（年-月-日）"
    limits = []
    for key, word in (("minimum", "≥"), ("maximum", "≤")):
        if key in schema:
            limits.append(f"{word}{schema[key]}")
    if "maxLength" in schema:
        limits.append(f"最多{schema['maxLength']}字")
    if schema.get("type") == "array" and "items" in schema:
        kind += "（元素：" + _type(schema["items"], spec) + "）"
    return kind + (f"，{'，'.join(limits)}" if limits else "")


def _fields(schema: dict, spec: dict, prefix: str = "") -> list[dict[str, Any]]:
    """The fields of an object schema; the fields of a list of objects (a page's `items`) follow as items[].x."""
    schema = _resolve(schema, spec)
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema.get("properties", {}).items():
        out.append({"name": prefix + name, "type": _type(prop, spec), "required": name in required,
                    "description": _resolve(prop, spec).get("description", "") or prop.get("description", "")})
        element = _resolve(prop, spec).get("items")
        if not prefix and element and "properties" in _resolve(element, spec):
            out.extend(_fields(element, spec, prefix=f"{name}[]."))
    return out


def endpoints() -> list[dict[str, Any]]:
    spec = api.get_openapi_schema()
    out = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": {"query": "查询", "path": "路径"}.get(p["in"], p["in"]),
                       "required": p.get("required", False), "type": _type(p.get("schema", {}), spec),
                       "description": p.get("description", "") or p.get("schema", {}).get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            responses = {str(code): value for code, value in op.get("responses", {}).items()}
            ok = next((responses[c] for c in ("200", "201") if c in responses), {})
            answer = ok.get("content", {}).get("application/json", {}).get("schema")
            if answer and _resolve(answer, spec).get("type") == "array":
                answer = _resolve(answer, spec).get("items")
            url = path
            for name, value in EXAMPLE_PATH.items():
                url = url.replace("{" + name + "}", value)
            query = [f"{p['name']}={EXAMPLE_QUERY[p['name']]}" for p in params
                     if p["in"] == "查询" and (p["required"] or p["name"] in ("agency", "year"))
                     and p["name"] in EXAMPLE_QUERY]
            example_url = url + ("?" + "&".join(query) if query else "")
            secured = bool(op.get("security"))
            if method == "get":
                curl = f"curl '{{origin}}{example_url}'"
            else:
                payload = json.dumps(EXAMPLE_BODY.get(path, {}), ensure_ascii=False, indent=2)
                curl = (f"curl -X POST '{{origin}}{url}' \\\n  -H 'Authorization: Bearer gk_xxxxxxxx_……' \\\n"
                        f"  -H 'Content-Type: application/json' \\\n  -d '{payload}'")
            out.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "params": params, "secured": secured,
                "body": _fields(body, spec) if body else [], "answer": _fields(answer, spec) if answer else [],
                "responses": sorted(responses),
                "curl": curl, "anchor": (method + path).replace("/", "-").replace("{", "").replace("}", ""),
            })
    return out


def page(request):
    origin = request.build_absolute_uri("/").rstrip("/")
    rows = endpoints()
    for row in rows:
        row["curl"] = row["curl"].replace("{origin}", origin)
    return render(request, "api/docs.html", {"endpoints": rows, "scopes": SCOPES.items(), "version": api.version})
