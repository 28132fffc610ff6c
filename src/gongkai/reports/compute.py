"""Computing an annual report from the ledgers (aggregate queries through each app's `reporting`
module), plus the figures entered by hand for table 2.

    compute(agency, year, fmt=None, texts=None, agency_ids=None) -> ReportData

Table 2: 规章/规范性文件 from the disclosures ledger; 行政许可/处罚/强制/收费/采购 from ManualFigure.
Table 3: from applications (outcomes are stored with 2021 keys; the 2019 row （六） = r6_1 + r6_2 + r6_3).
Table 4: from appeals. Section 一 is drafted from the ledgers; section 六 carries the fee total (2021).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal

from django.db.models import Sum

from gongkai.reports.models import ManualFigure
from gongkai.rules.formats import APPLICANT_TYPES, ReportFormat, format_for_year, get_format
from gongkai.rules.report_data import Number, ReportData
from gongkai.rules.report_text import (
    OUTCOME_GROUPS,
    Channels,
    Outcomes,
    OverviewFigures,
    draft_overview,
    fee_sentence,
)

LEDGER_BLOCK = "A20_01"  # 第二十条第（一）项: counted from the disclosures ledger; the other blocks are entered by hand
TYPE_KEYS = tuple(t for t, _ in APPLICANT_TYPES)


def spec_for(year: int, fmt: str | None = None) -> ReportFormat:
    return get_format(fmt) if fmt else format_for_year(year)


def plain(value: Decimal | int | float) -> Number:
    """A Decimal from the database as the JSON interchange keeps numbers (int when whole)."""
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def manual_cells(agency_ids: Iterable[int], year: int) -> dict[tuple[str, str], Number]:
    rows = (
        ManualFigure.objects.filter(agency_id__in=list(agency_ids), year=year)
        .values("row_key", "column_key")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(r["row_key"], r["column_key"]): plain(r["total"]) for r in rows}


def compute_table2(spec: ReportFormat, data: ReportData, agency_ids: list[int], year: int) -> None:
    from gongkai.disclosures.reporting import normative_counts

    normative = normative_counts(agency_ids, year)
    manual = manual_cells(agency_ids, year)
    for block, row in spec.table2_rows:
        if block.key == LEDGER_BLOCK:
            counts = normative.get(row.key, {})
            data.table2[row.label] = [int(counts.get(col.key, 0)) for col in block.columns]
        else:
            data.table2[row.label] = [manual.get((row.key, col.key), 0) for col in block.columns]


def table3_from_counts(spec: ReportFormat, counts: dict[str, dict[str, int]]) -> dict[str, list[int]]:
    """Table 3 in `spec`'s rows from the ledger's counts (2021 outcome keys): the 2019 （六） row sums
    r6_1..r6_3, （七）总计 sums the result rows, and the 总计 column sums the six applicant columns."""

    def row(key: str) -> list[int]:
        if key == "r6":
            parts = [row(k) for k in ("r6_1", "r6_2", "r6_3")]
            return [sum(p[i] for p in parts) for i in range(len(TYPE_KEYS))]
        if key == "total":
            parts = [row(k) for k in spec.outcome_keys]
            return [sum(p[i] for p in parts) for i in range(len(TYPE_KEYS))]
        by_type = counts.get(key, {})
        return [int(by_type.get(t, 0)) for t in TYPE_KEYS]

    out: dict[str, list[int]] = {}
    for r in spec.table3_rows:
        values = row(r.key)
        out[r.label] = [*values, sum(values)]
    return out


def compute_tables(agency_ids: Iterable[int], year: int, fmt: str | None = None,
                   agency: str | None = None) -> ReportData:
    """Tables 2, 3 and 4 for the agencies `agency_ids` taken together."""
    from gongkai.appeals.reporting import table4_counts
    from gongkai.applications.reporting import table3_counts

    ids = list(agency_ids)
    spec = spec_for(year, fmt)
    data = ReportData.empty(spec.code, agency=agency, year=year)
    compute_table2(spec, data, ids, year)
    data.table3 = table3_from_counts(spec, table3_counts(ids, year))
    data.table4 = [int(v) for v in table4_counts(ids, year)]
    return data


def outcomes_of(data: ReportData) -> Outcomes:
    spec = data.spec

    def total(prefix: str) -> int:
        return sum(data.table3[r.label][6] for r in spec.table3_result_rows if r.key.startswith(prefix))

    return Outcomes(
        new=data.t3("new")[6],
        carried_in=data.t3("carried_in")[6],
        finished=data.t3("total")[6],
        carried_out=data.t3("carried_out")[6],
        groups={key: total(key) for key, _name in OUTCOME_GROUPS},
    )


def overview_figures(data: ReportData, agency_ids: list[int], year: int) -> OverviewFigures:
    from gongkai.disclosures.reporting import channel_counts, interpretation_stats, late_count
    from gongkai.interactions.reporting import mailbox_stats, survey_count

    channels = channel_counts(agency_ids, year)
    interp = interpretation_stats(agency_ids, year)
    mailbox = mailbox_stats(agency_ids, year)
    return OverviewFigures(
        year=year,
        channels=Channels(**{k: int(channels.get(k, 0)) for k in Channels.__dataclass_fields__}),
        interpretations=int(interp.get("interpretations", 0)),
        documents_requiring=int(interp.get("documents_requiring", 0)),
        documents_interpreted=int(interp.get("documents_interpreted", 0)),
        late=late_count(agency_ids, year),
        mailbox_received=int(mailbox.get("received", 0)),
        mailbox_answered=int(mailbox.get("answered", 0)),
        mailbox_published=int(mailbox.get("published", 0)),
        surveys=survey_count(agency_ids, year),
        applications=outcomes_of(data),
        reconsiderations=data.table4[4],
        lawsuits=data.table4[9] + data.table4[14],
    )


def join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def write_sections(data: ReportData, figures: OverviewFigures, texts: dict[str, str], fee: Decimal) -> None:
    """Section 一 = the agency's opening text, the drafted figure paragraphs, then its further text
    ("一续"); 六 (2021) starts with the fee sentence."""
    data.sections = {s.number: (texts.get(s.number) or "").strip() for s in data.spec.sections}
    data.sections["一"] = join(texts.get("一", ""), draft_overview(figures), texts.get("一续", ""))
    if data.format == "2021":
        closed_unpaid = data.t3("r6_2")[6]
        data.sections["六"] = join(fee_sentence(data.year or figures.year, fee, closed_unpaid), texts.get("六", ""))
    data.sections = {k: v for k, v in data.sections.items() if v}


def finish(data: ReportData, ids: list[int], year: int, texts: dict[str, str] | None) -> ReportData:
    """Draft the text sections and record the figures behind them (data.extra) from the ledgers."""
    from gongkai.applications.reporting import fee_total_yuan

    figures = overview_figures(data, ids, year)
    fee = fee_total_yuan(ids, year)
    write_sections(data, figures, texts or {}, fee)
    data.extra = {"overview": asdict(figures), "fee_yuan": str(fee)}
    return data


def compute(agency, year: int, fmt: str | None = None, texts: dict[str, str] | None = None,
            agency_ids: Iterable[int] | None = None) -> ReportData:
    """The whole report for `agency` (or, for a roll-up, the agencies `agency_ids` taken together)."""
    ids = list(agency_ids) if agency_ids is not None else [agency.pk]
    data = compute_tables(ids, year, fmt, agency=agency.name)
    return finish(data, ids, year, texts)
