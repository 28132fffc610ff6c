"""Bad input gives ReportParseError with a clear Chinese message; a fuzz test of the parser raises
nothing else."""

import io
import zipfile

import pytest
from conftest import report_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.rules.formats import FORMAT_2019, FORMAT_2021
from gongkai.rules.parse import MAX_BYTES, ReportParseError, parse_bytes, parse_text
from gongkai.rules.report_data import ReportData


@pytest.mark.parametrize(
    "data,words",
    [
        (b"", "空"),
        (b"   \n\n  ", "空"),
        (bytes(range(256)) * 40, "二进制"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "二进制"),
        ("Relatório anual de informação pública: é ótimo, não há tabelas.".encode("latin-1"), "编码"),
        ("今天天气很好，我们去公园散步。".encode() * 20, "不是政府信息公开工作年度报告"),
        ("关于做好政府信息公开工作的通知。各单位要认真做好政府信息公开工作。".encode(), "未找到"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Word"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "PDF 文件不完整"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, words):
    with pytest.raises(ReportParseError) as exc:
        parse_bytes(data, "upload")
    assert words in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_too_large_is_refused_before_reading():
    data = b"0" * (MAX_BYTES + 1)
    with pytest.raises(ReportParseError, match="文件过大"):
        parse_bytes(data)
    with pytest.raises(ReportParseError, match="50.0 MB"):
        parse_bytes(b" " * (50 * 1024 * 1024) + b"x")


def test_truncated_text(seed_text):
    cut = seed_text[: seed_text.index("(四)无法")]
    with pytest.raises(ReportParseError, match="截断"):
        parse_text(cut)
    with pytest.raises(ReportParseError, match="截断|未找到"):
        parse_text(seed_text[: len(seed_text) // 3])


def test_truncated_docx(hongze_expected):
    data = report_docx(hongze_expected)
    with pytest.raises(ReportParseError, match="Word 文件无法打开"):
        parse_bytes(data[: len(data) // 2], "r.docx")


def test_docx_that_is_not_word():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "不是 Word")
    with pytest.raises(ReportParseError, match="Word"):
        parse_bytes(buf.getvalue(), "r.docx")


# --- fuzz ----------------------------------------------------------------------------------------
_VOCAB = [
    *(r.label for r in FORMAT_2021.table3_rows),
    *(r.label for r in FORMAT_2019.table3_rows),
    *(r.label for _b, r in FORMAT_2019.table2_rows),
    *(c.label for b in FORMAT_2021.table2 for c in b.columns),
    "第二十条第（一）项", "三、收到和处理政府信息公开申请情况", "结果维持", "行政复议", "五、存在的主要问题",
    "0", "1", "12", "-3", "5.5", "67万元", "251000元", "713000074", "—", "/", "\n", " ", "\u3000", "\t", "\xa0",
    "（", "）", "1.", "2.", "、", "%", "占比", "件", "条", "2020年", "\ue000", "\x00", "<td>", "</td>", "<table>",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_VOCAB), st.text(max_size=6)), max_size=120))
def test_fuzz_fragments_raise_only_the_declared_error(parts):
    text = "".join(parts)
    try:
        report = parse_text(text)
    except ReportParseError as exc:
        assert str(exc)
    else:
        assert isinstance(report, ReportData)
        assert report.to_json()["format"] in ("2019", "2021")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_mutated_seed_raises_only_the_declared_error(seed_text, data):
    text = seed_text
    for _ in range(data.draw(st.integers(0, 12))):
        i = data.draw(st.integers(0, len(text)))
        j = min(len(text), i + data.draw(st.integers(0, 300)))
        text = text[:i] + data.draw(st.sampled_from(["", "0", "1 2", "\n\n", "99999999999", "（七）总计", "元"])) + text[j:]
    try:
        report = parse_text(text)
    except ReportParseError:
        return
    from gongkai.rules.parse import audit_report

    audit_report(report)  # checks and text figures cope with whatever was recovered
    assert len(report.table3) in (23, 25) and len(report.table4) == 15


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, "a.txt", "a.html", "a.docx", "a.pdf"]))
def test_fuzz_bytes_raise_only_the_declared_error(data, name):
    try:
        parse_bytes(data, name)
    except ReportParseError:
        pass
