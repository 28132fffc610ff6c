"""Every state change of an annual report or of a hand-entered figure, each a thin wrapper around the
shared envelope (journal.envelope: lock → check state → check permission → change → journal, in one
transaction). The report page (through its menu, reports.available), the CLI, tasks and demo call
these, nothing else.

Every function here that changes state is an `@action`: its actor is a staff account or SYSTEM (the
platform itself: CLI, demo, scheduled tasks); a missing actor is an error (MissingActor), never a
bypass. Errors for the user are ValidationError / PermissionDenied with Chinese messages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.journal.actors import action, actor_name, authorize, is_system
from gongkai.journal.envelope import change, create, lock
from gongkai.reports.check_runner import mark_unfilled, previous_data, run_checks
from gongkai.reports.compute import LEDGER_BLOCK, compute, spec_for
from gongkai.reports.models import (
    EDITABLE_SECTIONS,
    AnnualReport,
    ManualFigure,
    PublishedFile,
    PublishedVersion,
    State,
)
from gongkai.reports.models_audit import AuditBatch, AuditItem, BatchState
from gongkai.rules.formats import FORMATS
from gongkai.rules.report_data import ReportData

DRAFT_ROLES = (Role.OFFICER, Role.SUPERVISOR)
REVIEW_ROLES = (Role.REVIEWER, Role.LEADER, Role.SUPERVISOR)
PUBLISH_ROLES = (Role.LEADER, Role.SUPERVISOR)
# A roll-up sums (and drills into) other agencies' ledgers: only the government's supervisor
# (政务公开办), who sees every department below it, may create one, choose its members or draft it.
ROLLUP_ROLES = (Role.SUPERVISOR,)
TEXT_MAX = 20000
SOURCE_MAX = 200  # ManualFigure.source
# The report's fields the journal shows before → after (not the whole data: the counts of findings
# are added by _counts).
SUMMARY_FIELDS = ["state", "format", "computed_at", "reviewed_at", "published_at", "override_reason",
                  "published_version", "first_published_at"]


def draft_roles(report: AnnualReport) -> tuple[str, ...]:
    """Who drafts a report: the agency's officer (or supervisor); a roll-up only its supervisor."""
    return ROLLUP_ROLES if report.is_rollup else DRAFT_ROLES


def reopen_roles(report: AnnualReport) -> tuple[str, ...]:
    """Taking a published report back down is the publisher's decision; a reviewed one the reviewer's."""
    return PUBLISH_ROLES if report.state == State.PUBLISHED else REVIEW_ROLES


def _counts(report: AnnualReport) -> dict:
    return {"errors": len(report.errors), "warnings": len(report.warnings)}


def _change(actor, report: AnnualReport, name: str, mutate: Callable[[AnnualReport], str | None], *,
            roles: Iterable[str], states: Iterable[str],
            extra: Callable[[AnnualReport], dict] | None = None) -> AnnualReport:
    """The envelope for a report: journals SUMMARY_FIELDS, the counts of findings and `extra`."""

    def snapshot(r: AnnualReport) -> tuple[dict, dict]:
        s = {**_counts(r), **(extra(r) if extra else {})}
        return s, s

    return change(actor, report, name, mutate, roles=tuple(roles), states=set(states),
                  fields=SUMMARY_FIELDS, extra=snapshot)


# --- computing and checking -------------------------------------------------------------------------
def _fill(report: AnnualReport) -> None:
    """Compute the report's data from the ledgers, mark the hand-entered cells nobody has entered and
    run the checks (no save)."""
    if report.is_rollup:
        from gongkai.reports.government import compute_rollup, member_reports

        data = compute_rollup(report)
        members = list(report.members.exclude(pk=report.agency_id).order_by("path"))
        # the members whose published figures the roll-up takes (government.compute_rollup's rule)
        published = {pk: own.report_data for pk, own in
                     member_reports([m.pk for m in members], report.year, report.format).items()
                     if own.state == State.PUBLISHED and own.data}
        missing = mark_unfilled(data, [report.agency, *members], report.year, published)
        data.extra["unfilled_by"] = [[label, c, names] for (label, c), names in sorted(missing.items())]
    else:
        data = compute(report.agency, report.year, report.format, texts=report.texts)
        mark_unfilled(data, [report.agency], report.year)
    _check(report, data)
    report.data = data.to_json()
    report.computed_at = timezone.now()


