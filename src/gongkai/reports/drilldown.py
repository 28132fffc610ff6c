"""Drill-down: the records a computed figure counts (each ledger's `*_drilldown` functions)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from gongkai.reports.compute import LEDGER_BLOCK, TYPE_KEYS
from gongkai.reports.models import AnnualReport, ManualFigure
from gongkai.rules.formats import TABLE3_COLUMNS, TABLE4_GROUPS, TABLE4_RESULTS

PAGE_SIZE = 100  # records per page of a drill-down; every record is reachable page by page and in the XLSX

OVERVIEW_FIGURES = {
    # key: (label, ledger)
    "total": ("主动公开信息总数", "channel"),
    "website": ("政府网站公开信息", "channel"),
    "new_media": ("政务新媒体公开信息", "channel"),
    "wechat": ("政务微信公开信息", "channel"),
    "weibo": ("政务微博公开信息", "channel"),
    "other_new_media": ("其他政务新媒体公开信息", "channel"),
    "traditional": ("传统载体公开信息", "channel"),
    "interpretations": ("政策解读信息", "interpretation"),
    "documents_requiring": ("需要解读的文件", "interpretation"),
    "documents_interpreted": ("已解读的文件", "interpretation"),
    "late": ("超过20个工作日公开的信息", "late"),
    "mailbox_received": ("领导信箱来信", "mailbox"),
    "mailbox_answered": ("领导信箱已答复来信", "mailbox"),
    "mailbox_published": ("领导信箱公开回复", "mailbox"),
    "surveys": ("网上调查", "survey"),
    "fee": ("信息处理费", "fee"),
}


# the staff page of each kind of counted record (model label → url name; ItemChannel → its item)
RECORD_PAGES = {
    "applications.application": "applications:detail",
    "appeals.appeal": "appeals:edit",
    "disclosures.disclosureitem": "disclosures:detail",
    "interactions.mailboxletter": "interactions:letter_detail",
    "interactions.survey": "interactions:survey_detail",
}


def record_link(obj) -> tuple[str, str | None]:
    """(text, staff url or None) for one drilled record."""
    from django.urls import NoReverseMatch, reverse

    target = getattr(obj, "item", None) if obj._meta.label_lower == "disclosures.itemchannel" else obj
    name = RECORD_PAGES.get(target._meta.label_lower) if target is not None else None
    url = None
    if name:
        try:
            url = reverse(name, args=[target.pk])
        except NoReverseMatch:
            url = None
    return str(obj), url


class Chain:
    """Several ordered querysets read as one list, for the paginator: counted once, sliced across."""

    def __init__(self, querysets: list):
        self.querysets = [qs if qs.ordered else qs.order_by("pk") for qs in querysets]
        self._counts: list[int] | None = None

    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts = [qs.count() for qs in self.querysets]
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, s: slice) -> list:
        start, stop = s.start or 0, s.stop if s.stop is not None else self.count()
        out: list = []
        offset = 0
        for qs, n in zip(self.querysets, self.counts(), strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            if lo < hi:
                out += list(qs[lo:hi])
            offset += n
            if offset >= stop:
                break
        return out

    def __iter__(self):
        for qs in self.querysets:
            yield from qs.iterator(chunk_size=1000)


@dataclass
class Drill:
    title: str
    querysets: list = field(default_factory=list)  # record querysets (ledger records)
    manual: list[ManualFigure] = field(default_factory=list)  # hand-entered figures
    note: str = ""

    @property
    def chain(self) -> Chain:
        if not hasattr(self, "_chain"):
            self._chain = Chain(self.querysets)
        return self._chain

    @property
    def records(self) -> Chain:
        """Every record the figure counts, in order (slice it, or iterate it for an export)."""
        return self.chain

    def page(self, number, size: int | None = None):
        """One page of records as (page, [(text, url)])."""
        from django.core.paginator import Paginator

        page = Paginator(self.chain, size or PAGE_SIZE).get_page(number)
        return page, [record_link(r) for r in page.object_list]

    @property
    def count(self) -> int:
        return self.chain.count()


def record_row(n: int, obj) -> list:
    """One row of the drill-down's XLSX: 序号, 类型, 记录, 机关, 编号."""
    target = getattr(obj, "item", None) if obj._meta.label_lower == "disclosures.itemchannel" else obj
    agency = getattr(target, "agency", None) or getattr(obj, "agency", None)
    return [n, str(obj._meta.verbose_name), str(obj), getattr(agency, "name", ""), obj.pk]


