"""Exports of an audited report, shared by `gongkai audit` and the audit web page: the JSON
interchange of design.md (without the working text kept by the parser) and an Excel workbook
(through gongkai.common.xlsx, like every export)."""

from __future__ import annotations

from typing import Any

from gongkai.rules.formats import FORMATS, TABLE3_COLUMNS, TABLE4_COLUMNS
from gongkai.rules.report_data import ReportData

_WORKING_KEYS = ("prose", "preamble", "table_span")


def interchange(report: ReportData, *, with_sections: bool = True) -> dict[str, Any]:
    data = report.to_json()
    extra = {k: v for k, v in data.get("extra", {}).items() if k not in _WORKING_KEYS}
    if extra:
        data["extra"] = extra
    else:
        data.pop("extra", None)
    if not with_sections:
        data.pop("sections", None)
    return data


def counts(report: ReportData) -> tuple[int, int]:
    errors = sum(1 for f in report.findings if f.severity == "error")
    return errors, len(report.findings) - errors


def summary_of(report: ReportData) -> dict[str, Any]:
    """One line of a batch's summary (the web page, its Excel export and `gongkai audit DIR` alike)."""
    errors, warnings = counts(report)
    copied = report.extra.get("copied_sections")
    return {
        "agency": report.agency or "",
        "year": report.year,
        "format": report.format,
        "errors": errors,
        "warnings": warnings,
        "published": report.extra.get("published"),
        "on_time": report.extra.get("on_time"),
        "copied": (bool(copied) if copied is not None else None),
        "copied_sections": copied or [],
    }


def yes_no(value: bool | None, yes: str = "是", no: str = "否") -> str:
    return "未知" if value is None else (yes if value else no)


SUMMARY_HEADERS = ["序号", "文件", "单位", "年度", "格式", "错误", "警告", "发布日期", "按时发布", "内容雷同", "说明"]


def summary_rows(items) -> list[list[Any]]:  # type: ignore[no-untyped-def]
    """Rows of SUMMARY_HEADERS from AuditItem-like objects (attributes of models_audit.AuditItem)."""
    rows = []
    for it in items:
        if not it.readable:
            rows.append([it.position, it.name, "", "", "", "", "", "", "", "", f"无法读取：{it.problem}"])
            continue
        rows.append([
            it.position, it.name, it.agency_name, it.year or "", it.format, it.errors, it.warnings,
            it.published.isoformat() if it.published else "", yes_no(it.on_time, "按时", "逾期"),
            yes_no(it.copied, "雷同", "否") if it.copied is not None else "无上年报告", "",
        ])
    return rows


def batch_workbook(batch, items) -> bytes:  # type: ignore[no-untyped-def]
    """A batch's summary and every finding, written through gongkai.common.xlsx."""
    from gongkai.common.xlsx import write_table

    findings = [
        [it.position, it.name, f.get("code", ""), "错误" if f.get("severity") == "error" else "警告",
         f.get("where", ""), f.get("message", "")]
        for it in items if it.readable for f in it.findings
    ]
    return write_table(
        [
            ("汇总", SUMMARY_HEADERS, summary_rows(items)),
            ("发现的问题", ["序号", "文件", "代码", "级别", "位置", "说明"], findings),
        ],
        widths={"汇总": (6, 36, 28, 8, 8, 6, 6, 12, 10, 12, 60), "发现的问题": (6, 36, 14, 6, 36, 100)},
    )


ERROR_FILL = "F8D0D0"
WARNING_FILL = "FFF0C0"


