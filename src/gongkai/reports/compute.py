"""Computing an annual report from the ledgers (aggregate queries through each app's `reporting`
module), plus the figures entered by hand for table 2.

    compute(agency, year, fmt=None, texts=None) -> ReportData   (a roll-up: reports.government.rollup_data)
    tables_by_agency(agencies, year, fmt=None) -> {agency id: ReportData with tables 2–4}

Each ledger figure has one definition, in its app's `reporting` module, computed per agency by one
GROUP BY query (`*_by_agency`); `tables_by_agency` (every member of a roll-up, a supervisor's overview,
the benchmark's city) reads each ledger once for all the agencies, and `compute_tables` (one agency, or
agencies taken together) uses the sums of the same functions, so both give the same tables.

Table 2: 规章/规范性文件 from the disclosures ledger; 行政许可/处罚/强制/收费/采购 from ManualFigure.
Table 3: from applications (outcomes are stored with 2021 keys; the 2019 row （六） = r6_1 + r6_2 + r6_3).
Table 4: from appeals. Section 一 is drafted from the ledgers; section 六 carries the fee total (2021).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, replace
from decimal import Decimal

from django.db.models import Sum

from gongkai.reports.models import ManualFigure
from gongkai.rules.formats import APPLICANT_TYPES, ReportFormat, format_for_year, get_format
from gongkai.rules.report_data import Number, ReportData
from gongkai.rules.report_text import (
    OUTCOME_GROUPS,
    Channels,
    Mailbox,
    Outcomes,
    OverviewFigures,
    draft_overview,
    fee_sentence,
    previous_of,
)

LEDGER_BLOCK = "A20_01"  # 第二十条第（一）项: counted from the disclosures ledger; the other blocks are entered by hand
TYPE_KEYS = tuple(t for t, _ in APPLICANT_TYPES)


def spec_for(year: int, fmt: str | None = None) -> ReportFormat:
    return get_format(fmt) if fmt else format_for_year(year)


def plain(value: Decimal | int | float) -> Number:
    """A Decimal from the database as the JSON interchange keeps numbers (int when whole)."""
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def _manual_by_agency(agency_ids: list[int], year: int) -> dict[int, dict[tuple[str, str], Decimal]]:
    out: dict[int, dict[tuple[str, str], Decimal]] = {i: {} for i in agency_ids}
    rows = (ManualFigure.objects.filter(agency_id__in=agency_ids, year=year)
            .values("agency_id", "row_key", "column_key").annotate(total=Sum("value")).order_by())
    for r in rows:
        out[r["agency_id"]][(r["row_key"], r["column_key"])] = r["total"]
    return out


def manual_cells_by_agency(agency_ids: Iterable[int], year: int) -> dict[int, dict[tuple[str, str], Number]]:
    """{agency id: {(row_key, column_key): value}} of the figures entered by hand, in one grouped query."""
    return {i: {k: plain(v) for k, v in cells.items()} for i, cells in _manual_by_agency(list(agency_ids), year).items()}


def manual_cells(agency_ids: Iterable[int], year: int) -> dict[tuple[str, str], Number]:
    """The hand-entered figures of the agencies taken together (summed as decimals, then made plain)."""
    total: dict[tuple[str, str], Decimal] = {}
    for cells in _manual_by_agency(list(agency_ids), year).values():
        for k, v in cells.items():
            total[k] = total.get(k, Decimal("0")) + v
    return {k: plain(v) for k, v in total.items()}


def table2_from_counts(spec: ReportFormat, normative: dict[str, dict[str, int]],
                       manual: dict[tuple[str, str], Number]) -> dict[str, list[Number]]:
    """Table 2 in `spec`'s rows: block 第二十条第（一）项 from the disclosures ledger's normative counts, the
    other blocks from the hand-entered figures."""
    out: dict[str, list[Number]] = {}
    for block, row in spec.table2_rows:
        if block.key == LEDGER_BLOCK:
            counts = normative.get(row.key, {})
            out[row.label] = [int(counts.get(col.key, 0)) for col in block.columns]
        else:
            out[row.label] = [manual.get((row.key, col.key), 0) for col in block.columns]
    return out


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


def _tables(spec: ReportFormat, agency: str | None, year: int, normative, manual, t3, t4) -> ReportData:
    data = ReportData.empty(spec.code, agency=agency, year=year)
    data.table2 = table2_from_counts(spec, normative, manual)
    data.table3 = table3_from_counts(spec, t3)
    data.table4 = [int(v) for v in t4]
    return data


def compute_tables(agency_ids: Iterable[int], year: int, fmt: str | None = None,
                   agency: str | None = None) -> ReportData:
    """Tables 2, 3 and 4 for the agencies `agency_ids` taken together."""
    from gongkai.appeals.reporting import table4_counts
    from gongkai.applications.reporting import table3_counts
    from gongkai.disclosures.reporting import normative_counts

    ids = list(agency_ids)
    return _tables(spec_for(year, fmt), agency, year, normative_counts(ids, year), manual_cells(ids, year),
                   table3_counts(ids, year), table4_counts(ids, year))


def tables_by_agency(agencies: Iterable, year: int, fmt: str | None = None) -> dict[int, ReportData]:
    """{agency id: ReportData with tables 2–4} for every agency in `agencies` (Agency objects), each ledger
    read once for all of them (one grouped query each, however many agencies)."""
    from gongkai.appeals.reporting import table4_counts_by_agency
    from gongkai.applications.reporting import table3_counts_by_agency
    from gongkai.disclosures.reporting import normative_counts_by_agency

    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    spec = spec_for(year, fmt)
    normative, manual = normative_counts_by_agency(ids, year), manual_cells_by_agency(ids, year)
    t3, t4 = table3_counts_by_agency(ids, year), table4_counts_by_agency(ids, year)
    return {a.pk: _tables(spec, a.name, year, normative[a.pk], manual[a.pk], t3[a.pk], t4[a.pk]) for a in agencies}


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


def _counts(figures_class, counts: dict):
    """A dataclass of counts (Channels, Mailbox) from a ledger's {name: count}; a name it lacks is 0."""
    return figures_class(**{k: int(counts.get(k, 0)) for k in figures_class.__dataclass_fields__})


