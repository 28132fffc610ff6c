"""The downloads of a published report, rendered once per published version and kept in the database
(PublishedFile, with its SHA-256): publication stores the JSON file and queues the rendering of every
other format; a download serves the stored bytes, and renders (and stores) a file only if it is not
there yet (a queue that was down, a report published before files were kept). The files of earlier
versions are never dropped: the portal lists every version with its hashes."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from gongkai.reports.downloads import CONTENT_TYPES, render_file
from gongkai.reports.models import AnnualReport, PublishedFile, PublishedVersion, State
from gongkai.rules.report_data import ReportData


def _data(report: AnnualReport, version: int) -> ReportData:
    """The figures and text of a published version (as published, whatever the report holds now)."""
    stored = PublishedVersion.objects.filter(report=report, version=version).values_list("data", flat=True).first()
    if stored is None:  # published before versions were kept: the current version's data
        return report.report_data
    return ReportData.from_json(stored)


def _render(report: AnnualReport, ext: str, version: int | None = None) -> bytes:
    version = report.published_version if version is None else version
    return render_file(_data(report, version), ext, report.title)


def _store(report: AnnualReport, ext: str, body: bytes, version: int | None = None) -> bytes:
    """Keep `body` as the file of (report, version, ext) unless one is kept already; returns the kept bytes."""
    version = report.published_version if version is None else version
    try:
        with transaction.atomic():
            PublishedFile.objects.create(report=report, version=version, ext=ext, content=body,
                                         sha256=hashlib.sha256(body).hexdigest())
    except IntegrityError:  # rendered at the same moment by another request: keep theirs
        kept = PublishedFile.objects.filter(report=report, version=version, ext=ext).values_list("content", flat=True)
        return bytes(kept.first() or body)
    return body


def stored_file(report: AnnualReport, ext: str, version: int | None = None) -> bytes:
    """The bytes of a published report's download in format `ext` (one of CONTENT_TYPES): the current
    version, or an earlier `version` the report has published."""
    if report.state != State.PUBLISHED:
        raise ValueError("只有已发布的报告才有保存的下载文件。")
    version = report.published_version if version is None else version
    if not 1 <= version <= report.published_version:
        raise ValueError(f"没有第 {version} 版。")
    body = (PublishedFile.objects.filter(report=report, version=version, ext=ext)
            .values_list("content", flat=True).first())
    if body is not None:
        return bytes(body)
    return _store(report, ext, _render(report, ext, version), version)


def render_published(report_pk: int, version: int) -> list[str]:
    """Render every format of a report's published version (skipped if it was reopened or published
    again since). Returns the formats rendered now."""
    report = AnnualReport.objects.select_related("agency").filter(pk=report_pk).first()
    if report is None or report.state != State.PUBLISHED or report.published_version != version:
        return []
    have = set(PublishedFile.objects.filter(report=report, version=version).values_list("ext", flat=True))
    done = []
    for ext in CONTENT_TYPES:
        if ext not in have:
            _store(report, ext, _render(report, ext, version), version)
            done.append(ext)
    return done


def version_history(report: AnnualReport) -> list[dict]:
    """Every published version, newest first: number, time, who, 更正说明, and the kept files with
    their SHA-256 ({ext: hash}; a format not rendered yet is absent)."""
    hashes: dict[int, dict[str, str]] = {}
    for version, ext, digest in PublishedFile.objects.filter(report=report).values_list("version", "ext", "sha256"):
        hashes.setdefault(version, {})[ext] = digest
    return [
        {"version": v.version, "published_at": v.published_at, "published_by": v.published_by,
         "correction": v.correction, "override_reason": v.override_reason, "sha256": v.sha256,
         "files": hashes.get(v.version, {}), "current": v.version == report.published_version}
        for v in PublishedVersion.objects.filter(report=report).order_by("-version")
    ]