def _check(report: AnnualReport, data: ReportData) -> None:
    missing_at = None
    if report.is_rollup:
        missing_at = {(label, int(c)): list(names) for label, c, names in data.extra.get("unfilled_by", [])}
    data.findings = run_checks(data, previous_data(report.agency_id, report.year, report.is_rollup),
                               is_government=report.agency.is_government, missing_at=missing_at)


# --- the report's life: draft → reviewed → published (→ reopened → published again) --------------
@action
def create_report(actor, agency: Agency, year: int, fmt: str | None = None, rollup: bool = False,
                  members: Iterable[Agency] = ()) -> AnnualReport:
    if not 2008 <= int(year) <= timezone.localdate().year:
        raise ValidationError(f"报告年度“{year}”不正确：应为 2008 年至今年之间的年份。")
    if fmt and str(fmt) not in FORMATS:
        raise ValidationError(f"未知的年度报告格式“{fmt}”，应为 2019 或 2021。")
    if rollup and not agency.is_government:
        raise ValidationError(f"“{agency.name}”不是人民政府，不能编制政府汇总报告。")
    spec = spec_for(int(year), fmt)
    members = list(members)

    def build() -> AnnualReport:
        if AnnualReport.objects.filter(agency=agency, year=year, format=spec.code).exists():
            raise ValidationError(f"“{agency.name}”{year}年度（{spec.code}年格式）的年度报告已经存在，请直接打开编辑。")
        report = AnnualReport.objects.create(agency=agency, year=int(year), format=spec.code, is_rollup=rollup)
        if rollup:
            _set_members(report, members)
        _fill(report)
        report.save()
        return report

    report = create(actor, agency, "report.create", build, roles=ROLLUP_ROLES if rollup else DRAFT_ROLES,
                    fields=SUMMARY_FIELDS)
    return report


def _set_members(report: AnnualReport, members: Iterable[Agency]) -> list[Agency]:
    chosen = [m for m in members if m.pk != report.agency_id]
    outside = [m.name for m in chosen if not m.path.startswith(report.agency.path)]
    if outside:
        raise ValidationError(f"{'、'.join(outside)} 不是“{report.agency.name}”的下属机关，不能纳入汇总。")
    report.members.set(chosen)
    return chosen


def _member_names(report: AnnualReport) -> dict:
    return {"members": sorted(report.members.values_list("name", flat=True))}


@action
def set_members(actor, report: AnnualReport, members: Iterable[Agency]) -> AnnualReport:
    members = list(members)

    def mutate(locked: AnnualReport) -> None:
        if not locked.is_rollup:
            raise ValidationError("只有政府汇总报告可以选择汇总的部门。")
        _set_members(locked, members)
        _fill(locked)

    return _change(actor, report, "report.members", mutate, roles=ROLLUP_ROLES, states={State.DRAFT},
                   extra=_member_names)


@action
def refresh_report(actor, report: AnnualReport) -> AnnualReport:
    """Recompute the tables and drafted text from the ledgers (draft only: a reviewed report is frozen)."""
    return _change(actor, report, "report.refresh", _fill, roles=draft_roles(report), states={State.DRAFT})


def _texts(report: AnnualReport) -> dict:
    return {k: report.texts.get(k, "") for k in EDITABLE_SECTIONS}