def overview_figures(data: ReportData, agency_ids: list[int], year: int) -> OverviewFigures:
    from gongkai.disclosures.reporting import channel_counts, interpretation_stats, late_count
    from gongkai.interactions.reporting import mailbox_stats, survey_count

    channels = channel_counts(agency_ids, year)
    interp = interpretation_stats(agency_ids, year)
    mailbox = mailbox_stats(agency_ids, year)
    return OverviewFigures(
        year=year,
        channels=_counts(Channels, channels),
        interpretations=int(interp.get("interpretations", 0)),
        documents_requiring=int(interp.get("documents_requiring", 0)),
        documents_interpreted=int(interp.get("documents_interpreted", 0)),
        late=late_count(agency_ids, year),
        mailbox=_counts(Mailbox, mailbox),
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


def finish(data: ReportData, ids: list[int], year: int, texts: dict[str, str] | None, *,
           is_rollup: bool = False) -> ReportData:
    """Draft the text sections and record the figures behind them (data.extra) from the ledgers;
    section 一 compares with the agency's report on the year before when there is one (ids[0])."""
    from gongkai.applications.reporting import fee_total_yuan
    from gongkai.reports.check_runner import previous_data

    figures = overview_figures(data, ids, year)
    before = previous_data(ids[0], year, is_rollup)
    if before is not None:
        figures = replace(figures, previous=previous_of(before))
    fee = fee_total_yuan(ids, year)
    write_sections(data, figures, texts or {}, fee)
    data.extra = {"overview": asdict(figures), "fee_yuan": str(fee)}
    return data


def compute(agency, year: int, fmt: str | None = None, texts: dict[str, str] | None = None) -> ReportData:
    """The whole report of `agency` from its own ledgers (a government's roll-up is
    reports.government.rollup_data)."""
    ids = [agency.pk]
    data = compute_tables(ids, year, fmt, agency=agency.name)
    return finish(data, ids, year, texts)
