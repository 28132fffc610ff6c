"""Every state change of an annual report or of a hand-entered figure: check permission and state,
write, and journal — in one transaction. Views, CLI, tasks and demo call these, nothing else.

The platform itself (CLI, demo, scheduled tasks) acts as journal.actors.SYSTEM; a missing actor is an error.
Errors for the user are ValidationError / PermissionDenied with Chinese messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.journal.actors import authorize
from gongkai.journal.services import record, snapshot
from gongkai.reports import checking
from gongkai.reports.checking import run_checks
from gongkai.reports.compute import LEDGER_BLOCK, compute, spec_for
from gongkai.reports.models import EDITABLE_SECTIONS, AnnualReport, ManualFigure, State
from gongkai.rules.formats import FORMATS

DRAFT_ROLES = (Role.OFFICER, Role.SUPERVISOR)
REVIEW_ROLES = (Role.REVIEWER, Role.LEADER, Role.SUPERVISOR)
PUBLISH_ROLES = (Role.LEADER, Role.SUPERVISOR)
# A roll-up sums (and drills into) other agencies' ledgers: only the government's supervisor
# (政务公开办), who sees every department below it, may create one or choose its members.
ROLLUP_ROLES = (Role.SUPERVISOR,)
TEXT_MAX = 20000


def _require(actor, agency: Agency, roles) -> None:
    authorize(actor, agency, roles)


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


def _state(report: AnnualReport, *states: str) -> None:
    if report.state not in states:
        allowed = "、".join(State(s).label for s in states)
        raise ValidationError(f"年度报告当前为“{report.get_state_display()}”，只有在“{allowed}”状态下才能执行此操作。")


def _summary(report: AnnualReport) -> dict:
    s = snapshot(report, ["state", "format", "computed_at", "reviewed_at", "published_at", "override_reason"])
    s["errors"] = len(report.errors)
    s["warnings"] = len(report.warnings)
    return s


def _fill(report: AnnualReport) -> None:
    """Compute the report's data from the ledgers and run the checks (no save)."""
    if report.is_rollup:
        from gongkai.reports.government import compute_rollup

        data = compute_rollup(report)
    else:
        data = compute(report.agency, report.year, report.format, texts=report.texts)
    data.findings = run_checks(data, previous_data(report))
    report.data = data.to_json()
    report.computed_at = timezone.now()


def previous_data(report: AnnualReport):
    return checking.previous_data(report.agency_id, report.year, report.is_rollup)


def create_report(actor, agency: Agency, year: int, fmt: str | None = None, rollup: bool = False,
                  members: Iterable[Agency] = ()) -> AnnualReport:
    _require(actor, agency, DRAFT_ROLES)
    if not 2008 <= int(year) <= timezone.localdate().year:
        raise ValidationError(f"报告年度“{year}”不正确：应为 2008 年至今年之间的年份。")
    if fmt and str(fmt) not in FORMATS:
        raise ValidationError(f"未知的年度报告格式“{fmt}”，应为 2019 或 2021。")
    if rollup and not agency.is_government:
        raise ValidationError(f"“{agency.name}”不是人民政府，不能编制政府汇总报告。")
    if rollup:
        _require(actor, agency, ROLLUP_ROLES)
    spec = spec_for(int(year), fmt)
    with transaction.atomic():
        if AnnualReport.objects.filter(agency=agency, year=year, format=spec.code).exists():
            raise ValidationError(f"“{agency.name}”{year}年度（{spec.code}年格式）的年度报告已经存在，请直接打开编辑。")
        report = AnnualReport.objects.create(agency=agency, year=int(year), format=spec.code, is_rollup=rollup)
        if rollup:
            _set_members(report, members)
        _fill(report)
        report.save()
        record("report.create", actor=actor, obj=report, after=_summary(report))
    return report