@action
def save_texts(actor, report: AnnualReport, texts: dict[str, str]) -> AnnualReport:
    unknown = [k for k in texts if k not in EDITABLE_SECTIONS]
    if unknown:
        raise ValidationError(f"未知的正文部分：{'、'.join(unknown)}。")
    too_long = [k for k, v in texts.items() if len(v or "") > TEXT_MAX]
    if too_long:
        raise ValidationError(f"第{'、'.join(too_long)}部分超过 {TEXT_MAX} 字，请精简后再保存。")

    def mutate(locked: AnnualReport) -> None:
        merged = {**locked.texts, **texts}
        locked.texts = {k: (v or "").strip() for k, v in merged.items() if (v or "").strip()}
        _fill(locked)

    return _change(actor, report, "report.texts", mutate, roles=draft_roles(report), states={State.DRAFT},
                   extra=_texts)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@action
def mark_reviewed(actor, report: AnnualReport) -> AnnualReport:
    def mutate(locked: AnnualReport) -> None:
        locked.state = State.REVIEWED
        locked.reviewed_by = _user(actor)
        locked.reviewed_at = timezone.now()

    return _change(actor, report, "report.review", mutate, roles=REVIEW_ROLES, states={State.DRAFT})


def json_file(data: dict) -> bytes:
    """The JSON download of a version's data (the file whose SHA-256 identifies the version)."""
    from gongkai.reports.downloads import render_file

    return render_file(ReportData.from_json(data), "json")


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@action
def publish(actor, report: AnnualReport, override_reason: str = "", correction: str = "",
            at=None) -> AnnualReport:
    """Publish a reviewed report on the portal as a new version. The checks run again on the figures
    as they stand; a report with an error is published only with an override reason, which the
    journal keeps. A report published before is published again only with a 更正说明 (correction
    note) that the portal shows beside every earlier version, each kept with its SHA-256.
    A refused publication still stores the fresh findings (journaled as report.check), so the page
    shows what to fix. `at` records a past publication time (SYSTEM only: historical reports, demo)."""
    reason = (override_reason or "").strip()
    correction = (correction or "").strip()
    if at is not None and not is_system(actor):
        raise PermissionDenied("只有系统（导入历史报告、演示数据）可以登记过去的发布时间。")
    refused: list = []
    with transaction.atomic():
        current = lock(report)
        data = current.report_data
        _check(current, data)
        errors = [f for f in data.findings if f.severity == "error"]
        if errors and not reason:
            refused = errors

            def store(locked: AnnualReport) -> str:
                locked.data = data.to_json()
                return f"发布未完成：报告有 {len(errors)} 处错误，未填写带错误发布的理由。"

            _change(actor, current, "report.check", store, roles=PUBLISH_ROLES, states={State.REVIEWED})
        else:
            def mutate(locked: AnnualReport) -> str:
                if locked.published_version >= 1 and not correction:
                    raise ValidationError(
                        f"本报告已发布过第 {locked.published_version} 版。重新发布须填写更正说明（更正了什么、为什么），"
                        "门户网站将在报告旁公开更正说明和此前的各版本。"
                    )
                when = at or timezone.now()
                locked.data = data.to_json()
                locked.state = State.PUBLISHED
                locked.published_by = _user(actor)
                locked.published_at = when
                locked.first_published_at = locked.first_published_at or when
                locked.override_reason = reason if errors else ""
                locked.published_version += 1
                body = json_file(locked.data)
                digest = sha256(body)
                PublishedVersion.objects.create(
                    report=locked, version=locked.published_version, published_at=when,
                    published_by=actor_name(actor)[:150], correction=correction,
                    override_reason=locked.override_reason, data=locked.data, sha256=digest,
                )
                PublishedFile.objects.create(report=locked, version=locked.published_version, ext="json",
                                             content=body, sha256=digest)
                _render_on_commit(locked)
                notes = [f"第 {locked.published_version} 版，JSON 文件 SHA-256 {digest}"]
                if correction:
                    notes.append(f"更正说明：{correction}")
                if errors:
                    notes.append(f"带 {len(errors)} 处错误发布，理由：{reason}")
                if at is not None:
                    notes.append(f"按历史记录登记的发布时间：{timezone.localtime(when):%Y-%m-%d %H:%M}")
                return "；".join(notes)

            current = _change(actor, current, "report.publish", mutate, roles=PUBLISH_ROLES,
                              states={State.REVIEWED})
    report.refresh_from_db()
    if refused:
        codes = "、".join(sorted({f.code for f in refused}))
        raise ValidationError(
            f"报告有 {len(refused)} 处错误（{codes}），不能直接发布。请退回修改，"
            "或在“带错误发布的理由”中写明理由后再发布（理由将记入操作日志）。"
        )
    return current


