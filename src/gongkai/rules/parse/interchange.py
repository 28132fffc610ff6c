"""Reading the JSON interchange of design.md (what `gongkai report build` writes as report.json and
the auditor exports) back into a ReportData to audit: its shape is checked cell by cell, its own
findings are dropped (the audit recomputes them), and a bad file gets a Chinese message."""

from __future__ import annotations

import json
from typing import Any

from gongkai.rules.formats import FORMATS, TABLE3_COLUMNS, TABLE4_COLUMNS
from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.readers import decode
from gongkai.rules.report_data import Finding, Number, ReportData


def _bad(what: str) -> ReportParseError:
    return ReportParseError(f"JSON 文件不是年度报告交换格式：{what}。请使用平台导出的 report.json 或审核结果 JSON。")


def _number(value: Any, where: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(f"{where} 的值“{value}”不是数字")
    return value


def read_interchange(data: bytes) -> ReportData:
    try:
        raw = json.loads(decode(data))
    except (ValueError, RecursionError) as exc:
        raise ReportParseError("JSON 文件格式错误，无法解析。请使用平台导出的 report.json。") from exc
    if not isinstance(raw, dict):
        raise _bad("最外层应为对象")
    fmt = str(raw.get("format", ""))
    if fmt not in FORMATS:
        raise _bad(f"“format”应为 2019 或 2021，实为“{raw.get('format')}”")
    spec = FORMATS[fmt]
    year = raw.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise _bad("“year”应为四位年份")
    report = ReportData.empty(fmt, agency=raw.get("agency") or None, year=year)
    findings: list[Finding] = []
    t2 = raw.get("table2") or {}
    t3 = raw.get("table3") or {}
    if not isinstance(t2, dict) or not isinstance(t3, dict):
        raise _bad("“table2”“table3”应为以行名为键的对象")
    for block, row in spec.table2_rows:
        values = _row(t2, row.label, len(block.columns), f"表二 {row.label}", findings)
        if values is not None:
            report.table2[row.label] = values
    for row in spec.table3_rows:
        values = _row(t3, row.label, len(TABLE3_COLUMNS), f"表三 {row.label}", findings)
        if values is not None:
            report.table3[row.label] = [int(v) if float(v).is_integer() else v for v in values]  # type: ignore[misc]
    t4 = raw.get("table4")
    if not isinstance(t4, list) or len(t4) != len(TABLE4_COLUMNS):
        raise _bad(f"“table4”应为 {len(TABLE4_COLUMNS)} 个数字的数组")
    report.table4 = [_number(v, f"表四第{i + 1}列") for i, v in enumerate(t4)]  # type: ignore[misc]
    sections = raw.get("sections") or {}
    if not isinstance(sections, dict):
        raise _bad("“sections”应为以部分编号为键的对象")
    report.sections = {str(k): str(v) for k, v in sections.items() if isinstance(v, str) and v.strip()}
    blanks = raw.get("blanks") or []
    if isinstance(blanks, list):
        report.blanks = {(str(b[0]), str(b[1]), int(b[2])) for b in blanks if isinstance(b, list) and len(b) == 3}
    report.findings = findings
    report.extra["source_kind"] = "json"
    return report


def _row(table: dict, label: str, n: int, where: str, findings: list[Finding]) -> list[Number] | None:
    values = table.get(label)
    if values is None:
        findings.append(Finding("ROW_MISSING", "error", where, f"交换文件缺少“{label}”一行，已按 0 读取。请补全该行。"))
        return None
    if not isinstance(values, list) or len(values) != n:
        raise _bad(f"{where} 应有 {n} 个数值")
    return [_number(v, where) for v in values]
