"""From text with a cell per line to a ReportData with its extraction findings."""

from __future__ import annotations

from gongkai.rules.formats import FORMAT_2019, FORMAT_2021, FORMATS, TABLE3_COLUMNS, format_for_year
from gongkai.rules.parse import meta
from gongkai.rules.parse.digits import to_number
from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.labels import TABLE3_HEADER_WORDS, TABLE3_TITLE
from gongkai.rules.parse.normalize import compact
from gongkai.rules.parse.rows import unsure as unsure_finding
from gongkai.rules.parse.table2 import read_table2
from gongkai.rules.parse.table3 import Table3, read_table3
from gongkai.rules.parse.table4 import read_table4
from gongkai.rules.report_data import Finding, ReportData

T3_COLS = tuple(c.label for c in TABLE3_COLUMNS)
TABLES_ONLY_KINDS = ("xlsx",)  # sources without the report's text: its sections are not checked
MIN_T3_ROWS = 15  # fewer anchored table-3 rows than this: not a readable table (truncated or garbled)


def parse_cells(cells_text: str, kind: str = "text") -> ReportData:
    text = compact(cells_text)
    t3 = read_table3(text)
    if t3 is None or "total" not in t3.anchors or len(t3.anchors) < MIN_T3_ROWS:
        raise _not_found(text, t3)
    lines = cells_text.split("\n")
    agency, year = meta.find_title(lines)
    agency = meta.fuller_agency(agency or meta.agency_from_text(text), text)
    year = year or meta.find_year(text)
    findings: list[Finding] = []

    near = max(0, t3.start - 800)
    title_hits = [i for i in (text.find(t, near, t3.start) for t in TABLE3_TITLE) if i >= 0]
    title_pos = min(title_hits) if title_hits else max((text.rfind(t, 0, t3.start) for t in TABLE3_TITLE), default=-1)
    t2_before = title_pos if title_pos >= 0 else t3.start
    year_format = format_for_year(year).code if year else "2021"
    whole_cells = not any(r.status in ("split", "ambiguous", "inconsistent") for r in t3.rows.values())
    t2 = read_table2(text, t2_before, year_format if t3.layout == "2019" else "2021", whole_cells)
    t4 = read_table4(text, t3.end)
    if t2 is not None and t2.choices:  # flattened runs: the figures the text quotes pick the reading
        t2.resolve_by_text(text[: t2.start] + "\n" + text[t2.end : t3.start] + "\n" + text[t4.end if t4 else t3.end :])

    if t2 is not None:
        fmt = t2.fmt
    else:
        fmt = t3.layout if t3.layout == "2021" else year_format
    spec = FORMATS[fmt]
    report = ReportData.empty(fmt, agency=agency, year=year)
    report.extra["source_kind"] = kind

    # format findings
    if t2 is not None and (t2.fmt != t3.layout or t2.mixed):
        findings.append(_mixed_finding(t2.fmt, t3.layout, t2.mixed))
    if year and year >= 2019 and format_for_year(year).code != fmt:
        findings.append(Finding.warning(
            "FORMAT_YEAR", "全文",
            f"{year}年度报告应使用{format_for_year(year).code}年格式（{format_for_year(year).basis}），"
            f"本报告使用的是{fmt}年格式。请按规定格式重新编制表格。"
        ))

    # table 2
    if t2 is None:
        findings.append(_missing("表二", "主动公开政府信息情况"))
    else:
        for label, vals in t2.values.items():
            if label in report.table2:
                report.table2[label] = vals
            elif label == "规范性文件" and "行政规范性文件" in report.table2:  # pragma: no cover - by format
                report.table2["行政规范性文件"] = vals
        for label, ci in t2.blanks:
            report.blanks.add(("table2", label, ci))
        findings.extend(t2.findings)

    # table 3
    findings.extend(t3.findings)
    _fill_table3(report, t3, findings)
    _header_check(text, title_pos, t3, findings)

    # table 4
    if t4 is None:
        findings.append(_missing("表四", "政府信息公开行政复议、行政诉讼情况"))
    else:
        report.table4 = [int(v) if float(v).is_integer() else v for v in t4.values]  # type: ignore[misc]
        for i in t4.blanks:
            report.blanks.add(("table4", "", i))
        findings.extend(t4.findings)

    _blank_findings(report, findings)

    # text
    start = t2.start if t2 is not None else t3.start
    end = t4.end if t4 is not None else t3.end
    preamble, sections = meta.split_sections(text)
    report.sections = sections
    report.extra["preamble"] = preamble
    report.extra["prose"] = text[:start] + "\n" + text[end:]
    report.extra["table_span"] = [start, end]
    if kind in TABLES_ONLY_KINDS:  # a workbook holds the tables, not the report's text
        report.extra["prose"] = ""
        report.sections = {}
        report.findings = findings
        return report
    findings.extend(
        Finding.warning("SECTION_MISSING", f"第{section.number}部分",
                        f"未找到第{section.number}部分“{section.title}”。《条例》第五十条要求年度报告包含该部分，请补充。")
        for section in spec.sections if section.number not in sections
    )
    report.findings = findings
    return report