def _render_on_commit(report: AnnualReport) -> None:
    """Lay out the portal downloads of this published version once, in the background."""
    from gongkai.reports import tasks

    pk, version = report.pk, report.published_version
    transaction.on_commit(lambda: tasks.render_published_files(pk, version))


@action
def reopen(actor, report: AnnualReport, reason: str) -> AnnualReport:
    """Back to draft (withdrawn from the portal if it was published); the reason is journaled. The
    published versions and their files are kept: publishing again needs a 更正说明."""
    reason = (reason or "").strip()

    def mutate(locked: AnnualReport) -> str:
        authorize(actor, locked.agency, reopen_roles(locked))
        if not reason:
            raise ValidationError("请填写退回修改的理由。")
        locked.state = State.DRAFT
        locked.reviewed_at = locked.published_at = None
        locked.reviewed_by = locked.published_by = None
        locked.override_reason = ""
        return reason

    return _change(actor, report, "report.reopen", mutate, roles={*REVIEW_ROLES, *PUBLISH_ROLES},
                   states={State.REVIEWED, State.PUBLISHED})


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


def _figure_value(label: str, kind: str, value) -> Decimal:
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
    return number


@action
def set_manual_figure(actor, agency: Agency, year: int, row_key: str, column_key: str, value, source: str,
                      ) -> ManualFigure:
    """Enter (or correct) one hand-entered table-2 figure; 0 is an entry like any other."""
    authorize(actor, agency, DRAFT_ROLES)
    columns = manual_columns(row_key)
    if column_key not in columns:
        raise ValidationError(f"表二没有可手工填报的“{row_key}/{column_key}”单元格。")
    label, kind = columns[column_key]
    number = _figure_value(label, kind, value)
    source = (source or "").strip()
    if not source:
        raise ValidationError(f"请注明“{label}”的数据来源（例如：行政处罚案件台账、政府采购系统）。")
    if len(source) > SOURCE_MAX:
        raise ValidationError(f"“{label}”的数据来源超过 {SOURCE_MAX} 字，请精简。")
    key = {"agency": agency, "year": year, "row_key": row_key, "column_key": column_key}
    note = f"{year} {row_key}/{column_key}"
    figure = ManualFigure.objects.filter(**key).first()
    if figure is None:
        return create(actor, agency, "report.manual_figure",
                      lambda: ManualFigure.objects.create(**key, value=number, source=source, entered_by=_user(actor)),
                      roles=DRAFT_ROLES, fields=["value", "source"], note=note)
    if figure.value == number and figure.source == source:
        return figure

    def mutate(locked: ManualFigure) -> str:
        locked.value, locked.source, locked.entered_by = number, source, _user(actor)
        return note

    return change(actor, figure, "report.manual_figure", mutate, roles=DRAFT_ROLES, fields=["value", "source"])


@dataclass
class ManualResult:
    saved: int = 0
    failed: list[str] = field(default_factory=list)  # "行 “列”：why", one per figure not saved


@action
def save_manual_figures(actor, report: AnnualReport, entries: dict[tuple[str, str], tuple[str, str]],
                        ) -> ManualResult:
    """The report page's form of hand-entered figures: {(row key, column key): (value, source)}.
    Each changed figure is saved by set_manual_figure (its own transaction and journal entry), so a
    bad entry does not lose the good ones; a draft report is then recomputed with the new figures."""
    result = ManualResult()
    have = {(f.row_key, f.column_key): f
            for f in ManualFigure.objects.filter(agency=report.agency, year=report.year)}
    for block, row in report.report_data.spec.table2_rows:
        if block.key == LEDGER_BLOCK:
            continue
        for col in block.columns:
            if (row.key, col.key) not in entries:
                continue
            value, source = (s.strip() for s in entries[(row.key, col.key)])
            figure = have.get((row.key, col.key))
            if value == "" and figure is None:
                continue  # still blank: the check reports it
            if figure is not None and value == f"{figure.value.normalize():f}" and source == figure.source:
                continue
            try:
                set_manual_figure(actor, report.agency, report.year, row.key, col.key, value, source)
                result.saved += 1
            except ValidationError as exc:
                result.failed.append(f"{row.label}“{col.label}”：{'；'.join(exc.messages)}")
    if result.saved and report.state == State.DRAFT:
        refresh_report(actor, report)
    return result


