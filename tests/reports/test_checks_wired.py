"""The checks (rules.checks.check_report + the text-figures check) as the report runs them: for each
code, a report computed from the ledgers that breaks only that check. An error blocks publishing
(without an override reason); a warning is shown and kept with the published report.

Where a check cannot break through the ledgers (they are consistent by construction), the stored
figures are altered as an imported or hand-edited report would be."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport

from .conftest import set_figures
from .helpers import complete


def _alter(report, fn):
    data = report.report_data
    fn(data)
    AnnualReport.objects.filter(pk=report.pk).update(data=data.to_json())
    report.refresh_from_db()
    return report


def _label(data, key):
    return data.spec.table3_row(key).label


def l2(d):  # two more 予以公开 than applications: L2 cannot break without L1 (and the text
    # stating 办结 N 件 then contradicts the table: X3)
    d.table3[_label(d, "r1")][0] += 2
    d.table3[_label(d, "r1")][6] += 2
    d.table3[_label(d, "total")][0] += 2
    d.table3[_label(d, "total")][6] += 2


def l3(d):  # a case moved between columns in two rows, totals kept: row sums no longer match
    d.table3[_label(d, "r1")][0] += 1
    d.table3[_label(d, "r2")][0] -= 1


def l4(d):  # a result moved between columns, totals kept: the results no longer add up per column
    d.table3[_label(d, "r1")][1] -= 1
    d.table3[_label(d, "r1")][0] += 1


def l5(d):
    d.table4[0] += 1


def l6(d):
    d.table2["行政许可"] = [-1]


@pytest.mark.parametrize(("code", "alter", "also"), [("L2", l2, {"L1", "X3"}), ("L3", l3, set()), ("L4", l4, set()),
                                                      ("L5", l5, set()), ("L6", l6, set())])
def test_error_codes_block_publishing(year_2021, code, alter, also):
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    assert report.findings == []
    report = actions.mark_reviewed(SYSTEM, _alter(report, alter))
    with pytest.raises(ValidationError, match=code):
        actions.publish(SYSTEM, report)
    report.refresh_from_db()
    assert {f["code"] for f in report.findings} == {code} | also
    assert all(f["severity"] == "error" for f in report.findings if f["code"].startswith("L"))


def test_l1_from_the_ledgers_blocks_publishing(year_2021):
    from . import ledger

    ledger.application(year_2021, ledger.dt.date(2021, 8, 1), closed=ledger.dt.date(2021, 8, 5))
    report = actions.mark_reviewed(SYSTEM, complete(actions.create_report(SYSTEM, year_2021, 2021)))
    assert {f["code"] for f in report.findings} == {"L1"}
    with pytest.raises(ValidationError, match="L1"):
        actions.publish(SYSTEM, report)


def _publish_codes(report):
    report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report))
    return {f["code"] for f in report.findings}


def test_x1_carried_in_against_last_years_report(year_2021):
    prev = complete(actions.create_report(SYSTEM, year_2021, 2020, fmt="2021"))
    assert prev.findings == []
    _alter(prev, lambda d: d.table3[_label(d, "carried_out")].__setitem__(1, 3) or
           d.table3[_label(d, "carried_out")].__setitem__(6, 3))
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    # last year's figures exist: the drafted section 一 compares with them, so no NO_YOY advisory
    overview = report.report_data.sections["一"]
    assert "较上年" in overview or "与上年持平" in overview
    assert {f["code"] for f in report.findings} == {"X1"}
    assert _publish_codes(report) == {"X1"}  # a warning does not block publishing


def test_x2_in_force_documents_against_last_year(year_2021):
    prev = complete(actions.create_report(SYSTEM, year_2021, 2020, fmt="2021"))
    assert prev.report_data.table2["行政规范性文件"] == [1, 0, 1]
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    assert report.findings == []  # 1 in force + 1 made − 0 repealed = 2 ✓; section 一 compares with 2020
    _alter(prev, lambda d: d.table2.__setitem__("行政规范性文件", [0, 0, 5]))
    report = actions.refresh_report(SYSTEM, report)
    assert {f["code"] for f in report.findings} == {"X2"}


def test_x3_text_figure_contradicts_the_table(year_2021):
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    # the drafted paragraphs are right by construction; an added sentence rounds a share wrongly
    report = actions.save_texts(SYSTEM, report, {"一续": "（六）办结的9件申请中，予以公开2件，占比22.2%。"})
    assert {f["code"] for f in report.findings} == {"X3"}
    assert "22.22%" in report.findings[0]["message"]
    assert _publish_codes(report) == {"X3"}


def test_x4_item_counts_roll_forward_in_2019_format(year_2021):
    set_figures(year_2021, 2020, {("penalty", "previous"): 3, ("penalty", "delta"): 0})
    actions.create_report(SYSTEM, year_2021, 2020)
    set_figures(year_2021, 2021, {("penalty", "previous"): 3})
    report = complete(actions.create_report(SYSTEM, year_2021, 2021, fmt="2019"))
    assert report.findings == []  # section 一 compares with 2020: no NO_YOY advisory
    set_figures(year_2021, 2021, {("penalty", "previous"): 5})
    report = actions.refresh_report(SYSTEM, report)
    assert {f["code"] for f in report.findings} == {"X4"}
