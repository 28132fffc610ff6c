"""read_plain after the parser speed-up (commit ec261c1): the same cells as the two-pass reader it replaced.

The reader used to normalize the text, decide "one cell per line" on that text, then normalize it again
(a quoted page number "“- 3 -”" is a page marker only once its quotes are gone) and cut it into cells.
`_reference` is that reader, kept here as the specification the faster one must match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.parse.normalize import BLANK, cells_of_line, normalize
from gongkai.rules.parse.readers import MAX_MULTI_CELL_SHARE, MIN_ADJACENT_SHARE, read_plain


def _reference_one_cell_per_line(text: str) -> bool:
    lines = text.split("\n")
    content = [x for x in lines if x.strip()]
    if not content:
        return False
    multi = sum(1 for x in content if len(cells_of_line(x)) > 1)
    adjacent = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip())
    return multi / len(content) <= MAX_MULTI_CELL_SHARE and adjacent / len(content) >= MIN_ADJACENT_SHARE


def _reference_read_text(text: str, empty_cells: bool) -> str:
    out: list[str] = []
    for line in normalize(text).split("\n"):
        if empty_cells and not line.strip():
            out.append(BLANK)
            continue
        out.extend(cells_of_line(line))
    return "\n".join(out)


def _reference(text: str) -> str:
    normalized = normalize(text)
    return _reference_read_text(normalized, _reference_one_cell_per_line(normalized))


CASES = [
    # a page copied from a website, one cell per line, a quoted page number between two cells: the
    # decision was taken with the number's line still there (it made two lines adjacent)
    "收到申请数\n\n新收\n“- 3 -”\n5\n",
    "收到申请数\n\n新收\n「- 12 -」\n5\n\n",
    # a quoted page number spread over three lines (a page marker only once the quotes are gone)
    "甲\n\n乙\n“-\n3\n-”\n丙\n",
    # ordinary layouts
    "（一）新收政府信息公开申请数量    21    0    0\n（七）总计  21\n",
    "第 3 页\n表三\n\n自然人\n\n3\n- 4 -\n",
    "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n",
    "",
    "\n\n\n",
]


def test_table_of_layouts_reads_as_before():
    for text in CASES:
        assert read_plain(text) == _reference(text), text


LINE_PIECES = ["", " ", "  ", "\t", "甲", "收到申请数", "5", "21    0", "“", "”", "- 3 -", "“- 3 -”", "第 2 页",
               "—", "-", "|", "| 规章 | 0 |", "|---|---|", "２１", "（三）", "'"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINE_PIECES), max_size=4).map("".join), max_size=14))
def test_any_text_reads_as_before(lines):
    text = "\n".join(lines)
    assert read_plain(text) == _reference(text)
