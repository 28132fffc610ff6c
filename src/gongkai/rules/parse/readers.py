"""Readers: bytes of a published report (plain text, HTML, DOCX, XLSX, PDF) → text with a cell per line.

Plain text comes as scraped (a cell per line, flattened rows) or as `pdftotext -layout` output
(cells separated by runs of spaces). HTML, DOCX and XLSX tables give a line per cell, empty cells as
BLANK; merged cells are read once. PDF: its text layer through `pdftotext -layout` when the binary
is installed, else pypdf; bare page numbers at the foot or head of a page are dropped. The JSON
interchange is not read here (rules.parse.interchange). Every failure is a ReportParseError with a
Chinese message.
"""

from __future__ import annotations

import codecs
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.normalize import BLANK, DASH_CELLS, cells_of_line, normalize, strip_marks

MAX_BYTES = 20 * 1024 * 1024  # no annual report comes near this; bigger input is refused
KINDS = ("text", "html", "docx", "xlsx", "pdf", "json")
# An Office file (a zip) unpacks to at most this much, at most this many times its packed size, with no
# part (an XML the Office library parses into memory) bigger than MAX_PART_BYTES or packed more than
# MAX_PART_RATIO times, and at most MAX_PARTS parts: more is a zip bomb, never a report. (A real annual
# report's word/document.xml is 0.2–3 MB.) Checked from the zip's directory, before anything is unpacked.
MAX_UNPACKED_BYTES = 48 * 1024 * 1024
MAX_PACKING_RATIO = 100
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_PART_RATIO = 200
MAX_PARTS = 2000


def detect_kind(data: bytes, filename: str | None = None) -> str:
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(data, filename)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportParseError(
            "这是旧版 Word（.doc）或 Excel（.xls）文件，无法直接读取。请另存为 .docx、PDF 或网页后再上传。"
        )
    ext = Path(filename or "").suffix.lower()
    if ext in {".pdf"}:
        return "pdf"
    if ext in {".docx", ".xlsx"}:
        return ext[1:]
    if ext == ".json" or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    sniff = head.lower()
    if ext in {".html", ".htm", ".shtml", ".xhtml"} or re.search(rb"<(!doctype html|html|table|body|p|div)[\s>]", sniff):
        return "html"
    return "text"


