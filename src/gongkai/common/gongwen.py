"""Letters set as 公文 (GB/T 9704-2012): one `rules.documents.Letter` → DOCX (python-docx) and PDF (WeasyPrint).

A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, body 3号仿宋 on a 22-line grid, title 2号小标宋 (fonts mapped
by common.docfonts). The signature block (agency, date, seal area) is never alone on a page: where it would
fall onto a new page the line spacing is tightened step by step (GB/T 9704 §7.3.5.4: 采取调整行距、字距的措施);
should even the tightest setting not hold it, the last paragraph goes over with it. Multi-page letters carry
page numbers "— 1 —". The DOCX gets the same spacing and page-number decision as the PDF.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

from gongkai.common import docfonts
from gongkai.common.cleantext import clean_text
from gongkai.rules import documents as R

# (line pitch in pt, space before the signature block in lines): the standard grid first, then tighter
SPACINGS: tuple[tuple[float, float], ...] = ((R.LINE_PITCH_PT, 2.0), (27.0, 1.0), (25.0, 0.5), (23.0, 0.0))
FONTS = {"serif": docfonts.css_font("仿宋"), "sans": docfonts.css_font("小标宋")}


@dataclass(frozen=True)
class Rendered:
    docx: bytes
    pdf: bytes
    pages: int
    tightened: int  # index into SPACINGS that was used (0 = the standard grid)


def _classes_on_pages(document) -> list[set[str]]:
    """For each rendered page the CSS classes of the letter's blocks that start on it."""
    out = []
    for page in document.pages:
        seen: set[str] = set()
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if element is not None and getattr(box, "element_tag", None) in ("p", "div", "h1"):
                cls = element.get("class") or ""
                seen.update(c for c in cls.split() if c.startswith("gw-"))
            stack.extend(getattr(box, "children", []) or [])
        out.append(seen)
    return out


def signature_alone(pages: list[set[str]]) -> bool:
    """True when some page holds the signature block (or the contact lines below it) and nothing of the
    letter's text."""
    text = {"gw-title", "gw-number", "gw-salutation", "gw-body"}
    return any(p & {"gw-sign", "gw-contact"} and not (p & text) for p in pages)


def _html(letter: R.Letter, pitch: float, sign_lines: float, numbered: bool, keep_last: bool) -> str:
    e = html.escape
    paras = list(letter.paragraphs)
    last = paras.pop() if keep_last and paras else None
    body = "".join(f'<p class="gw-body">{e(t)}</p>' for t in paras)
    sign = (f'<div class="gw-sign"><p class="gw-signline">{e(letter.signature)}</p>'
            f'<p class="gw-signline">{e(letter.date)}</p></div>')
    if last is not None:  # the last paragraph goes over with the signature block
        sign = f'<div class="gw-keep"><p class="gw-body">{e(last)}</p>{sign}</div>'
    contact = "".join(f'<p class="gw-contact">{e(t)}</p>' for t in letter.contact)
    footer = ('@bottom-center { content: "— " counter(page) " —"; font-family: ' + FONTS["serif"]
              + '; font-size: 14pt; margin-top: 7mm; vertical-align: top; }') if numbered else ""
    return f"""<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{e(letter.title)}</title>
<style>
@page {{ size: {R.PAGE_MM[0]}mm {R.PAGE_MM[1]}mm; margin: {R.TOP_MM}mm {R.RIGHT_MM}mm {R.BOTTOM_MM}mm {R.LEFT_MM}mm; {footer} }}
body {{ font-family: {FONTS["serif"]}; font-size: {R.BODY_PT}pt; line-height: {pitch:.2f}pt; margin: 0; }}
p {{ margin: 0; orphans: 2; widows: 2; }}
h1.gw-title {{ font-family: {FONTS["sans"]}; font-size: {R.TITLE_PT}pt; font-weight: normal; text-align: center;
  line-height: {max(pitch, R.TITLE_PT + 6):.2f}pt; margin: 0; }}
.gw-number {{ text-align: center; margin-bottom: {pitch:.2f}pt; }}
.gw-body {{ text-indent: 2em; text-align: justify; }}
.gw-sign {{ margin-top: {sign_lines * pitch:.2f}pt; break-inside: avoid; page-break-inside: avoid; }}
.gw-keep {{ break-inside: avoid; page-break-inside: avoid; }}
.gw-signline {{ text-align: right; padding-right: 4em; }}
.gw-contact {{ font-size: {R.BODY_PT - 2}pt; }}
.gw-contact:first-of-type {{ margin-top: {pitch:.2f}pt; }}
</style></head><body>
<h1 class="gw-title">{e(letter.title)}</h1>
<p class="gw-number">{e(letter.number)}</p>
<p class="gw-salutation">{e(letter.salutation)}</p>
{body}{sign}{contact}
</body></html>"""