def _set_members(report: AnnualReport, members: Iterable[Agency]) -> list[Agency]:
    chosen = [m for m in members if m.pk != report.agency_id]
    outside = [m.name for m in chosen if not m.path.startswith(report.agency.path)]
    if outside:
        raise ValidationError(f"{'、'.join(outside)} 不是“{report.agency.name}”的下属机关，不能纳入汇总。")
    report.members.set(chosen)
    return chosen


def set_members(actor, report: AnnualReport, members: Iterable[Agency]) -> AnnualReport:
    _require(actor, report.agency, ROLLUP_ROLES)
    with transaction.atomic():
        locked = _lock(report)
        _state(locked, State.DRAFT)
        if not locked.is_rollup:
            raise ValidationError("只有政府汇总报告可以选择汇总的部门。")
        before = sorted(locked.members.values_list("name", flat=True))
        chosen = _set_members(locked, members)
        _fill(locked)
        locked.save()
        record("report.members", actor=actor, obj=locked, before={"members": before},
               after={"members": sorted(m.name for m in chosen)})
    return locked


def refresh_report(actor, report: AnnualReport) -> AnnualReport:
    """Recompute the tables and drafted text from the ledgers (draft only: a reviewed report is frozen)."""
    _require(actor, report.agency, DRAFT_ROLES)
    with transaction.atomic():
        locked = _lock(report)
        _state(locked, State.DRAFT)
        before = _summary(locked)
        _fill(locked)
        locked.save()
        record("report.refresh", actor=actor, obj=locked, before=before, after=_summary(locked))
    return locked


def save_texts(actor, report: AnnualReport, texts: dict[str, str]) -> AnnualReport:
    _require(actor, report.agency, DRAFT_ROLES)
    unknown = [k for k in texts if k not in EDITABLE_SECTIONS]
    if unknown:
        raise ValidationError(f"未知的正文部分：{'、'.join(unknown)}。")
    too_long = [k for k, v in texts.items() if len(v or "") > TEXT_MAX]
    if too_long:
        raise ValidationError(f"第{'、'.join(too_long)}部分超过 {TEXT_MAX} 字，请精简后再保存。")
    with transaction.atomic():
        locked = _lock(report)
        _state(locked, State.DRAFT)
        before = dict(locked.texts)
        locked.texts = {k: (v or "").strip() for k, v in {**before, **texts}.items() if (v or "").strip()}
        _fill(locked)
        locked.save()
        changed = [k for k in EDITABLE_SECTIONS if before.get(k, "") != locked.texts.get(k, "")]
        record("report.texts", actor=actor, obj=locked, before={k: before.get(k, "") for k in changed},
               after={k: locked.texts.get(k, "") for k in changed})
    return locked


def mark_reviewed(actor, report: AnnualReport) -> AnnualReport:
    _require(actor, report.agency, REVIEW_ROLES)
    with transaction.atomic():
        locked = _lock(report)
        _state(locked, State.DRAFT)
        before = _summary(locked)
        locked.state = State.REVIEWED
        locked.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.reviewed_at = timezone.now()
        locked.save()
        record("report.review", actor=actor, obj=locked, before=before, after=_summary(locked))
    return locked


def publish(actor, report: AnnualReport, override_reason: str = "") -> AnnualReport:
    """Publish a reviewed report on the portal. The checks run again on the figures as they stand;
    a report with an error is published only with an override reason, which the journal keeps.
    A refused publication still stores the fresh findings, so the page shows what to fix."""
    _require(actor, report.agency, PUBLISH_ROLES)
    reason = (override_reason or "").strip()
    refused: list[dict] = []
    with transaction.atomic():
        locked = _lock(report)
        _state(locked, State.REVIEWED)
        data = locked.report_data
        data.findings = run_checks(data, previous_data(locked))
        before = _summary(locked)
        locked.data = data.to_json()
        errors = locked.errors
        if errors and not reason:
            AnnualReport.objects.filter(pk=locked.pk).update(data=locked.data)
            refused = errors
        else:
            locked.state = State.PUBLISHED
            locked.published_by = actor if getattr(actor, "is_authenticated", False) else None
            locked.published_at = timezone.now()
            locked.override_reason = reason if errors else ""
            locked.published_version += 1
            locked.save()
            _render_on_commit(locked)
            note = f"带 {len(errors)} 处错误发布，理由：{reason}" if errors else ""
            record("report.publish", actor=actor, obj=locked, before=before, after=_summary(locked), note=note)
    if refused:
        codes = "、".join(sorted({f["code"] for f in refused}))
        raise ValidationError(
            f"报告有 {len(refused)} 处错误（{codes}），不能直接发布。请退回修改，"
            "或在“带错误发布的理由”中写明理由后再发布（理由将记入操作日志）。"
        )
    return locked