# --- the supervisor's batch audit (issue 10 item 5) ------------------------------------------------
# A batch is journaled once per state change: created (by the supervisor: how many files), started,
# finished (with its summary counts) or failed — each later step by the job acting as SYSTEM. Each
# file's result and the progress counter are the job's output, not a state change of the batch: they
# are written without an event (an event per file would bury the four that matter, see
# docs/design-notes.md).
BATCH_ROLES = (Role.SUPERVISOR,)
BATCH_FIELDS = ["name", "state", "total", "done", "finished_at", "note"]


@action
def create_audit_batch(actor, office: Agency, name: str, files: list[tuple[str, bytes, str]]) -> AuditBatch:
    """A new batch of `files` ((name, content, problem) from reports.audit_batch.collect) uploaded by
    `actor`, a supervisor at `office`; a file with a problem is kept as its own "无法读取" line."""
    owner = _user(actor)
    if owner is None:  # a batch's results are its uploader's (AuditBatch.for_user)
        raise ValidationError("批量审核由政务公开办人员登录后上传，不能由系统或公众创建。")

    def build() -> AuditBatch:
        batch = AuditBatch.objects.create(owner=owner, agency=office, name=name[:200], total=len(files))
        AuditItem.objects.bulk_create(
            AuditItem(batch=batch, position=i, name=n[:300], content=b"" if problem else data,
                      readable=not problem, problem=problem, audited=bool(problem))
            for i, (n, data, problem) in enumerate(files, start=1)
        )
        return batch

    return create(actor, office, "audit_batch.create", build, roles=BATCH_ROLES, fields=BATCH_FIELDS,
                  note=f"{len(files)} 份报告")


@action
def start_audit_batch(actor, batch: AuditBatch) -> AuditBatch:
    def mutate(b: AuditBatch) -> None:
        b.state = BatchState.RUNNING

    return change(actor, batch, "audit_batch.start", mutate, roles=BATCH_ROLES, states={BatchState.QUEUED},
                  fields=BATCH_FIELDS)


@action
def finish_audit_batch(actor, batch: AuditBatch) -> AuditBatch:
    """The job audited every file: the batch is done; the event carries the summary counts."""
    from gongkai.reports.audit_batch import batch_counts

    def mutate(b: AuditBatch) -> str:
        b.state, b.finished_at = BatchState.DONE, timezone.now()
        n = batch_counts(b.items.all())  # one aggregate query, no item loaded
        return (f"共 {n['total']} 份：可读取 {n['readable']} 份，无法读取 {n['unreadable']} 份，"
                f"有错误 {n['with_errors']} 份，未按时发布 {n['late']} 份，与上年雷同 {n['copied']} 份")

    return change(actor, batch, "audit_batch.finish", mutate, roles=BATCH_ROLES, states={BatchState.RUNNING},
                  fields=BATCH_FIELDS)


@action
def fail_audit_batch(actor, batch: AuditBatch, note: str) -> AuditBatch:
    """The job stopped on an internal error: never a half-finished batch that looks finished."""

    def mutate(b: AuditBatch) -> None:
        b.state, b.finished_at, b.note = BatchState.FAILED, timezone.now(), note[:300]

    return change(actor, batch, "audit_batch.fail", mutate, roles=BATCH_ROLES,
                  states={BatchState.QUEUED, BatchState.RUNNING}, fields=BATCH_FIELDS)