def agency_ids(report: AnnualReport, user) -> list[int]:
    """The agencies whose records a figure of `report` counts, limited to those `user` may see:
    a roll-up's members are only drilled into by someone whose scope covers them."""
    from gongkai.agencies.scoping import visible_agency_ids

    ids = [report.agency_id]
    if report.is_rollup:
        ids += list(report.members.values_list("id", flat=True))
    visible = visible_agency_ids(user)
    return [i for i in ids if i in visible]


def drill(report: AnnualReport, table: str, key: str, col: int, *, user) -> Drill:
    ids, year, spec = agency_ids(report, user), report.year, report.report_data.spec
    try:
        if table == "t2":
            block, row = next((b, r) for b, r in spec.table2_rows if r.key == key)
            column = block.columns[col]
            title = f"表二 {block.label} {row.label} / {column.label}"
            if block.key == LEDGER_BLOCK:
                from gongkai.disclosures.reporting import normative_drilldown

                return Drill(title, [normative_drilldown(ids, year, key, column.key)])
            manual = list(ManualFigure.objects.filter(agency_id__in=ids, year=year, row_key=key,
                                                      column_key=column.key).select_related("agency"))
            return Drill(title, manual=manual, note="此数没有台账记录，由机关手工填报并注明来源。")
        if table == "t3":
            from gongkai.applications.reporting import table3_drilldown

            row = spec.table3_row(key)
            applicant_type = TYPE_KEYS[col] if col < len(TYPE_KEYS) else None
            title = f"表三 {row.label} / {TABLE3_COLUMNS[col].label}"
            return Drill(title, [table3_drilldown(ids, year, key, applicant_type)])
        if table == "t4":
            from gongkai.appeals.reporting import table4_drilldown

            group = next(g for g in TABLE4_GROUPS if g[0] == key)
            result_key, result_label = TABLE4_RESULTS[col]
            return Drill(f"表四 {group[2]} / {result_label}", [table4_drilldown(ids, year, key, result_key)])
        if table == "ov":
            return _overview(ids, year, key)
    except (StopIteration, KeyError, IndexError, ValueError):
        pass
    raise Http404("没有这个统计单元格。")


def _overview(ids: list[int], year: int, key: str) -> Drill:
    label, ledger = OVERVIEW_FIGURES[key]
    title = f"总体情况 / {label}"
    if ledger == "channel":
        from gongkai.disclosures.reporting import channel_drilldown, channel_tally_drilldown

        return Drill(title, [channel_drilldown(ids, year, key), channel_tally_drilldown(ids, year, key)],
                     note="包括逐条登记的发布记录和按月汇总登记的条数。")
    if ledger == "interpretation":
        from gongkai.disclosures.reporting import interpretation_drilldown

        return Drill(title, [interpretation_drilldown(ids, year, key)])
    if ledger == "late":
        from gongkai.disclosures.reporting import late_drilldown

        return Drill(title, [late_drilldown(ids, year)])
    if ledger == "mailbox":
        from gongkai.interactions.reporting import mailbox_drilldown

        return Drill(title, [mailbox_drilldown(ids, year, key.removeprefix("mailbox_"))])
    if ledger == "survey":
        from gongkai.interactions.reporting import survey_drilldown

        return Drill(title, [survey_drilldown(ids, year)])
    from gongkai.applications.reporting import fee_drilldown

    return Drill(title, [fee_drilldown(ids, year)])