def _fill_table3(report: ReportData, t3: Table3, findings: list[Finding]) -> None:
    spec = report.spec
    layout_spec = FORMAT_2021 if t3.layout == "2021" else FORMAT_2019
    values: dict[str, list[int]] = {}
    blank_cells: dict[str, set[int]] = {}
    flattened = False
    unsure: list[str] = []
    placed: list[str] = []
    for key, read in t3.rows.items():
        vals = []
        for p in read.pieces:
            v = to_number(p)
            vals.append(int(v) if float(v).is_integer() else v)  # type: ignore[arg-type]
        values[key] = vals
        blank_cells[key] = {i for i, p in enumerate(read.pieces) if p.blank}
        flattened |= read.status in ("split", "ambiguous")
        if read.status in ("short", "blanks"):
            placed.append(layout_spec.table3_row(key).label)
        elif read.status in ("inconsistent", "extra"):
            findings.append(unsure_finding(f"表三 {layout_spec.table3_row(key).label}", read.status))
            unsure.append(key)
    if placed:
        findings.append(Finding.warning(
            "CELLS_PLACED", "表三 " + "、".join(placed[:3]) + ("等" if len(placed) > 3 else ""),
            f"表三有 {len(placed)} 行的数值个数少于 7 列（空白单元格在网页抓取或转换中丢失），"
            "已按列序和“总计等于各列之和”放置各数值，其余单元格按空白（0）读取。请对照原件核实："
            + "、".join(placed) + "。"
        ))
    findings.extend(
        Finding.error("ROW_MISSING", f"表三 {row.label}", f"表三缺少“{row.label}”一行，已按 0 读取。请按标准格式补全该行。")
        for row in layout_spec.table3_rows if row.key not in values
    )
    if flattened:
        findings.append(Finding.warning(
            "FLATTENED", "表三",
            "表三的数字连在一起（单元格分隔丢失），已按每行总计等于各列之和、各列勾稽关系拆分。"
            "请在发布页面保留表格的单元格结构。"
        ))
    zero = [0] * 7
    for row in spec.table3_rows:
        key = row.key
        if key in values:
            vals, blanks = values[key], blank_cells[key]
        elif key == "r6_1" and "r6" in values:
            vals, blanks = values["r6"], blank_cells["r6"]
        elif key == "r6" and any(k in values for k in ("r6_1", "r6_2", "r6_3")):
            vals = [sum(values.get(k, zero)[c] for k in ("r6_1", "r6_2", "r6_3")) for c in range(7)]
            blanks = set()
        else:
            vals, blanks = list(zero), set()
        vals = (list(vals) + zero)[:7]
        if 6 in blanks and sum(vals[:6]) != 0:
            vals[6] = sum(vals[:6])
            findings.append(Finding.warning(
                "BLANK_TOTAL", f"表三 {row.label} / 总计",
                f"表三“{row.label}”的“总计”未填写，已按前六列之和计为 {vals[6]}。请填写总计。"
            ))
            blanks = blanks - {6}
        report.table3[row.label] = vals
        for c in blanks:
            report.blanks.add(("table3", row.label, c))


