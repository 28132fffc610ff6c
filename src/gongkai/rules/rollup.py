"""A government-level report's tables: the sum of its member agencies' tables (pure).

Every cell of tables 2, 3 and 4 adds up across members (counts, signed 增/减 and money alike).
Members must use the same format as the roll-up; money is kept to six decimals (万元) so that float
noise never shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.rules.report_data import Number, ReportData


class RollupError(ValueError):
    pass


def _add(a: Number, b: Number) -> Number:
    s = a + b
    if isinstance(s, float):
        s = round(s, 6)
        if s.is_integer():
            s = int(s)
    return s


def rollup(members: Sequence[ReportData], fmt: str, agency: str | None = None, year: int | None = None) -> ReportData:
    """Sum `members` (all in format `fmt`) into one ReportData for `agency`."""
    total = ReportData.empty(fmt, agency=agency, year=year)
    for member in members:
        if member.format != fmt:
            raise RollupError(
                f"“{member.agency or '未知机关'}”的报告使用 {member.format} 年格式，与汇总报告的 {fmt} 年格式不同，"
                "无法相加。请先按统一格式重新生成该报告。"
            )
        for label, values in total.table2.items():
            theirs = member.table2.get(label, [])
            total.table2[label] = [_add(v, theirs[i] if i < len(theirs) else 0) for i, v in enumerate(values)]
        for label, values in total.table3.items():
            theirs = member.table3.get(label, [])
            total.table3[label] = [int(v + (theirs[i] if i < len(theirs) else 0)) for i, v in enumerate(values)]
        total.table4 = [
            int(v + (member.table4[i] if i < len(member.table4) else 0)) for i, v in enumerate(total.table4)
        ]
    return total