def workbook(report: ReportData) -> bytes:
    """The recovered tables and the findings as an .xlsx, written through gongkai.common.xlsx (the
    agency, the labels and the findings' text come from an uploaded file: no formula, no control
    character reaches the workbook); cells with findings are filled and carry them as a comment."""
    from gongkai.common.xlsx import Styled, write_table

    spec = FORMATS[report.format]
    marks = cell_marks(report)

    def value(table: str, label: str, j: int, v: Any) -> Any:
        found = marks.get((table, label, j))
        if not found:
            return v
        fill = ERROR_FILL if any(f.severity == "error" for f in found) else WARNING_FILL
        return Styled(v, fill=fill, note="\n".join(f"[{f.code}] {f.message}" for f in found))

    errors, warnings = counts(report)
    info = [["单位", report.agency or ""], ["年度", report.year or ""],
            ["格式", f"{report.format}年格式（{spec.basis}）"], ["错误", errors], ["警告", warnings]]
    t2: list[list[Any]] = []
    for block in spec.table2:
        t2.append([Styled(block.label, bold=True)])
        t2.append([Styled(x, bold=True) for x in ("信息内容", *(c.label for c in block.columns))])
        for row in block.rows:
            vals = report.table2.get(row.label, [])
            t2.append([row.label, *(value("table2", row.label, j, v) for j, v in enumerate(vals))])
    t3 = [[row.label, *(value("table3", row.label, j, v) for j, v in enumerate(report.table3.get(row.label, [])))]
          for row in spec.table3_rows]
    t4 = [[value("table4", "", j, v) for j, v in enumerate(report.table4)]]
    found = [[f.code, "错误" if f.severity == "error" else "警告", f.where, f.message] for f in report.findings]
    return write_table(
        [
            ("概况", ["项目", "内容"], info),
            ("表二", [], t2),
            ("表三", ["", *(c.label for c in TABLE3_COLUMNS)], t3),
            ("表四", list(TABLE4_COLUMNS), t4),
            ("发现的问题", ["代码", "级别", "位置", "说明"], found),
        ],
        widths={"概况": (10, 60), "表二": (36, 14, 14, 14), "表三": (36,), "发现的问题": (14, 6, 36, 100)},
    )


def cell_marks(report: ReportData) -> dict[tuple[str, str, int], list]:
    """Which findings concern which table cell: (table, row label, column index) -> findings."""
    spec = FORMATS[report.format]
    cols = [c.label for c in TABLE3_COLUMNS]
    out: dict[tuple[str, str, int], list] = {}

    def add(key: tuple[str, str, int], f) -> None:  # type: ignore[no-untyped-def]
        out.setdefault(key, []).append(f)

    t3_labels = [r.label for r in spec.table3_rows]
    t2_cols = {row.label: [c.label for c in block.columns] for block, row in spec.table2_rows}
    for f in report.findings:
        where = f.where
        if where.startswith("表三"):
            body = where[len("表三 ") :]
            if body.endswith(" 列"):  # a whole column (L1)
                c = cols.index(body[:-2]) if body[:-2] in cols else None
                if c is not None:
                    for label in t3_labels:
                        if label.startswith(("一、", "二、", "（七）", "四、")):
                            add(("table3", label, c), f)
                continue
            label, _, col = body.partition(" / ")
            if label == "三、本年度办理结果":  # L2: every result row of that column
                c = cols.index(col) if col in cols else None
                for row in spec.table3_result_rows:
                    if c is not None:
                        add(("table3", row.label, c), f)
                continue
            if label not in t3_labels and label.startswith("（"):  # a group, e.g. （六）其他处理
                for row_label in (x for x in t3_labels if x.startswith(label[:3])):
                    for c in range(7):
                        add(("table3", row_label, c), f)
                continue
            if label in t3_labels:
                if col in cols:
                    add(("table3", label, cols.index(col)), f)
                else:
                    for c in range(7):
                        add(("table3", label, c), f)
        elif where.startswith("表二"):
            for label, names in t2_cols.items():
                if f" {label} " in where + " " or where.endswith(f" {label}"):
                    col = where.partition(" / ")[2]
                    idx = [names.index(col)] if col in names else range(len(names))
                    for c in idx:
                        add(("table2", label, c), f)
                    break
        elif where.startswith("表四"):
            group = 0 if "行政复议" in where and "诉讼" not in where else (1 if "直接起诉" in where else 2)
            if " / 总计" in where:
                for c in range(group * 5, group * 5 + 5):
                    add(("table4", "", c), f)
            elif f.code != "TABLE_MISSING":
                for c in range(15):
                    add(("table4", "", c), f)
    for table, label, c in report.blanks:
        out.setdefault((table, label, c), [])
    return out
