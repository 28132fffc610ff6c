"""Reading issued documents the way a recipient would: python-docx for the DOCX, poppler for the PDF."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from docx import Document

NUMBER_RE = re.compile(r"〔2026〕[1-9][0-9]*号")
PAGE_NO_RE = re.compile(r"^—\s*\d+\s*—$")


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def docx_section(data: bytes) -> dict:
    """Page size and margins of the first section, in mm (rounded to 0.1)."""
    sec = Document(io.BytesIO(data)).sections[0]
    return {k: round(getattr(sec, k).mm, 1) for k in ("page_width", "page_height", "top_margin", "bottom_margin",
                                                      "left_margin", "right_margin")}


def _pdf(data: bytes) -> Path:
    f = tempfile.NamedTemporaryFile(suffix=".pdf", delete=False)
    f.write(data)
    f.close()
    return Path(f.name)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page (pdftotext -layout), with spaces removed."""
    path = _pdf(data)
    try:
        n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                                                             check=True).stdout).group(1))
        return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(path), "-"],
                               capture_output=True, text=True, check=True).stdout.replace(" ", "")
                for i in range(1, n + 1)]
    finally:
        path.unlink()


def pdf_text(data: bytes) -> str:
    return "".join(pdf_pages(data)).replace("\n", "")


def pdf_mediaboxes(data: bytes) -> list[tuple[float, float]]:
    path = _pdf(data)
    try:
        out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                             check=True).stdout
    finally:
        path.unlink()
    boxes = re.findall(r"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out)
    return [(float(x2) - float(x1), float(y2) - float(y1)) for x1, y1, x2, y2 in boxes]


def signature_only_pages(data: bytes, signature_lines: list[str]) -> list[int]:
    """Numbers of the pages whose text is nothing but signature-block lines (agency, date, contact) and the
    page number."""
    allowed = {s.replace(" ", "") for s in signature_lines}
    bad = []
    for i, text in enumerate(pdf_pages(data), 1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not PAGE_NO_RE.match(ln.strip())]
        if lines and all(ln in allowed for ln in lines):
            bad.append(i)
    return bad
