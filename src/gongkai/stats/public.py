"""The public statistics (数据开放): per agency and year, what the ledgers say about 依申请公开 and 主动公开 —
counts only, never a record, a name or a contact. Every figure comes from the ledgers' reporting functions
(`*_by_agency`, one GROUP BY each), so it equals the annual report's table cell built from the same ledger.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.applications.reply_times import reply_stats_by_agency
from gongkai.applications.reporting import OUTCOME_ROWS, TYPE_KEYS, table3_counts_by_agency
from gongkai.disclosures.reporting import CHANNEL_KEYS, channel_counts_by_agency
from gongkai.rules.formats import APPLICANT_TYPES, FORMAT_2021
from gongkai.workcalendar.service import get_calendar

# 表三 result groups: （一）…（六）, each the sum of its rows (2021 keys)
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("r1", "予以公开"), ("r2", "部分公开"), ("r3", "不予公开"), ("r4", "无法提供"), ("r5", "不予处理"), ("r6", "其他处理"),
)
CHANNEL_LABELS = {
    "total": "主动公开信息总数", "website": "政府网站", "new_media": "政务新媒体", "wechat": "政务微信",
    "weibo": "政务微博", "other_new_media": "其他政务新媒体", "traditional": "传统载体",
}
# the columns of the CSV / JSON download and of the page's table, in order: (key, Chinese header)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("agency", "机关"), ("year", "年度"),
    ("received", "新收申请"), ("carried_in", "上年结转"), ("answered", "本年办结"), ("carried_out", "结转下年"),
    ("within_period", "法定期限内答复"), ("within_period_rate", "法定期限内答复率（%）"),
    ("median_workdays", "答复用时中位数（工作日）"), ("p90_workdays", "答复用时90分位（工作日）"),
    *((f"outcome_{key}", label) for key, label in OUTCOME_GROUPS),
    *((f"items_{key}", CHANNEL_LABELS[key]) for key in CHANNEL_KEYS),
)


def _group_totals(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    return {group: sum(sum(counts[row].values()) for row in OUTCOME_ROWS if row.split("_")[0] == group)
            for group, _ in OUTCOME_GROUPS}


def table3_rows(counts: dict[str, dict[str, int]]) -> list[dict]:
    """Table 3 of one agency as rows {key, label, values: [six applicant types…, 总计]} (2021 rows)."""
    rows = []
    for row in FORMAT_2021.table3_rows:
        if row.key == "total":
            by_type = {t: sum(counts[r][t] for r in OUTCOME_ROWS) for t in TYPE_KEYS}
        else:
            by_type = counts[row.key]
        values = [by_type[t] for t in TYPE_KEYS]
        rows.append({"key": row.key, "label": row.label, "values": [*values, sum(values)]})
    return rows


TABLE3_HEADERS = (*(label for _, label in APPLICANT_TYPES), "总计")


def figures_by_agency(agencies: Sequence, year: int) -> list[dict]:
    """One dict per agency (in the given order) with the keys of COLUMNS plus `slug` and `table3`."""
    ids = [a.pk for a in agencies]
    table3 = table3_counts_by_agency(ids, year)
    replies = reply_stats_by_agency(ids, year, get_calendar())
    channels = channel_counts_by_agency(ids, year)
    out = []
    for agency in agencies:
        counts, reply = table3[agency.pk], replies[agency.pk]
        groups = _group_totals(counts)
        row = {
            "agency": agency.name, "slug": agency.slug, "year": year,
            "received": sum(counts["new"].values()), "carried_in": sum(counts["carried_in"].values()),
            "answered": sum(groups.values()), "carried_out": sum(counts["carried_out"].values()),
            "within_period": reply["within"], "within_period_rate": reply["within_rate"],
            "median_workdays": reply["median"], "p90_workdays": reply["p90"],
            **{f"outcome_{g}": n for g, n in groups.items()},
            **{f"items_{k}": n for k, n in channels[agency.pk].items()},
            "table3": table3_rows(counts),
        }
        out.append(row)
    return out
