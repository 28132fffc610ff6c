"""Appeal records: create and update, with permission and journal in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import require_role
from gongkai.appeals.models import Appeal, AppealResult
from gongkai.journal.services import record, snapshot

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


def create(actor, agency, data: dict) -> Appeal:
    require_role(actor, agency, *ROLES)
    _check(data, agency)
    with transaction.atomic():
        appeal = Appeal.objects.create(agency=agency, **{k: data.get(k) for k in FIELDS if k in data})
        record("appeal.created", actor=actor, obj=appeal, after=snapshot(appeal), note=f"登记{appeal.get_kind_display()}")
    return appeal


def update(actor, appeal: Appeal, data: dict) -> Appeal:
    require_role(actor, appeal.agency, *ROLES)
    _check(data, appeal.agency)
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        before = snapshot(locked)
        for k in FIELDS:
            if k in data:
                setattr(locked, k, data[k])
        locked.save()
        after = snapshot(locked)
        keys = [k for k in after if after[k] != before.get(k)]
        record("appeal.updated", actor=actor, obj=locked, before={k: before[k] for k in keys},
               after={k: after[k] for k in keys}, note="更新复议/诉讼记录")
    return locked