def _office_kind(data: bytes, filename: str | None) -> str:
    """docx or xlsx, by the parts the zip holds; the zip is checked before any Office library reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # damaged: the reader of the kind the name says explains what is wrong
        return "xlsx" if Path(filename or "").suffix.lower() == ".xlsx" else "docx"
    check_expansion(infos)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise ReportParseError("这是一个压缩包，不是 Word（.docx）或 Excel（.xlsx）文件。请解压后分别上传其中的报告。")


def check_expansion(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose directory promises more than a report ever holds (sizes as declared: the zip
    reader never returns more than a part's declared size)."""
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    too_big_part = any(
        i.file_size > MAX_PART_BYTES or (i.file_size > 1024 * 1024 and i.file_size / max(1, i.compress_size) > MAX_PART_RATIO)
        for i in infos
    )
    if len(infos) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_PACKING_RATIO or too_big_part:
        raise ReportParseError(
            "文件解压后过大，无法安全读取（可能是压缩炸弹，不是年度报告）。请另存为普通的 Word 或 PDF 后再试。"
        )


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (covers GBK/GB2312); else refuse."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _encoding_error() from exc
    sample = data[:8192]
    if b"\x00" in sample:
        raise ReportParseError(
            "文件含有二进制内容，不是文本、网页、Word（.docx）或 PDF 格式的年度报告。请检查是否选错了文件。"
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 3 or exc.start == 0:
                continue
            text = data[: exc.start].decode(encoding)  # a file cut inside its last character
        if encoding == "gb18030" and not _mostly_cjk(text):
            break
        return text
    raise _encoding_error()


def _mostly_cjk(text: str) -> bool:
    letters = [ch for ch in text if not ch.isspace() and not ch.isascii()]
    if not letters:
        return True
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return cjk / len(letters) > 0.8


def _encoding_error() -> ReportParseError:
    return ReportParseError(
        "无法识别文件的文字编码（支持 UTF-8 和 GB18030/GBK）。请用记事本等工具将文件另存为 UTF-8 编码后再试。"
    )


def read_bytes(data: bytes, filename: str | None = None) -> tuple[str, str]:
    """(kind, text with a cell per line) of a file's bytes."""
    if not data or not data.strip():
        raise ReportParseError("文件是空的，没有可读取的内容。请选择年度报告文件（网页、Word、PDF 或文本）。")
    if len(data) > MAX_BYTES:
        raise ReportParseError(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），超过 {MAX_BYTES // 1024 // 1024} MB 的上限。"
            "年度报告通常不超过几 MB，请检查是否选错了文件。"
        )
    kind = detect_kind(data, filename)
    if kind == "pdf":
        return kind, read_pdf(data)
    if kind == "docx":
        return kind, read_docx(data)
    if kind == "xlsx":
        return kind, read_xlsx(data)
    text = decode(data)
    if kind == "html":
        return kind, read_html(text)
    return kind, read_plain(text)


# A text is "one cell per line" (a web page copied as text) when hardly any line holds several cells
# and most lines follow another line directly: there an empty line is an empty table cell. Where
# empty lines separate every line (scraped text) or lines hold several cells (pdftotext -layout),
# empty lines are not cells.
MAX_MULTI_CELL_SHARE = 0.05
MIN_ADJACENT_SHARE = 0.5


def one_cell_per_line(text: str) -> bool:
    lines = text.split("\n")
    return _one_cell_per_line(lines, [cells_of_line(x) for x in lines])


def _one_cell_per_line(lines: list[str], cells: list[list[str]]) -> bool:
    """one_cell_per_line of `lines`, given each line's cells (cells_of_line, computed once by the caller)."""
    content = sum(1 for x in lines if x.strip())
    if not content:
        return False
    multi = sum(1 for x, c in zip(lines, cells, strict=True) if len(c) > 1 and x.strip())
    adjacent = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip())
    return multi / content <= MAX_MULTI_CELL_SHARE and adjacent / content >= MIN_ADJACENT_SHARE


def read_text(text: str, empty_cells: bool = False) -> str:
    """Text with a cell per line; `empty_cells`: an empty line is an empty cell (see one_cell_per_line)."""
    lines = normalize(text).split("\n")
    return _cell_lines(lines, [cells_of_line(x) for x in lines], empty_cells)


def _cell_lines(lines: list[str], cells: list[list[str]], empty_cells: bool) -> str:
    out: list[str] = []
    for line, line_cells in zip(lines, cells, strict=True):
        if empty_cells and not line.strip():
            out.append(BLANK)
            continue
        out.extend(line_cells)
    return "\n".join(out)


def read_plain(text: str) -> str:
    """Plain text as pasted or scraped. Normalized twice, as always (a quoted page number "“- 3 -”" is
    a page marker only once its quotes are gone), but NFKC, idempotent and the costly part, only
    once. Whether an empty line is a cell is decided on the text normalized once (as it always was:
    the quoted page number's line still counts there); each line is cut into cells once, and again
    only where the second pass changed it."""
    once = normalize(text)
    first = once.split("\n")
    first_cells = [cells_of_line(x) for x in first]
    empty_cells = _one_cell_per_line(first, first_cells)
    lines = strip_marks(once).split("\n")
    if len(lines) == len(first):  # a page marker is emptied in place …
        cells = [c if a == b else cells_of_line(b) for a, b, c in zip(first, lines, first_cells, strict=True)]
    else:  # … unless it spread over several lines ("“-" / "3" / "-”")
        cells = [cells_of_line(x) for x in lines]
    return _cell_lines(lines, cells, empty_cells)


# --- HTML ------------------------------------------------------------------------------------------
_BLOCK = frozenset(
    "p div br tr li ul ol h1 h2 h3 h4 h5 h6 table thead tbody tfoot section article header footer title "
    "blockquote pre caption".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.cell: list[str] | None = None
        self.cell_span = 1
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in ("td", "th"):
            self._close_cell()
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.cell_span = int(span) if span.strip().isdigit() and 0 < int(span) < 50 else 1
        elif tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag in ("tr", "table"):
            self._close_cell()
            self._newline()
        elif tag in _BLOCK:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            if self.cell is not None:
                self.cell.append("\n")
            else:
                self._newline()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif data.strip():
            self.parts.append(data)

    def _newline(self) -> None:
        self.parts.append("\n")

    def _close_cell(self) -> None:
        if self.cell is None:
            return
        content = " ".join(x.strip() for x in "".join(self.cell).split("\n") if x.strip())
        content = content.strip()
        if not content or content in DASH_CELLS:
            self.parts.append("\n" + "\n".join([BLANK] * self.cell_span) + "\n")
        else:
            self.parts.append("\n" + content + "\n")
        self.cell = None
        self.cell_span = 1


def read_html(html: str) -> str:
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything raised here is damaged input
        raise ReportParseError(f"网页内容无法解析（{type(exc).__name__}），文件可能已损坏。") from exc
    parser._close_cell()
    return read_text("".join(parser.parts))


# --- DOCX ------------------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> str:
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReportParseError("读取 Word 文件需要 python-docx，请安装后再试。") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportParseError(
            "Word 文件无法打开：文件不完整或已损坏（也可能不是 .docx 格式）。请重新下载或另存为 .docx 后再试。"
        ) from exc
    except Exception as exc:  # lxml and python-docx raise a variety of errors on damaged files
        raise ReportParseError(f"Word 文件无法打开（{type(exc).__name__}），文件可能已损坏。") from exc
    lines: list[str] = []
    _walk_docx(document.element.body, lines)
    return read_text("\n".join(lines))


def _para_text(p) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


def _walk_docx(body, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            lines.append(_para_text(child))
        elif child.tag == f"{_W}tbl":
            for tr in child.iter(f"{_W}tr"):
                for tc in tr.iterchildren(f"{_W}tc"):
                    props = tc.find(f"{_W}tcPr")
                    span = 1
                    if props is not None:
                        vmerge = props.find(f"{_W}vMerge")
                        if vmerge is not None and vmerge.get(f"{_W}val") != "restart":
                            continue  # continuation of a vertically merged cell: read once
                        grid = props.find(f"{_W}gridSpan")
                        if grid is not None and (grid.get(f"{_W}val") or "1").isdigit():
                            span = max(1, min(50, int(grid.get(f"{_W}val"))))
                    text = " ".join(_para_text(p) for p in tc.iter(f"{_W}p")).strip()
                    if not text or text in DASH_CELLS:
                        lines.extend([BLANK] * span)
                    else:
                        lines.append(text)
                lines.append("")
        elif child.tag == f"{_W}sdt":
            _walk_docx(child, lines)


# --- XLSX ------------------------------------------------------------------------------------------
def read_xlsx(data: bytes) -> str:
    """Every sheet, a line per cell: merged ranges read once, an empty cell inside a row is BLANK,
    numbers printed plainly (never "1e-06"), with the unit a money cell's number format shows."""
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReportParseError("读取 Excel 文件需要 openpyxl，请安装后再试。") from exc
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many error types on damaged files
        raise ReportParseError(f"Excel 文件无法打开（{type(exc).__name__}），文件可能已损坏。请另存为 .xlsx 后再试。") from exc
    lines: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            cells: list[str] = []
            for cell in row:
                if type(cell).__name__ == "MergedCell":
                    continue  # covered by the range's first cell
                cells.append(_xlsx_text(cell))
            while cells and cells[-1] == BLANK:
                cells.pop()
            lines.extend(cells)
            lines.append("")
    return read_text("\n".join(lines))


def _xlsx_text(cell) -> str:  # type: ignore[no-untyped-def]
    value = cell.value
    if value is None:
        return BLANK
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text = format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))
        fmt = cell.number_format or ""
        unit = "万元" if "万元" in fmt else ("元" if "元" in fmt else "")
        return text + unit
    text = str(value).strip()
    return text if text and text not in DASH_CELLS else BLANK


# --- PDF -------------------------------------------------------------------------------------------
def read_pdf(data: bytes) -> str:
    if b"%%EOF" not in data[-2048:]:
        raise ReportParseError("PDF 文件不完整（缺少文件结尾），可能下载中断。请重新下载后再试。")
    text = _pdftotext(data)
    if text is None:
        text = _pypdf(data)
    if not text.strip():
        raise ReportParseError(
            "PDF 没有文字层（可能是扫描件图片），无法读取表格。请上传带文字的 PDF、Word 或网页版本。"
        )
    return read_text(drop_page_numbers(text))


# A page number is the page's own number give or take this much (a cover page left unnumbered).
PAGE_NUMBER_SLACK = 2
_BARE_NUMBER = re.compile(r"\s*(\d{1,3})\s*")


def drop_page_numbers(text: str) -> str:
    """Drop a bare number printed alone at the foot or head of a page ("\\f"-separated pages) when it
    is that page's number: it is no table cell."""
    pages = text.split("\f")
    out = []
    for index, page in enumerate(pages, start=1):
        lines = page.split("\n")
        for pick in (_last_content, _first_content):
            i = pick(lines)
            if i is None:
                continue
            m = _BARE_NUMBER.fullmatch(lines[i])
            if m and abs(int(m.group(1)) - index) <= PAGE_NUMBER_SLACK:
                lines[i] = ""
        out.append("\n".join(lines))
    return "\f".join(out)


def _last_content(lines: list[str]) -> int | None:
    return next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)


def _first_content(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


MAX_PDF_PAGES = 300  # an annual report has 5–40 pages; later pages of a longer PDF are not read


def _pdftotext(data: bytes) -> str | None:
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        try:
            proc = subprocess.run(
                [exe, "-layout", "-enc", "UTF-8", "-l", str(MAX_PDF_PAGES), str(path), "-"],
                capture_output=True, timeout=60, check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    if proc.returncode != 0:
        raise ReportParseError("PDF 文件无法打开：文件已损坏或已加密。请重新下载或另存后再试。")
    return proc.stdout.decode("utf-8", errors="replace")


def _pypdf(data: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReportParseError("读取 PDF 需要 pdftotext 或 pypdf，请安装后再试。") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = []
        for page in list(reader.pages)[:MAX_PDF_PAGES]:
            try:
                pages.append(page.extract_text(extraction_mode="layout") or "")
            except TypeError:
                pages.append(page.extract_text() or "")
        return "\n".join(pages)
    except Exception as exc:  # pypdf raises many error types on damaged files
        raise ReportParseError(f"PDF 文件无法打开（{type(exc).__name__}），文件可能已损坏或已加密。") from exc
