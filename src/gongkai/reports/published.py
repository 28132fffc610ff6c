"""The downloads of a published report, rendered once per published version and kept in the
database (PublishedFile): publication queues the rendering of every format; a download serves the
stored bytes, and renders (and stores) a file only if it is not there yet (a queue that was down,
a report published before files were kept)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from gongkai.reports.downloads import CONTENT_TYPES, render_file
from gongkai.reports.models import AnnualReport, PublishedFile, State


def _render(report: AnnualReport, ext: str) -> bytes:
    return render_file(report.report_data, ext, report.title)


def _store(report: AnnualReport, ext: str, body: bytes) -> None:
    try:
        with transaction.atomic():
            PublishedFile.objects.create(report=report, version=report.published_version, ext=ext, content=body)
    except IntegrityError:
        pass  # rendered at the same moment by another request: theirs is the same file


def stored_file(report: AnnualReport, ext: str) -> bytes:
    """The bytes of a published report's download in format `ext` (one of CONTENT_TYPES)."""
    if report.state != State.PUBLISHED:
        raise ValueError("只有已发布的报告才有保存的下载文件。")
    body = (PublishedFile.objects.filter(report=report, version=report.published_version, ext=ext)
            .values_list("content", flat=True).first())
    if body is not None:
        return bytes(body)
    body = _render(report, ext)
    _store(report, ext, body)
    return body


def render_published(report_pk: int, version: int) -> list[str]:
    """Render every format of a report's published version (skipped if it was reopened or published
    again since); drops the files of earlier versions. Returns the formats rendered now."""
    report = AnnualReport.objects.select_related("agency").filter(pk=report_pk).first()
    if report is None or report.state != State.PUBLISHED or report.published_version != version:
        return []
    have = set(PublishedFile.objects.filter(report=report, version=version).values_list("ext", flat=True))
    done = []
    for ext in CONTENT_TYPES:
        if ext not in have:
            _store(report, ext, _render(report, ext))
            done.append(ext)
    PublishedFile.objects.filter(report=report).exclude(version=version).delete()
    return done
