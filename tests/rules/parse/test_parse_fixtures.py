"""Every shared fixture parses to its recoverable cells (issue 6 acceptance).

The seed and 洪泽 2023 are checked against the shared `*.expected.json` cell by cell; the three
others against expected files written for this project (tests/fixtures/reports/, each says in
"how_checked" how its values were verified by hand).
"""

import json

import pytest

from gongkai.rules.parse import audit_bytes

SHARED_EXPECTED = {
    "seed/luzhou-statistics-bureau-2020": "seed/luzhou-statistics-bureau-2020.expected.json",
    "reports/hongze-2023": "reports/hongze-2023.expected.json",
}
OWN_EXPECTED = ("pingtan-2019", "pingtan-2023", "shuyang-fgj-2023")


def _audit(path):
    return audit_bytes(path.read_bytes(), path.name)


def _assert_cells(report, expected):
    assert report.format == expected["format"]
    assert report.year == expected["year"]
    assert set(report.table2) == set(expected["table2"])
    for row, values in expected["table2"].items():
        assert report.table2[row] == pytest.approx(values), f"表二 {row}"
    assert list(report.table3) == list(expected["table3"])
    for row, values in expected["table3"].items():
        assert report.table3[row] == values, f"表三 {row}"
    assert report.table4 == expected["table4"]


@pytest.mark.parametrize("name", sorted(SHARED_EXPECTED))
def test_shared_expected_cells(shared_dir, name):
    expected = json.loads((shared_dir / "fixtures" / SHARED_EXPECTED[name]).read_text(encoding="utf-8"))
    report = _audit(shared_dir / "fixtures" / f"{name}.txt")
    _assert_cells(report, expected)
    cells = sum(len(v) for v in expected["table2"].values()) + 7 * len(expected["table3"]) + 15
    assert cells in (22 + 161 + 15, 10 + 175 + 15)


@pytest.mark.parametrize("name", OWN_EXPECTED)
def test_own_expected_cells(shared_dir, own_fixtures, name):
    expected = json.loads((own_fixtures / f"{name}.expected.json").read_text(encoding="utf-8"))
    report = _audit(shared_dir / "fixtures/reports" / f"{name}.txt")
    _assert_cells(report, expected)
    found = {f.code for f in report.findings}
    assert set(expected["expected_findings"]) <= found
    assert {f.code for f in report.findings if f.severity == "error"} == set(expected["expected_errors"])
    ambiguous = {f.where.split()[-1] for f in report.findings if f.code == "SPLIT_AMBIGUOUS" and f.where.startswith("表二")}
    assert ambiguous == set(expected["ambiguous_table2"])


def test_seed_findings(shared_dir):
    report = _audit(shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.txt")
    assert report.agency == "泸州市统计局"
    by_code = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    # the lost 自然人 header, recovered
    (lost,) = by_code["HEADER_LOST"]
    assert "自然人" in lost.message and "恢复" in lost.message
    assert report.table3["一、本年新收政府信息公开申请数量"][0] == 1
    # the truncated shares 84.34% (84.35%) and 11.76% (11.77%), and 3.9% for 3.88%
    shares = " ".join(f.message for f in by_code["X3"])
    assert "84.35%" in shares and "11.77%" in shares and "3.88%" in shares
    assert sum("截断" in f.message for f in by_code["X3"]) == 2
    # the header cut to 本年增/ is repaired
    assert any("本年增/减" in f.message for f in by_code["LABEL_TRUNCATED"])
    assert not [f for f in report.findings if f.severity == "error"]
    figures = report.extra["text_figures"]["figures"]
    assert figures["proactive_total"][0] == 1623 and figures["received"][0] == 1


def test_hongze_findings(shared_dir):
    report = _audit(shared_dir / "fixtures/reports/hongze-2023.txt")
    assert report.agency == "淮安市洪泽区人民政府"
    errors = [f for f in report.findings if f.severity == "error"]
    mixed = [f for f in errors if f.code == "FORMAT_MIXED"]
    assert len(mixed) == 1 and "（六）其他处理" in mixed[0].message
    l5 = sorted(f.where for f in errors if f.code == "L5")
    assert l5 == ["表四 行政复议 / 总计", "表四 行政诉讼（复议后起诉） / 总计"]
    assert "总计”填写为 0" in " ".join(f.message for f in errors if f.code == "L5")
    typo = [f for f in report.findings if f.code == "LABEL_NONSTANDARD"]
    assert typo and "其他法律行政止公开" in typo[0].message
    assert {f.code for f in errors} == {"FORMAT_MIXED", "L5"}


def test_pingtan_text_figures_match_tables(shared_dir):
    report = _audit(shared_dir / "fixtures/reports/pingtan-2023.txt")
    assert not [f for f in report.findings if f.code == "X3"]
    figs = report.extra["text_figures"]
    assert figs["figures"]["reconsideration"] == [2] and figs["figures"]["lawsuit"] == [7]
    assert [s["printed"] for s in figs["shares"]] == ["51.85%", "6.17%", "38.27%", "1.23%", "2.47%"]
    assert all(s["printed"] == s["correct"] for s in figs["shares"])
