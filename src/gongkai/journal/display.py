"""A journal event as a person reads it: the action's Chinese name, each changed field's label and its
value before → after in words (choices by their label, yes/no, people and agencies by name, times in
Beijing time). The stored event is untouched; this is only how pages show it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from gongkai.journal.labels import action_label

EMPTY = "（空）"
# Keys some actions add beside the model's own fields.
EXTRA_LABELS = {
    "ids": "记录编号",
    "channels": "公开渠道",
    "attachments": "附件",
    "attachment": "附件",
    "members": "汇总单位",
    "questions": "调查问题",
    "deadlines": "期限",
    "figures": "数字",
    "count": "数量",
    "month": "月份",
    "days": "工作日数",
    "reason": "理由",
    "role": "岗位",
    "roles": "岗位",
    "holidays": "节假日",
    "workdays": "调休上班日",
    "source": "依据",
    "year": "年度",
    "note": "说明",
    "file": "文件",
    "name": "名称",
    "title": "标题",
    "url": "网址",
    "status": "状态",
    "state": "状态",
    "username": "用户名",
    # model fields without a Chinese verbose name
    "id": "编号",
    "agency": "机关",
    "application": "申请",
    "at": "时间",
    "content_reviewed_by": "内容审核人",
    "content_type": "文件类型",
    "created_at": "创建时间",
    "created_by": "创建人",
    "days_before": "提前天数",
    "demo_key": "演示数据标识",
    "drafted_by": "起草人",
    "due": "期限",
    "extension_requested_by": "延期申请人",
    "ip": "IP地址",
    "item": "公开信息",
    "kind": "类别",
    "last": "最近一次",
    "on": "日期",
    "option": "选项",
    "path": "路径",
    "query_password_hash": "查询密码",
    "question": "问题",
    "replaced_by": "替代版本",
    "response": "答卷",
    "reviewed_by": "审核人",
    "secrecy_reviewed_by": "保密审查人",
    "sent_at": "发送时间",
    "sent_by": "发送人",
    "session_hash": "会话标识",
    "sha256": "文件校验值",
    "submit_token": "提交凭证",
    "success": "是否成功",
    "survey": "调查",
    "tags": "标签",
    "text": "内容",
    "updated_at": "更新时间",
    "uploaded_at": "上传时间",
    "user": "账号",
}
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
MAX_LIST = 10


def model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        for f in model._meta.concrete_fields:
            if f.attname == key:
                return f
    return None


def field_label(model, key: str) -> str:
    f = _field(model, key)
    if f is not None and getattr(f, "verbose_name", None) and not str(f.verbose_name).isascii():
        return str(f.verbose_name)
    if f is not None and f.name in EXTRA_LABELS:
        return EXTRA_LABELS[f.name]
    return EXTRA_LABELS.get(key, "其他内容")


def beijing(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


class Resolver:
    """Names of related objects, looked up once per page."""

    def __init__(self):
        self.cache: dict[tuple[type, Any], str] = {}

    def name(self, model, pk) -> str:
        key = (model, pk)
        if key not in self.cache:
            obj = model._base_manager.filter(pk=pk).first()
            text = getattr(obj, "display_name", None) or str(obj) if obj is not None else f"已删除（{pk}）"
            self.cache[key] = text
        return self.cache[key]


def readable(model, key: str, value: Any, resolver: Resolver) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    f = _field(model, key)
    if isinstance(value, list):
        shown = [readable(model, key, v, resolver) for v in value[:MAX_LIST]]
        more = f"等 {len(value)} 项" if len(value) > MAX_LIST else ""
        return "、".join(shown) + more
    if isinstance(value, dict):
        return "；".join(f"{field_label(None, str(k))}：{readable(None, str(k), v, resolver)}" for k, v in value.items())
    if f is not None:
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if f.is_relation and f.related_model is not None and not isinstance(value, str | list):
            return resolver.name(f.related_model, value)
    if isinstance(value, str) and ISO_DATETIME.match(value):
        return beijing(value)
    return str(value)


def describe(event, resolver: Resolver | None = None) -> dict:
    """{label, changes: [{field, before, after}]} of one event."""
    resolver = resolver or Resolver()
    model = model_for(event.object_type)
    verbose = str(model._meta.verbose_name) if model is not None else ""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        rows.append({
            "field": field_label(model, key),
            "before": readable(model, key, before.get(key), resolver) if key in before else "",
            "after": readable(model, key, after.get(key), resolver) if key in after else "",
        })
    return {"label": action_label(event.action, verbose), "changes": rows, "object_kind": verbose}


def decorate(events) -> list:
    """The events with `.label`, `.changes` and `.object_kind` set for the templates."""
    resolver = Resolver()
    out = []
    for e in events:
        d = describe(e, resolver)
        e.label, e.changes, e.object_kind = d["label"], d["changes"], d["object_kind"]
        out.append(e)
    return out
