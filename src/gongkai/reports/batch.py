"""Tables 2–4 of many agencies at once: one grouped query per ledger instead of one call per agency.

A supervisor's overview of every member, the city roll-up and the benchmark need every agency's own
tables. Calling the reporting contract once per agency costs a few queries each (300 agencies →
over a thousand queries); here each ledger is read once, grouped by agency.

The grouped queries reuse the ledgers' own year rules (`_in_year`/`_row_q`, `_year`/`_result_q`,
`_normative_base`/`_normative_q` of each app's `reporting` module), so a figure means exactly what
the contract's function and its drill-down mean; `tests/reports/test_batch.py` holds them equal.
(The ledger owners may later expose these as `*_by_agency` functions; then only this module changes.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Sum

from gongkai.reports.compute import LEDGER_BLOCK, TYPE_KEYS, plain, spec_for, table3_from_counts
from gongkai.reports.models import ManualFigure
from gongkai.rules.formats import TABLE4_GROUPS, TABLE4_RESULTS
from gongkai.rules.report_data import ReportData


def _table3(ids: list[int], year: int) -> dict[int, dict[str, dict[str, int]]]:
    """Grouped by agency, applicant type and stored outcome row: four conditional counts per group
    (new, carried in, carried out, closed by 31 December) instead of one per table-3 row; a result
    row's figure is the closed count of the groups whose outcome row it is (the ledger's `_row_q`)."""
    from gongkai.applications import reporting as ap

    figures = ("new", "carried_in", "carried_out")
    aggregates = {row: Count("id", filter=ap._row_q(row, year)) for row in figures}
    aggregates["closed"] = Count("id", filter=ap._row_q("total", year))
    outcome_rows = set(ap.OUTCOME_ROWS)
    out: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: {row: {} for row in ap.ROW_KEYS})
    rows = (ap._in_year(ids, year).values("agency_id", "applicant_type", "outcome_row")
            .annotate(**aggregates).order_by())
    for item in rows:
        counts, t = out[item["agency_id"]], item["applicant_type"]
        for row in figures:
            counts[row][t] = counts[row].get(t, 0) + item[row]
        if item["outcome_row"] in outcome_rows:
            counts[item["outcome_row"]][t] = counts[item["outcome_row"]].get(t, 0) + item["closed"]
    return out


def _table4(ids: list[int], year: int) -> dict[int, list[int]]:
    from gongkai.appeals import reporting as rp

    keys = [(g, r) for g, _, _ in TABLE4_GROUPS for r, _ in TABLE4_RESULTS]
    aggregates = {f"{g}__{r}": Count("id", filter=rp.Q(kind=g) & rp._result_q(r, year)) for g, r in keys}
    out: dict[int, list[int]] = {}
    for item in rp._year(ids, year).values("agency_id").annotate(**aggregates).order_by():
        out[item["agency_id"]] = [int(item[f"{g}__{r}"]) for g, r in keys]
    return out


def _normative(ids: list[int], year: int) -> dict[int, dict[str, dict[str, int]]]:
    from gongkai.disclosures import reporting as dr

    kinds = {doc_type: kind for kind, doc_type in dr.NORMATIVE_KINDS.items()}
    conditions = dr._normative_q(year)
    out: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    rows = (dr._normative_base(ids).values("agency_id", "doc_type")
            .annotate(**{k: Count("id", filter=q) for k, q in conditions.items()}).order_by())
    for item in rows:
        out[item["agency_id"]][kinds[item["doc_type"]]] = {k: int(item[k] or 0) for k in conditions}
    return out


def _manual(ids: list[int], year: int) -> dict[int, dict[tuple[str, str], object]]:
    out: dict[int, dict[tuple[str, str], object]] = defaultdict(dict)
    rows = (ManualFigure.objects.filter(agency_id__in=ids, year=year)
            .values("agency_id", "row_key", "column_key").annotate(total=Sum("value")).order_by())
    for r in rows:
        out[r["agency_id"]][(r["row_key"], r["column_key"])] = plain(r["total"])
    return out


def tables_by_agency(agencies: Iterable, year: int, fmt: str | None = None) -> dict[int, ReportData]:
    """{agency id: ReportData with tables 2–4} for every agency in `agencies` (Agency objects)."""
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    spec = spec_for(year, fmt)
    t3, t4, normative, manual = _table3(ids, year), _table4(ids, year), _normative(ids, year), _manual(ids, year)
    empty_counts = {row: {t: 0 for t in TYPE_KEYS} for row in ("new",)}
    out: dict[int, ReportData] = {}
    for agency in agencies:
        data = ReportData.empty(spec.code, agency=agency.name, year=year)
        for block, row in spec.table2_rows:
            if block.key == LEDGER_BLOCK:
                counts = normative.get(agency.pk, {}).get(row.key, {})
                data.table2[row.label] = [int(counts.get(c.key, 0)) for c in block.columns]
            else:
                figures = manual.get(agency.pk, {})
                data.table2[row.label] = [figures.get((row.key, c.key), 0) for c in block.columns]
        data.table3 = table3_from_counts(spec, t3[agency.pk] if agency.pk in t3 else empty_counts)
        data.table4 = t4.get(agency.pk, [0] * len(data.table4))
        out[agency.pk] = data
    return out
