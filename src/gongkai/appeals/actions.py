"""Appeal records: create and update, each through the shared action envelope (permission, validation,
write and journal in one transaction)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongkai.agencies.models import Role
from gongkai.appeals.models import Appeal, AppealKind, AppealResult
from gongkai.journal import envelope
from gongkai.journal.actors import action

ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)
FIELDS = ["application", "kind", "case_no", "appellant", "body", "filed_on", "result", "closed_on", "note"]


def _check(data: dict, agency) -> None:
    errors = {}
    result, closed = data.get("result"), data.get("closed_on")
    if result and result != AppealResult.PENDING and not closed:
        errors["closed_on"] = "已有结果的案件请填写审结日期。"
    if result == AppealResult.PENDING and closed:
        errors["result"] = "填写了审结日期，请选择审结结果（维持、纠正或其他）。"
    if closed and data.get("filed_on") and closed < data["filed_on"]:
        errors["closed_on"] = "审结日期不能早于申请/立案日期。"
    app = data.get("application")
    if app is not None and app.agency_id != agency.pk:
        errors["application"] = "关联的申请不属于该机关。"
    if errors:
        raise ValidationError(errors)


@action
def create(actor, agency, data: dict) -> Appeal:
    def build() -> Appeal:
        _check(data, agency)
        return Appeal.objects.create(agency=agency, **{k: data.get(k) for k in FIELDS if k in data})

    kind = dict(AppealKind.choices).get(data.get("kind"), data.get("kind") or "")
    return envelope.create(actor, agency, "appeal.created", build, roles=ROLES, note=f"登记{kind}")


@action
def update(actor, appeal: Appeal, data: dict) -> Appeal:
    def mutate(locked: Appeal) -> str:
        _check(data, locked.agency)
        for k in FIELDS:
            if k in data:
                setattr(locked, k, data[k])
        return "更新复议/诉讼记录"

    return envelope.change(actor, appeal, "appeal.updated", mutate, roles=ROLES)