def _header_check(text: str, title_pos: int, t3: Table3, findings: list[Finding]) -> None:
    start = title_pos if title_pos >= 0 else max(0, t3.start - 200)
    header = text[start : t3.start]
    if len(header) < 10:
        return
    chars = set(header)
    lost = [w for w in TABLE3_HEADER_WORDS if w not in header and not set(w) <= chars]
    if len(lost) > len(TABLE3_HEADER_WORDS) // 2:
        findings.append(Finding.warning(
            "HEADER_LOST", "表三 表头",
            "表三的表头缺失或无法识别（未找到“" + "”“".join(lost) + "”等列名），已按标准格式的列序读取各行数值。"
            "请对照原件核实列序。"
        ))
        return
    for w in lost:
        where = "表三 表头"
        if w == "自然人":
            msg = (
                "表三表头缺少“自然人”列名（网页抓取或排版时丢失）。每行仍有 7 个数值，"
                "已按标准格式将第一列恢复为“自然人”。请在原表中补上该列名。"
            )
        else:
            msg = f"表三表头缺少“{w}”列名，已按标准格式的列序读取。请在原表中补上该列名。"
        findings.append(Finding("HEADER_LOST", "warning", where, msg))


def _blank_findings(report: ReportData, findings: list[Finding]) -> None:
    by_table: dict[str, int] = {}
    for table, _label, _c in report.blanks:
        by_table[table] = by_table.get(table, 0) + 1
    names = {"table2": "表二", "table3": "表三", "table4": "表四"}
    for table, n in sorted(by_table.items()):
        findings.append(Finding.warning(
            "BLANK_CELL", names[table],
            f"{names[table]}有 {n} 个单元格空白，已按 0 读取。标准格式要求每个单元格都填写数字，没有的填 0。"
        ))


def _mixed_finding(t2_fmt: str, t3_layout: str, t2_mixed: bool) -> Finding:
    if t2_mixed:
        msg = "表二同时出现了2019年格式和2021年格式的栏目，两种格式混用。请按规定的格式重新编制表二。"
    elif t2_fmt == "2021":
        msg = (
            "表二为2021年格式，但表三“（六）其他处理”只有一行（2019年格式），缺少2021年格式的三个分项"
            "（逾期不补正、逾期未缴费、其他）。该行数值已计入“（六）1.”，请按2021年格式拆分填写。"
        )
    else:
        msg = "表二为2019年格式，但表三“（六）其他处理”分为三项（2021年格式），两种格式混用。已将三项合计为“（六）其他处理”。"
    return Finding("FORMAT_MIXED", "error", "表三 （六）其他处理" if not t2_mixed else "表二", msg)


def _missing(table: str, title: str) -> Finding:
    return Finding.error("TABLE_MISSING", table, f"未找到{table}“{title}”（或其中没有数字），已按 0 读取。请检查报告是否完整。")


def _not_found(text: str, t3: Table3 | None) -> ReportParseError:
    if t3 is not None:
        return ReportParseError(
            f"表三“收到和处理政府信息公开申请情况”不完整（只识别出 {len(t3.anchors)} 行，"
            "缺少“（七）总计”等行），文件可能被截断或损坏。请提供完整的年度报告。"
        )
    if "政府信息公开" not in text:
        return ReportParseError(
            "这不是政府信息公开工作年度报告：文中没有“政府信息公开”字样，也没有年度报告的统计表格。请检查是否选错了文件。"
        )
    return ReportParseError(
        "未找到年度报告的统计表格（表三“本年新收政府信息公开申请数量”等行）。"
        "文件可能被截断，或表格是图片。请提供包含完整表格的网页、Word、PDF 或文本。"
    )
