"""Excel in one place: every export writes through `write_table` / `safe_value`, every import reads
through `read_rows`. A cell that needs emphasis (a title in bold, a cell marked by a finding with a
fill colour and a comment) is written as a `Styled` value.

Safe for whatever is stored: C0 control characters (which XML 1.0 cannot carry, so openpyxl would
raise) are dropped (`gongkai.common.cleantext`), and text that a spreadsheet would take for a formula (starting with = + - @, or a
tab/CR before them) is written as text, never as a live formula (formula injection, CWE-1236).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai.common.cleantext import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_value(value: Any) -> tuple[Any, bool]:
    """(value to store, must_be_text): strings cleaned; formula-like strings flagged as text."""
    if isinstance(value, str):
        value = clean_text(value)
        return value, value.startswith(FORMULA_START)
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime) or value is None:
        return value, False
    return clean_text(str(value)), False


COMMENT_AUTHOR = "gongkai"


@dataclass(frozen=True)
class Styled:
    """A value written with emphasis: in bold, on a background colour (`fill`, hex RGB such as
    "F8D0D0") and/or with a comment (`note`). The value and the note are written safely too."""

    value: Any
    bold: bool = False
    fill: str = ""
    note: str = ""


def make_cell(ws, value: Any, *, bold: bool = False, date_format: str = "yyyy-mm-dd") -> WriteOnlyCell:
    style = value if isinstance(value, Styled) else None
    if style is not None:
        value, bold = style.value, bold or style.bold
    value, as_text = safe_value(value)
    cell = WriteOnlyCell(ws, value=value)
    if as_text:
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    if style is not None and style.fill:
        cell.fill = PatternFill("solid", fgColor=style.fill)
    if style is not None and style.note:
        cell.comment = Comment(clean_text(style.note), COMMENT_AUTHOR)
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = date_format
    return cell


def set_cell(ws, row: int, column: int, value: Any):
    """A cell of a normal (not write-only) worksheet, written safely."""
    value, as_text = safe_value(value)
    cell = ws.cell(row, column)
    cell.value = value
    if as_text:
        cell.data_type = "s"
    return cell


def write_table(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    widths: dict[str, Sequence[int]] | None = None,
    freeze: bool = True,
) -> bytes:
    """A workbook of simple tables: [(sheet title, headers, rows)] → .xlsx bytes (streamed, write-only;
    bold header row, frozen below it unless `freeze=False`, dates formatted; a sheet with no headers
    has no header row). `widths`: column widths per sheet title. Values may be `Styled`."""
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(clean_text(title)[:31])
        for i, width in enumerate((widths or {}).get(title, ()), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if freeze and headers:
            ws.freeze_panes = "A2"
        if headers:
            ws.append([make_cell(ws, h, bold=True) for h in headers])
        for row in rows:
            ws.append([make_cell(ws, v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class UnreadableWorkbook(ValueError):
    """The bytes are not a workbook openpyxl can read (not .xlsx, damaged, or a sheet that cannot be parsed)."""


def read_rows(data: bytes, sheet: str | None = None) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) for every row of the first (or the named) sheet, values as stored
    (formulas' cached results, not the formulas). The caller has checked the file with
    gongkai.common.uploads first (type, size, zip bomb). Raises `UnreadableWorkbook` at once when the file
    cannot be opened, and while iterating when a sheet turns out to be damaged."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of errors for a bad file
        raise UnreadableWorkbook(str(exc)) from exc
    return _iter_rows(wb, ws)


def _iter_rows(wb, ws) -> Iterator[tuple[int, list[Any]]]:
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, list(values)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part
        raise UnreadableWorkbook(str(exc)) from exc
    finally:
        wb.close()