def render_pdf(letter: R.Letter) -> tuple[bytes, int, int]:
    """(pdf, pages, spacing step used)."""
    from weasyprint import HTML

    chosen = None
    for step, (pitch, sign) in enumerate(SPACINGS):
        doc = HTML(string=clean_text(_html(letter, pitch, sign, False, False))).render()
        if not signature_alone(_classes_on_pages(doc)):
            chosen = (step, pitch, sign, False)
            break
    if chosen is None:
        step = len(SPACINGS) - 1
        chosen = (step, *SPACINGS[-1], True)
        doc = HTML(string=clean_text(_html(letter, chosen[1], chosen[2], False, True))).render()
    step, pitch, sign, keep_last = chosen
    pages = len(doc.pages)
    if pages > 1:
        doc = HTML(string=clean_text(_html(letter, pitch, sign, True, keep_last))).render()
    return doc.write_pdf(), len(doc.pages), step


def render_docx(letter: R.Letter, *, step: int = 0, numbered: bool = False) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    pitch, sign_lines = SPACINGS[step]
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(R.PAGE_MM[0]), Mm(R.PAGE_MM[1])
    sec.top_margin, sec.bottom_margin = Mm(R.TOP_MM), Mm(R.BOTTOM_MM)
    sec.left_margin, sec.right_margin = Mm(R.LEFT_MM), Mm(R.RIGHT_MM)
    sec.footer_distance = Mm(28)

    def para(text: str, font: str = "仿宋", size: float = R.BODY_PT, align=None, indent: bool = False,
             keep: bool = False, before: float = 0):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(pitch, size + 4))
        fmt.space_before, fmt.space_after = Pt(before), Pt(0)
        if align is not None:
            p.alignment = align
        if indent:
            fmt.first_line_indent = Pt(2 * size)
        fmt.keep_with_next = keep
        fmt.keep_together = True
        if text:
            docfonts.set_run_font(p.add_run(clean_text(text)), font, size)
        return p

    para(letter.title, "小标宋", R.TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
    para(letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("")
    para(letter.salutation)
    for i, text in enumerate(letter.paragraphs):
        para(text, indent=True, keep=i == len(letter.paragraphs) - 1)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    para(letter.signature, align=right, keep=True, before=sign_lines * pitch)
    para(letter.date, align=right, keep=bool(letter.contact))
    for i, line in enumerate(letter.contact):
        para(line, size=R.BODY_PT - 2, keep=i < len(letter.contact) - 1, before=pitch if i == 0 else 0)
    if numbered:
        _page_numbers(sec.footer.paragraphs[0])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _page_numbers(p) -> None:
    """Footer "— PAGE —", centred, 4号 (14 pt)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = ""):
        r = p.add_run(text)
        docfonts.set_run_font(r, "宋体", 14)
        return r

    run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        r = run("1" if (kind is None and instr is None) else "")
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._r.append(el)
        elif instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)
    run(" —")


def render(letter: R.Letter) -> Rendered:
    pdf, pages, step = render_pdf(letter)
    return Rendered(docx=render_docx(letter, step=step, numbered=pages > 1), pdf=pdf, pages=pages, tightened=step)
