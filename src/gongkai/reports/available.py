"""What can be done to an annual report from its page, for whom and when: the report's action menu.
The report page renders its forms and buttons from `available_actions(report, user)`, and the one
action view (common.actionview.action_view, routed at <pk>/do/<name>/) accepts exactly those."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from gongkai.agencies.scoping import roles_at
from gongkai.common import forms as clean
from gongkai.common.actionview import Action, Menu
from gongkai.common.params import parse_int
from gongkai.reports import actions
from gongkai.reports.compute import LEDGER_BLOCK
from gongkai.reports.models import EDITABLE_SECTIONS, SECTION_LABELS, AnnualReport, State


@dataclass(frozen=True)
class ReportAction(Action):
    """An Action whose roles depend on the report (a roll-up is drafted by its supervisor only; a
    published report is taken down by its publisher): `roles_for(report)` decides; `roles` (the
    widest set) only names them in the refusal message."""

    roles_for: Callable[[AnnualReport], tuple[str, ...]] | None = None

    def allowed_for(self, obj, user, roles: set[str] | None = None) -> bool:
        roles = roles_at(user, self.agency(obj)) if roles is None else roles
        wanted = self.roles_for(obj) if self.roles_for is not None else self.roles
        return bool(roles & set(wanted))


# --- forms ------------------------------------------------------------------------------------------
class TextsForm(clean.Form):
    """The editable sections (text_一 … text_六); a section not posted is left as it is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in EDITABLE_SECTIONS:
            self.fields[f"text_{number}"] = forms.CharField(label=SECTION_LABELS[number], required=False,
                                                            strip=False, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        data["texts"] = {n: data.get(f"text_{n}", "") for n in EDITABLE_SECTIONS
                         if self.add_prefix(f"text_{n}") in self.data}
        return data


def manual_cells(report: AnnualReport) -> list[tuple]:
    """(block, row, column) of every hand-entered table-2 cell of the report's format."""
    return [(block, row, col) for block, row in report.report_data.spec.table2_rows if block.key != LEDGER_BLOCK
            for col in block.columns]


def manual_name(row, col) -> str:
    return f"{row.key}__{col.key}"


class ManualFiguresForm(clean.Form):
    """value_<row>__<column> and source_<row>__<column> for every hand-entered cell; the action checks
    each figure (so one bad figure does not lose the others)."""

    def __init__(self, *args, report: AnnualReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = manual_cells(report)
        for _block, row, col in self.cells:
            name = manual_name(row, col)
            self.fields[f"value_{name}"] = forms.CharField(label=f"{row.label} {col.label}", required=False)
            self.fields[f"source_{name}"] = forms.CharField(label=f"{row.label} {col.label} 的数据来源",
                                                            required=False)

    def clean(self):
        data = super().clean()
        entries: dict[tuple[str, str], tuple[str, str]] = {}
        for _block, row, col in self.cells:
            name = manual_name(row, col)
            if self.add_prefix(f"value_{name}") in self.data:
                entries[(row.key, col.key)] = (data.get(f"value_{name}") or "", data.get(f"source_{name}") or "")
        data["entries"] = entries
        return data


class AgencyIds(forms.Field):
    """Agency ids from checkboxes; anything that is not an id is ignored."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [i for i in (parse_int(v, minimum=1) for v in values) if i is not None]


class MembersForm(clean.Form):
    members = AgencyIds(label="纳入汇总的下属单位", required=False)

    def __init__(self, *args, report: AnnualReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_members(self):
        return list(self.report.agency.descendants().filter(pk__in=self.cleaned_data["members"]))


class PublishForm(clean.Form):
    """The override reason (needed when the report has errors) and the 更正说明 (needed from the second
    publication on); the action decides whether each is needed."""

    override_reason = forms.CharField(label="带错误发布的理由", required=False, widget=forms.Textarea)
    correction = forms.CharField(label="更正说明", required=False, widget=forms.Textarea)


class ReasonForm(clean.Form):
    reason = forms.CharField(label="退回修改的理由", max_length=500)


# --- running an action from the page ----------------------------------------------------------------
def _save_manual(user, report: AnnualReport, data: dict) -> None:
    result = actions.save_manual_figures(user, report, data["entries"])
    if result.failed:
        saved = f"已保存 {result.saved} 项手工填报数，" if result.saved else ""
        raise ValidationError([f"{saved}以下 {len(result.failed)} 项未保存", *result.failed])


ACTIONS = Menu([
    ReportAction("refresh", "按最新台账重新生成", lambda u, r, d: actions.refresh_report(u, r),
                 roles=actions.DRAFT_ROLES, roles_for=actions.draft_roles, when=lambda r: r.state == State.DRAFT,
                 style="secondary", success="已按最新台账数据重新生成。"),
    ReportAction("texts", "保存正文", lambda u, r, d: actions.save_texts(u, r, d["texts"]), form=TextsForm,
                 initial=lambda r: {f"text_{n}": r.texts.get(n, "") for n in EDITABLE_SECTIONS},
                 roles=actions.DRAFT_ROLES, roles_for=actions.draft_roles, when=lambda r: r.state == State.DRAFT,
                 success="正文已保存。"),
    ReportAction("manual", "保存手工填报数", _save_manual, form=ManualFiguresForm,
                 form_kwargs=lambda r: {"report": r}, roles=actions.DRAFT_ROLES, roles_for=actions.draft_roles,
                 when=lambda r: r.state == State.DRAFT, success="手工填报数已保存，报告已按新数字重新生成。"),
    ReportAction("members", "更新汇总范围", lambda u, r, d: actions.set_members(u, r, d["members"]),
                 form=MembersForm, form_kwargs=lambda r: {"report": r}, roles=actions.ROLLUP_ROLES,
                 when=lambda r: r.is_rollup and r.state == State.DRAFT, style="secondary",
                 success="汇总范围已更新。"),
    ReportAction("review", "审核通过", lambda u, r, d: actions.mark_reviewed(u, r), roles=actions.REVIEW_ROLES,
                 when=lambda r: r.state == State.DRAFT, success="报告已审核，等待分管领导或政务公开办发布。"),
    ReportAction("publish", "发布到门户网站",
                 lambda u, r, d: actions.publish(u, r, d["override_reason"], d["correction"]),
                 form=PublishForm, roles=actions.PUBLISH_ROLES, when=lambda r: r.state == State.REVIEWED,
                 success="报告已在门户网站“年度报告”栏目发布。"),
    ReportAction("reopen", "退回修改", lambda u, r, d: actions.reopen(u, r, d["reason"]), form=ReasonForm,
                 roles=actions.REVIEW_ROLES, roles_for=actions.reopen_roles, when=lambda r: r.state != State.DRAFT,
                 style="secondary", success="报告已退回，等待起草人修改。"),
])
available_actions = ACTIONS.available
