"""The supervisor's batch audit (issue 10 item 5): files collected from the upload (a ZIP or many
files, through gongkai.common.uploads), a batch created (reports.actions.create_audit_batch, through
the batch page's action menu, reports.available_audit), then audited in the background
(reports.tasks_audit): every file parsed, reports of one agency in consecutive years checked against
each other, each file's summary kept. A bad file gets its own line ("无法读取：…") and never stops
the batch."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from gongkai.common import uploads
from gongkai.journal.actors import SYSTEM
from gongkai.reports.audit_export import interchange, summary_of
from gongkai.reports.models_audit import AuditBatch, AuditItem, BatchState
from gongkai.reports.parse_sandbox import parse_upload
from gongkai.rules.parse import MAX_BYTES, ReportParseError, audit_report
from gongkai.rules.report_data import ReportData

log = logging.getLogger(__name__)

REPORT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".xlsx", ".pdf", ".json")
MAX_BATCH_FILES = 300  # a city's members with a few years each; more is several batches


def collect(files) -> list[tuple[str, bytes, str]]:  # type: ignore[no-untyped-def]
    """(name, content, problem) of every report in the upload: ZIPs unpacked and checked; a file of
    another type or too large is kept as a line with its problem, not read."""
    out: list[tuple[str, bytes, str]] = []
    for upload in files:
        name = Path(upload.name or "").name or "文件"
        if name.lower().endswith(".zip"):
            uploads.check(upload, ("zip",), uploads.MAX_ARCHIVE_BYTES)
            for member, data in uploads.unpack_archive(upload, MAX_BYTES):
                out.append((member, data, _problem(member, len(data))))
        else:
            size = upload.size or 0
            data = upload.read() if size <= MAX_BYTES else b""
            out.append((name, data, _problem(name, size)))
    if not out:
        raise ValidationError("请选择年度报告文件，或包含年度报告的 ZIP 压缩包。")
    if len(out) > MAX_BATCH_FILES:
        raise ValidationError(f"一批最多审核 {MAX_BATCH_FILES} 份报告，本次有 {len(out)} 份，请分批上传。")
    return out


def _problem(name: str, size: int) -> str:
    if Path(name).suffix.lower() not in REPORT_SUFFIXES:
        return "文件类型不支持（支持网页、Word .docx、Excel .xlsx、PDF、文本、JSON），已跳过。"
    if size > MAX_BYTES:
        return f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），已跳过。"
    if size == 0:
        return "文件是空的。"
    return ""


# what the summary counts of a batch count: every item; of the readable ones, those with errors, published
# late (on_time False, not unknown) and copied from last year
_COUNTED = {
    "readable": Q(readable=True),
    "with_errors": Q(readable=True, errors__gt=0),
    "late": Q(readable=True, on_time=False),
    "copied": Q(readable=True, copied=True),
}


def batch_counts(items: QuerySet[AuditItem] | Iterable[AuditItem]) -> dict[str, int]:
    """The summary counts of a batch's items (the results page and the journal's 完成 event), by one aggregate
    query (items already loaded are counted by their ids: at most MAX_BATCH_FILES)."""
    if not isinstance(items, QuerySet):
        items = AuditItem.objects.filter(pk__in=[i.pk for i in items])
    # (aliases apart from the field names: an aggregate named like a field is refused)
    n = items.order_by().aggregate(n_total=Count("id"),
                                   **{f"n_{k}": Count("id", filter=q) for k, q in _COUNTED.items()})
    return {"total": n["n_total"], "readable": n["n_readable"], "unreadable": n["n_total"] - n["n_readable"],
            "with_errors": n["n_with_errors"], "late": n["n_late"], "copied": n["n_copied"]}


# --- the background job ----------------------------------------------------------------------------
# The job acts as SYSTEM through reports.actions for the batch's state changes (started, finished,
# failed: one journal event each). Its output — each file's result and the progress counter the page
# polls — is written directly, without an event: it changes no state anyone decided on, and a journal
# event per file (100 for a city's batch) would bury the events an auditor looks for. The results stay
# on the batch's page and in its Excel export; the 完成 event carries the summary counts.
def run_batch(batch_id: int) -> AuditBatch:
    from gongkai.reports import actions

    batch = AuditBatch.objects.get(pk=batch_id)
    if batch.finished:
        return batch
    if batch.state == BatchState.QUEUED:  # (a job retried after a crash finds it running already)
        batch = actions.start_audit_batch(SYSTEM, batch)
    try:
        parsed: dict[int, ReportData] = {}
        for done, item in enumerate(batch.items.all().order_by("position"), start=1):
            if item.readable and not item.audited:
                report = _parse(item)
                if report is not None:
                    parsed[item.pk] = report
            _progress(batch, done)
        _audit_all(batch, parsed)
        batch = actions.finish_audit_batch(SYSTEM, batch)
    except Exception:  # never a half-finished batch that looks finished
        log.exception("batch audit %s failed", batch_id)
        batch = actions.fail_audit_batch(SYSTEM, batch, "审核中断：内部错误，请重新上传或联系平台维护人员。")
    batch.refresh_from_db()
    return batch


def _progress(batch: AuditBatch, done: int) -> None:
    """The progress bar's counter: files looked at so far in this run (not journaled, see above)."""
    AuditBatch.objects.filter(pk=batch.pk).update(done=done)


def _parse(item: AuditItem) -> ReportData | None:
    try:
        report, _text = parse_upload(bytes(item.content), item.name)
        return report
    except ReportParseError as exc:
        _unreadable(item, str(exc))
    except Exception as exc:  # one damaged file never stops the batch
        log.warning("batch audit: %s unreadable: %r", item.name, exc)
        _unreadable(item, f"内部错误（{type(exc).__name__}），请把该文件反馈给平台维护人员。")
    return None


def _unreadable(item: AuditItem, problem: str) -> None:
    AuditItem.objects.filter(pk=item.pk).update(readable=False, audited=True, problem=problem, content=b"")


def _audit_all(batch: AuditBatch, parsed: dict[int, ReportData]) -> None:
    """Audit every parsed report; one of the same agency's previous year in the batch is its 上年报告."""
    by_key = {(r.agency, r.year): r for r in parsed.values() if r.agency and r.year}
    for item_id, report in parsed.items():
        previous = by_key.get((report.agency, report.year - 1)) if report.agency and report.year else None
        try:
            audit_report(report, previous)
        except Exception as exc:  # pragma: no cover - the checks are total; kept for the batch's sake
            log.warning("batch audit: checks failed on item %s: %r", item_id, exc)
            AuditItem.objects.filter(pk=item_id).update(
                readable=False, audited=True, content=b"", problem=f"检查失败：内部错误（{type(exc).__name__}）。")
            continue
        s = summary_of(report)
        with transaction.atomic():
            AuditItem.objects.filter(pk=item_id).update(
                audited=True, content=b"", agency_name=s["agency"][:200], year=s["year"], format=s["format"],
                kind=str(report.extra.get("source_kind", ""))[:10], errors=s["errors"], warnings=s["warnings"],
                published=dt.date.fromisoformat(s["published"]) if s["published"] else None,
                on_time=s["on_time"], copied=s["copied"], result=interchange(report, with_sections=False),
            )
