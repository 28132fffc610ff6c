"""Uploaded report files (the public audit page and batch audit) are read in a child process of their own with
memory, CPU and wall-clock limits, forked by this process's reading server (gongkai.rules.parse.isolated); only the recovered text comes back.
The zip's expansion limits are checked before that (rules.parse.readers.check_expansion, through detect_kind).

Settings: GONGKAI_PARSE_MEMORY_MB (default 1024), GONGKAI_PARSE_CPU_SECONDS (20), GONGKAI_PARSE_TIMEOUT (30)."""

from __future__ import annotations

from django.conf import settings

from gongkai.rules.parse import ReportParseError, detect_kind, parse_with_text
from gongkai.rules.parse.isolated import LIMIT_MESSAGE, READER
from gongkai.rules.parse.report import parse_cells
from gongkai.rules.report_data import ReportData


def _limits() -> tuple[int, int, float]:
    return (int(getattr(settings, "GONGKAI_PARSE_MEMORY_MB", 1024)), int(getattr(settings, "GONGKAI_PARSE_CPU_SECONDS", 20)),
            float(getattr(settings, "GONGKAI_PARSE_TIMEOUT", 30)))


def read_isolated(data: bytes, name: str) -> tuple[str, str]:
    """(kind, text with a cell per line) of an uploaded file, read in a limited child process."""
    memory_mb, cpu_seconds, timeout = _limits()
    out = READER.read(data, name, memory_mb, cpu_seconds, timeout)
    if out is None:
        raise ReportParseError(LIMIT_MESSAGE)
    if "error" in out:
        raise ReportParseError(str(out["error"]))
    return str(out["kind"]), str(out["cells"])


def parse_upload(data: bytes, name: str) -> tuple[ReportData, str]:
    """(report, the text it was read from) of an uploaded file; the JSON interchange is read here (no Office or
    PDF library involved), everything else in the child process."""
    if not data or detect_kind(data, name) == "json":
        return parse_with_text(data, name)
    kind, cells = read_isolated(data, name)
    return parse_cells(cells, kind), cells
