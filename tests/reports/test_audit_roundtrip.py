"""The platform reads its own reports back (issue 10 item 1): random report data — any applicant mix,
every outcome, carried-over cases, appeals, hand-entered table-2 figures with signed changes and
money with decimals, both formats, one agency or a government's roll-up, section 一's sentences that
quote the figures — rendered by the platform's renderers to HTML, DOCX, PDF, XLSX and JSON, then
audited: every recovered cell equals the computed one exactly and the auditor raises no error.
Also the CLI: `gongkai report build … --out DIR` then `gongkai audit DIR/report.*` exits 0."""

import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules" / "parse"))
import reportgen  # noqa: E402

from gongkai.reports.downloads import render_file  # noqa: E402
from gongkai.reports.render_html import report_title  # noqa: E402
from gongkai.rules.parse import audit_bytes  # noqa: E402

EXAMPLES = {"html": 10, "docx": 4, "xlsx": 6, "json": 10, "pdf": 3, "narrative": 3}


def round_trip_settings(ext):
    return settings(max_examples=EXAMPLES[ext], deadline=None, database=None, suppress_health_check=list(HealthCheck))


def assert_round_trip(data, ext):
    blob = render_file(data, ext, report_title(data.agency, data.year))
    got = audit_bytes(blob, f"report.{ext}")
    assert (got.format, got.year, got.agency) == (data.format, data.year, data.agency)
    assert got.table2 == data.table2
    assert got.table3 == data.table3
    assert got.table4 == data.table4
    assert [f for f in got.findings if f.severity == "error"] == []
    # nothing the renderer did may look like a reading problem
    assert not {f.code for f in got.findings} & {"EXTRACTION", "SPLIT_AMBIGUOUS", "LABEL_MISSING", "ROW_MISSING",
                                                  "BLANK_CELL", "MONEY_UNIT", "LABEL_NONSTANDARD"}
    return got


@pytest.mark.parametrize("ext", ["html", "docx", "xlsx", "json"])
@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_round_trip(ext, fmt):
    @round_trip_settings(ext)
    @given(reportgen.reports(fmt))
    def check(data):
        assert_round_trip(data, ext)

    check()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_round_trip_pdf(fmt):
    @round_trip_settings("pdf")
    @given(reportgen.reports(fmt, rollup_=None))
    def check(data):
        assert_round_trip(data, "pdf")

    check()


@round_trip_settings("narrative")
@given(reportgen.reports(rollup_=False))
def test_narrative_quoting_the_figures_is_not_a_table_row(data):
    """Section 一 says "新收政府信息公开申请N件，上年结转…", section 三 repeats the table's labels with
    numbers after the table: the rows are read from the table only."""
    # figures no generated cell or total can reach (cells stay in the thousands), so finding one in a row
    # can only mean the narrative was read as the table
    data.sections["一"] = ("新收政府信息公开申请9999991件，上年结转政府信息公开申请8888881件，予以公开7777771件，"
                          "总计6666661件。" + data.sections["一"])
    data.sections["三"] = "一、本年新收政府信息公开申请数量5555551件，二、上年结转政府信息公开申请数量4444441件。"
    quoted = {9999991, 8888881, 7777771, 6666661, 5555551, 4444441}
    for ext in ("html", "docx"):
        got = assert_round_trip(data, ext)
        assert all(not quoted & set(row) for row in got.table3.values())


# --- the CLI, on the platform's own ledgers --------------------------------------------------------
def _audit(capsys, *paths, json_out=False):
    with pytest.raises(SystemExit) as exc:
        call_command("audit", *map(str, paths), *(["--json"] if json_out else []))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.mark.slow
@pytest.mark.parametrize("rollup", [False, True])
def test_report_build_then_audit_exits_0(capsys, tmp_path, year_2021, agency_tree, rollup):
    from gongkai.journal.actors import SYSTEM
    from gongkai.reports import actions

    from .conftest import set_figures

    agency = agency_tree["city"] if rollup else year_2021
    set_figures(year_2021, 2021, {("licensing", "decisions"): 12, ("penalty", "decisions"): 3,
                                  ("enforcement", "decisions"): 0, ("fees", "amount"): "12.345678"})
    # a report that passes its own checks: every unit's hand-entered figures, sections 一 and 五 written
    zero = {("licensing", "decisions"): 0, ("penalty", "decisions"): 0, ("enforcement", "decisions"): 0,
            ("fees", "amount"): "0"}
    for unit in (agency_tree["city"], agency_tree["other"]):
        set_figures(unit, 2021, zero)
    members = [agency_tree["dept"], agency_tree["other"]] if rollup else ()
    report = actions.create_report(SYSTEM, agency, 2021, rollup=rollup, members=members)
    actions.save_texts(SYSTEM, report, {
        "一": "本年度认真落实政府信息公开工作考核、社会评议和责任追究制度。",
        "五": "存在的问题是公开内容不够全面，下一步将加强培训。",
    })
    call_command("report", "build", "--agency", agency.name, "--year", "2021", "--out", str(tmp_path),
                 *(["--rollup"] if rollup else []))
    capsys.readouterr()
    expected = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert expected["table2"]["行政事业性收费"] == [12.345678]
    files = [tmp_path / f"report.{ext}" for ext in ("html", "docx", "pdf", "xlsx", "json")]
    code, out, err = _audit(capsys, *files)
    assert code == 0, out + err
    for path in files:
        code, out, _err = _audit(capsys, path, json_out=True)
        assert code == 0
        got = json.loads(out)
        assert (got["table2"], got["table3"], got["table4"]) == (
            expected["table2"], expected["table3"], expected["table4"]), path.name
