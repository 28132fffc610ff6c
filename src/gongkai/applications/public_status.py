"""Where a case stands, in plain words for the applicant (the status page): one line for the stage, one
for what it means, one for the reply deadline. Computed from the stored case only (state, the materialized
clock, pause reason, outcome), never from the journal, so the page stays one query.

The deadline line never speaks of a pause before the clock has started: until the receipt date is known
the reply period has not begun ("登记受理后开始计算"); while a correction is awaited it starts again on
receipt of the correction (《条例》第三十条).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.applications.models import Application, PauseReason, State


def _day(d: dt.date | None) -> str:
    """Dates as the rest of the status page writes them (2026-12-01)."""
    return f"{d:%Y-%m-%d}" if d else "—"


@dataclass(frozen=True)
class StatusLine:
    stage: str  # "已提交，待登记"
    detail: str  # what it means, what happens next
    due: str  # "答复期限：…"


# the stage line is the model's label of the pause reason (a consultation "正在…")
PAUSE_WORDS = {
    PauseReason.THIRD_PARTY: (f"正在{PauseReason.THIRD_PARTY.label}",
                              "本机关正在书面征求第三方的意见（《条例》第三十二条），征求意见期间不计入答复期限。"),
    PauseReason.INTER_AGENCY: (f"正在{PauseReason.INTER_AGENCY.label}",
                               "本机关正在征求其他机关的意见（《条例》第三十四条），征求意见期间不计入答复期限。"),
    PauseReason.FEE: (PauseReason.FEE.label, "请按收费通知书缴纳信息处理费；缴费期间不计入答复期限，逾期未缴视为放弃申请。"),
}


def _due(app: Application) -> str:
    if app.due_date is None:
        return "答复期限：登记受理后开始计算"
    text = f"答复期限：{_day(app.due_date)}"
    if app.extended:
        text += f"（已依法延长{app.extension_days}个工作日）" if app.extension_days else "（已依法延长）"
    if app.delayed_until:
        text += "（本机关已确定延迟答复，见告知书）"
    if app.clock_provisional:
        text += "（暂定：节假日安排尚未公布）"
    return text


def describe(app: Application) -> StatusLine:
    """The applicant's view of `app` as it stands (see the module docstring)."""
    if app.state == State.ARCHIVED:
        return StatusLine("已办结归档", f"本机关已于{_day(app.closed_on)}作出答复，案卷已归档。",
                          f"已于{_day(app.closed_on)}答复")
    if not app.is_open or app.state == State.REPLIED:
        if app.outcome == "withdrawn":
            return StatusLine("已撤回", "您已撤回申请，本机关终止办理。", f"已于{_day(app.closed_on)}终止办理")
        label = app.get_outcome_display() if app.outcome else "已答复"
        return StatusLine("已答复", f"答复类型：{label}。答复告知书可在下方下载。", f"已于{_day(app.closed_on)}答复")
    if app.receipt_date is None:
        return StatusLine("已提交，待登记",
                          "本机关收到您的申请后将与您确认，确认之日为收到申请之日（《条例》第三十一条）。",
                          "答复期限：登记受理后开始计算")
    if app.awaiting_correction:
        deadline = f"请于{_day(app.correction_deadline)}前（含当日）提交补正。" if app.correction_deadline else ""
        return StatusLine("等待您补正", "本机关已告知您补正申请内容。" + deadline,
                          "答复期限：自本机关收到补正之日起重新计算")
    if app.clock_paused:
        stage, detail = PAUSE_WORDS.get(app.pause_reason, ("暂停计算答复期限", "答复期限暂停计算。"))
        return StatusLine(stage, detail, "答复期限：暂停计算，恢复后顺延")
    if app.state == State.REVIEW:
        return StatusLine("已登记受理，正在审核", f"本机关已于{_day(app.receipt_date)}收到您的申请，正在审核。", _due(app))
    return StatusLine("正在办理", f"本机关已于{_day(app.receipt_date)}收到您的申请，正在办理。", _due(app))
