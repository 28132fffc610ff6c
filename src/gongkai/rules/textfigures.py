"""Figures a report states in its prose, and check X3 (rules.md §2.5): the text must agree with the
tables, and printed shares must be the counts' shares rounded half up to two decimals.

    share(part, whole, places=2) -> Decimal          # 1369 of 1623 -> Decimal("84.35")
    extract_figures(prose) -> TextFigures            # 申请件数, 办结, 结转, outcomes, types, 复议/诉讼, 主动公开, fee
    check_text_figures(report) -> list[Finding]      # X3 warnings (and FEE_NOT_STATED for 2021 reports)

The prose is the report text without its tables (the parser keeps it in report.extra["prose"];
a computed report gives its sections). Text is read after NFKC folding (，→, （→( ％→%).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from gongkai.rules.formats import APPLICANT_TYPES, FORMAT_2021, TABLE3_COLUMNS, TABLE3_LEGAL_PERSON_GROUP
from gongkai.rules.report_data import Finding, ReportData

Number = int | Decimal


def share(part: float | int | Decimal, whole: float | int | Decimal, places: int = 2) -> Decimal:
    """part/whole in percent, rounded half up (84.349…% → 84.35)."""
    if not whole:
        return Decimal(0)
    exact = Decimal(str(part)) * 100 / Decimal(str(whole))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _truncate(part: Number, whole: Number, places: int) -> Decimal:
    exact = Decimal(part) * 100 / Decimal(whole)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


@dataclass
class Figure:
    value: Number
    snippet: str  # the sentence part that states it


@dataclass
class Share:
    count: int
    unit: str
    printed: Decimal  # as printed, in percent
    printed_text: str
    snippet: str
    whole: int | None = None  # the total it is a share of, when found
    correct: Decimal | None = None


@dataclass
class TextFigures:
    figures: dict[str, list[Figure]] = field(default_factory=dict)
    shares: list[Share] = field(default_factory=list)

    def first(self, name: str) -> Number | None:
        items = self.figures.get(name)
        return items[0].value if items else None

    def to_json(self) -> dict:
        return {
            "figures": {k: [_num(f.value) for f in v] for k, v in self.figures.items()},
            "shares": [
                {
                    "count": s.count,
                    "whole": s.whole,
                    "printed": s.printed_text,
                    "correct": f"{s.correct}%" if s.correct is not None else None,
                }
                for s in self.shares
            ],
        }


def _num(v: Number) -> int | float:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


# --- patterns ---------------------------------------------------------------------------------------
_GAP = r"[^。;!?\d]"  # within one clause, no digits between
_PATTERNS: dict[str, tuple[str, ...]] = {
    "received": (
        rf"(?:新收|收到|受理|接收|接到|新受理|登记)(?:{_GAP}{{0,24}}?)申请(?:{_GAP}{{0,8}}?)(?:共|共计|合计|总计)?(\d+)件",
    ),
    "closed": (rf"办结(?:{_GAP}{{0,12}}?)(\d+)件", rf"(?:答复|处理)完毕(?:{_GAP}{{0,6}}?)(\d+)件"),
    "carried_in": (rf"上年(?:度)?(?:结转|转结)(?:{_GAP}{{0,16}}?)(\d+)件",),
    "carried_out": (rf"(?:结转|转)(?:至|到)?下一?年度?(?:{_GAP}{{0,8}}?)(\d+)件",),
    "reconsideration": (rf"行政复议(?:{_GAP}{{0,6}}?)(\d+)(?:件|起|宗)",),
    "lawsuit": (rf"行政诉讼(?:{_GAP}{{0,6}}?)(\d+)(?:件|起|宗)",),
    "proactive_total": (
        rf"(?:累计|共|全年|总共|合计)(?:{_GAP}{{0,10}}?)(?:公开|发布|公布)(?:{_GAP}{{0,12}}?)信息(?:共|合计|累计|总计)?约?(\d+)条",
        rf"主动公开(?:{_GAP}{{0,8}}?)信息(?:共|合计|累计|总计)?约?(\d+)条",
    ),
    "fee": (rf"信息处理费(?:{_GAP}{{0,12}}?)(\d+(?:\.\d+)?)(万元|元)", rf"收取(?:{_GAP}{{0,8}}?)费用?(\d+(?:\.\d+)?)(万元|元)"),
}
_ZERO: dict[str, tuple[str, ...]] = {
    # "未发生…行政复议纠错或行政诉讼败诉" speaks of outcomes, not of the number of cases
    "reconsideration": (r"(?:未|没有|无)(?:发生|收到|受理|出现|产生)?[^。;\d]{0,20}?行政复议(?![^。;]{0,6}?(?:纠错|纠正|败诉|撤销|违法))",),
    "lawsuit": (r"(?:未|没有|无)(?:发生|收到|受理|出现|产生)?[^。;\d]{0,24}?行政诉讼(?![^。;]{0,6}?(?:纠错|纠正|败诉|撤销|违法))",),
    "fee": (
        r"(?:未|无|没有|不)(?:发生)?[^。;\d]{0,12}?(?:收取|收费|信息处理费)",
        r"信息处理费[^。;\d]{0,10}?(?:为零|为0|情况为无|:无|无$|零元)",
    ),
}
def _group_name(group: str) -> str:
    """"（二）部分公开（区分处理的，…）" → "部分公开"."""
    return group.split("）", 1)[1].split("（", 1)[0]


# the result groups of table 3 as prose names them: (row-key prefix, name), from rules.formats
_GROUPS: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys(
        (row.key.split("_")[0], _group_name(row.group))
        for row in FORMAT_2021.table3_result_rows
    )
)
_OUTCOME_NAMES = dict(_GROUPS)
_NAME_OF = {name: key for key, name in _GROUPS}
_PUBLIC, _PARTIAL = _GROUPS[0][1], _GROUPS[1][1]  # 予以公开, 部分公开
# what the extracted figures are called (identifiers of the JSON interchange's text_figures)
_FIGURE_NAMES = {"r3": "refused", "r4": "unable", "r5": "not_processed", "r6": "other"}
_OUTCOMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # name, printed words, table-3 row keys they sum ("予以公开及部分公开" first: it holds both)
    ("outcome_public_and_partial",
     rf"(?:{_PUBLIC}|公开)(?:及|和|与|、)(?:予以)?{_PARTIAL}", (_NAME_OF[_PUBLIC], _NAME_OF[_PARTIAL])),
    ("outcome_partial", rf"(?:予以)?{_PARTIAL}", (_NAME_OF[_PARTIAL],)),
    ("outcome_public", _PUBLIC, (_NAME_OF[_PUBLIC],)),
    *((f"outcome_{_FIGURE_NAMES[key]}", name, (key,)) for key, name in _GROUPS[2:]),
)
_LEGAL_COLUMNS = tuple(range(1, len(TABLE3_COLUMNS) - 1))
_TYPES: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    (f"type_{APPLICANT_TYPES[0][0]}", APPLICANT_TYPES[0][1], (0,)),
    ("type_legal_person", rf"{TABLE3_LEGAL_PERSON_GROUP}|{TABLE3_LEGAL_PERSON_GROUP.replace('或', '和')}", _LEGAL_COLUMNS),
    # 其他 (the last legal column) is no word a sentence names a type of applicant by
    *((f"type_{key}", label, (i,)) for i, (key, label) in enumerate(APPLICANT_TYPES[1:-1], start=1)),
)
_TYPE_NAMES = {name: words.split("|")[0] for name, words, _cols in _TYPES}
_SHARE = re.compile(r"占(?:比|到|全部|总数|总量|总件数|申请总数|办结总数|总体)?[^。;\d%]{0,8}?(\d+(?:\.\d+)?)%")
_COUNT = re.compile(r"(\d+)(条|件|篇|个|项|次)")
_CLAUSE_END = re.compile(r"[。;!?]")


def _prep(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=\D)\s+|\s+(?=\D)", "", text)


_COMPILED: dict[str, re.Pattern[str]] = {}


def _rx(pattern: str) -> re.Pattern[str]:
    rx = _COMPILED.get(pattern)
    if rx is None:
        rx = _COMPILED[pattern] = re.compile(pattern)
    return rx


def extract_figures(prose: str) -> TextFigures:
    text = _prep(prose)
    out = TextFigures()
    for name, patterns in _PATTERNS.items():
        for pat in patterns:
            for m in _rx(pat).finditer(text):
                value: Number
                if name == "fee":
                    value = Decimal(m.group(1)) * (10000 if m.group(2) == "万元" else 1)
                else:
                    value = int(m.group(1))
                out.figures.setdefault(name, []).append(Figure(value, _snippet(text, m.start(), m.end())))
    for name, patterns in _ZERO.items():
        if name in out.figures:
            continue
        for pat in patterns:
            m = _rx(pat).search(text)
            if m:
                out.figures[name] = [Figure(0, _snippet(text, m.start(), m.end()))]
                break
    masked = text
    for name, words, _keys in _OUTCOMES:
        for pat in (rf"(\d+)件(?:申请)?(?:被)?(?:{words})", rf"(?:{words})(?:{_GAP}{{0,6}}?)(\d+)件"):
            for m in _rx(pat).finditer(masked):
                out.figures.setdefault(name, []).append(Figure(int(m.group(1)), _snippet(text, m.start(), m.end())))
        masked = _rx(words).sub(lambda m: "#" * len(m.group(0)), masked)
    for name, words, _cols in _TYPES:
        for m in _rx(rf"(?:{words})(?:申请人?)?(?:申请)?(?:{_GAP}{{0,4}}?)(\d+)件").finditer(text):
            out.figures.setdefault(name, []).append(Figure(int(m.group(1)), _snippet(text, m.start(), m.end())))
    out.shares = _shares(text)
    return out


def _snippet(text: str, start: int, end: int) -> str:
    s = max(text.rfind("。", 0, start), text.rfind(";", 0, start), start - 40) + 1
    e_candidates = [i for i in (text.find("。", end), text.find(";", end)) if i >= 0]
    e = min([*e_candidates, end + 30])
    return text[s:e]


def _shares(text: str) -> list[Share]:
    shares: list[Share] = []
    for m in _SHARE.finditer(text):
        back_start = max(0, m.start() - 60)
        before = text[back_start : m.start()]
        cut = max((x.end() for x in _CLAUSE_END.finditer(before)), default=0)
        cut = max(cut, before.rfind("%") + 1)
        clause = before[cut:]
        counts = list(_COUNT.finditer(clause))
        if not counts:
            continue
        c = counts[0] if re.search(r"^\d+(?:条|件)", clause) else counts[-1]
        count, unit = int(c.group(1)), c.group(2)
        printed_text = m.group(1) + "%"
        sh = Share(count, unit, Decimal(m.group(1)), printed_text, _snippet(text, back_start + cut, m.end()))
        sh.whole = _denominator(text[: back_start + cut + c.start()], count, unit, sh.printed)
        if sh.whole:
            sh.correct = share(count, sh.whole)
        shares.append(sh)
    return shares


def _denominator(before: str, count: int, unit: str, printed: Decimal) -> int | None:
    """The total a printed share refers to: of the earlier figures in the same unit (nearest
    paragraph first), the one whose share is closest to what is printed."""
    window = before[-800:]
    best: tuple[Decimal, int] | None = None
    for m in _COUNT.finditer(window):
        if m.group(2) != unit:
            continue
        whole = int(m.group(1))
        if whole <= 0 or whole < count:
            continue
        diff = abs(Decimal(count) * 100 / whole - printed)
        if diff <= 1 and (best is None or diff < best[0]):
            best = (diff, whole)
    return best[1] if best else None


# --- X3 ---------------------------------------------------------------------------------------------
def check_text_figures(report: ReportData, figs: TextFigures | None = None) -> list[Finding]:
    """X3; `figs`: the figures already read from the report's prose (read here otherwise)."""
    prose = report.extra.get("prose") or report.text
    if not prose:
        return []
    figs = figs or extract_figures(prose)
    out: list[Finding] = []
    spec = report.spec

    def row(key: str) -> list[int]:
        try:
            return list(report.table3.get(spec.table3_row(key).label, [0] * 7))
        except KeyError:
            return [0] * 7

    def group(prefix: str) -> list[int]:
        keys = [r.key for r in spec.table3_rows if r.key == prefix or r.key.startswith(prefix)]
        return [sum(row(k)[c] for k in keys) for c in range(7)]

    new, cin, total, cout = row("new"), row("carried_in"), row("total"), row("carried_out")
    t4 = list(report.table4) + [0] * 15

    def compare(name: str, what: str, accepted: list[int], table_where: str, table_value: int) -> None:
        items = figs.figures.get(name)
        if not items:
            return
        if any(f.value in accepted for f in items):
            return
        f = items[0]
        out.append(
            Finding(
                "X3",
                "warning",
                f"正文 / {table_where}",
                f"正文称{what} {_num(f.value)} 件（“{f.snippet[:60]}”），但{table_where}为 {table_value} 件。"
                "请核对正文与表格，使两者一致。",
            )
        )

    compare("received", "收到申请", [new[6], new[6] + cin[6]], "表三 一、本年新收 / 总计", new[6])
    compare("closed", "办结申请", [total[6]], "表三 （七）总计 / 总计", total[6])
    compare("carried_in", "上年结转申请", [cin[6]], "表三 二、上年结转 / 总计", cin[6])
    compare("carried_out", "结转下年度申请", [cout[6]], "表三 四、结转下年度继续办理 / 总计", cout[6])
    for name, _words, keys in _OUTCOMES:
        value = sum(group(k)[6] for k in keys)
        labels = "、".join(_OUTCOME_NAMES[k] for k in keys)
        compare(name, f"“{labels}”", [value], f"表三 {labels} / 总计", value)
    for name, _words, cols in _TYPES:
        v_new = sum(new[c] for c in cols)
        v_all = v_new + sum(cin[c] for c in cols)
        compare(name, "该类申请人的申请", [v_new, v_all], f"表三 一、本年新收 / {_TYPE_NAMES[name]}", v_new)
    compare("reconsideration", "行政复议", [t4[4]], "表四 行政复议 / 总计", t4[4])
    compare("lawsuit", "行政诉讼", [t4[9] + t4[14], t4[9], t4[14]], "表四 行政诉讼 / 总计", t4[9] + t4[14])

    for s in figs.shares:
        if s.correct is None or s.whole is None:
            continue
        if s.printed == s.correct:
            continue
        places = -s.printed.as_tuple().exponent if s.printed.as_tuple().exponent < 0 else 0
        exact_2 = s.correct
        if places < 2 and s.printed == share(s.count, s.whole, places):
            why = f"只保留了 {places} 位小数，按四舍五入保留两位小数应为 {exact_2}%"
        elif s.printed == _truncate(s.count, s.whole, places):
            why = f"是截断而不是四舍五入的结果，{s.count}÷{s.whole} 四舍五入保留两位小数应为 {exact_2}%"
        else:
            why = f"计算有误，{s.count}÷{s.whole} 四舍五入保留两位小数应为 {exact_2}%"
        out.append(
            Finding(
                "X3",
                "warning",
                f"正文 / 占比 {s.printed_text}",
                f"正文“{s.snippet[:60]}”中的占比 {s.printed_text} {why}。请更正。",
            )
        )
    if report.format == "2021" and "fee" not in figs.figures:
        out.append(
            Finding(
                "FEE_NOT_STATED",
                "warning",
                "第六部分",
                "2021年格式要求在“六、其他需要报告的事项”中报告信息处理费收取情况（未收取也应写明 0 元），正文未找到。请补充。",
            )
        )
    return out