def _render_on_commit(report: AnnualReport) -> None:
    """Lay out the portal downloads of this published version once, in the background."""
    from gongkai.reports import tasks

    pk, version = report.pk, report.published_version
    transaction.on_commit(lambda: tasks.render_published_files(pk, version))


def reopen(actor, report: AnnualReport, reason: str) -> AnnualReport:
    """Back to draft (withdrawn from the portal if it was published); the reason is journaled."""
    roles = PUBLISH_ROLES if report.state == State.PUBLISHED else REVIEW_ROLES
    _require(actor, report.agency, roles)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写退回修改的理由。")
    with transaction.atomic():
        locked = _lock(report)
        _state(locked, State.REVIEWED, State.PUBLISHED)
        before = _summary(locked)
        locked.state = State.DRAFT
        locked.reviewed_at = locked.published_at = None
        locked.reviewed_by = locked.published_by = None
        locked.override_reason = ""
        locked.save()
        locked.published_files.all().delete()
        record("report.reopen", actor=actor, obj=locked, before=before, after=_summary(locked), note=reason)
    return locked


# --- hand-entered table-2 figures -------------------------------------------------------------------
def manual_columns(row_key: str) -> dict[str, tuple[str, str]]:
    """{column key: (column label, kind)} a hand-entered table-2 row has in either format."""
    out: dict[str, tuple[str, str]] = {}
    for spec in FORMATS.values():
        for block, row in spec.table2_rows:
            if row.key == row_key and block.key != LEDGER_BLOCK:
                for col in block.columns:
                    out.setdefault(col.key, (col.label, col.kind))
    return out


def set_manual_figure(actor, agency: Agency, year: int, row_key: str, column_key: str, value, source: str,
                      ) -> ManualFigure:
    _require(actor, agency, DRAFT_ROLES)
    columns = manual_columns(row_key)
    if column_key not in columns:
        raise ValidationError(f"表二没有可手工填报的“{row_key}/{column_key}”单元格。")
    label, kind = columns[column_key]
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"“{label}”应填写数字，收到的是“{value}”。") from None
    if not number.is_finite():
        raise ValidationError(f"“{label}”应填写数字，收到的是“{value}”。")
    if kind != "signed" and number < 0:
        raise ValidationError(f"“{label}”不能为负数（只有“本年增/减”可以为负）。")
    if kind != "money" and number != number.to_integral_value():
        raise ValidationError(f"“{label}”是件数，应为整数。")
    if abs(number) >= Decimal(10) ** 12:
        raise ValidationError(f"“{label}”数值过大，请核对。")
    source = (source or "").strip()
    if not source:
        raise ValidationError(f"请注明“{label}”的数据来源（例如：行政处罚案件台账、政府采购系统）。")
    with transaction.atomic():
        figure = ManualFigure.objects.select_for_update().filter(
            agency=agency, year=year, row_key=row_key, column_key=column_key
        ).first()
        before = snapshot(figure, ["value", "source"]) if figure else None
        if figure is None:
            figure = ManualFigure(agency=agency, year=year, row_key=row_key, column_key=column_key)
        if before is not None and Decimal(before["value"]) == number and before["source"] == source:
            return figure
        figure.value, figure.source = number, source
        figure.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        figure.save()
        record("report.manual_figure", actor=actor, obj=figure, agency=agency, before=before,
               after=snapshot(figure, ["value", "source"]), note=f"{year} {row_key}/{column_key}")
    return figure

