"""Reply letters (告知书) per outcome type, as DOCX (python-docx) and PDF (WeasyPrint).

Official documents use 仿宋/宋体/黑体, which do not exist on Linux: 仿宋 and 宋体 map to
"Noto Serif CJK SC", 黑体 to "Noto Sans CJK SC".
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from gongkai.applications.models import Application
from gongkai.rules.outcomes import LETTER_TITLES
from gongkai.rules.remedies import remedy_notice

SERIF = "Noto Serif CJK SC"  # for 仿宋 / 宋体
SANS = "Noto Sans CJK SC"  # for 黑体
FONT_MAP = {"仿宋": SERIF, "仿宋_GB2312": SERIF, "宋体": SERIF, "黑体": SANS}


def cn_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


@dataclass
class Letter:
    title: str
    number: str
    salutation: str
    paragraphs: list[str]
    signature: str
    date: str


def letter_for(app: Application) -> Letter:
    o = app.outcome_obj
    if o is None:
        raise ValueError("该申请尚未作出答复，没有告知书。")
    info = app.info_name or app.info_description[:60]
    paras = [
        f"本机关于{cn_date(app.receipt_date)}收到您提出的政府信息公开申请（查询码：{app.tracking_code}），"
        f"申请获取“{info}”。" + (f"因申请内容需要补正，本机关于{cn_date(app.correction_requested_on)}告知您补正，"
                                 f"于{cn_date(app.correction_received_on)}收到补正后的申请。"
                                 if app.correction_received_on else ""),
    ]
    if app.extension_approved_on:
        paras.append(f"经本机关政府信息公开工作机构负责人同意，答复期限已延长{app.extension_days}个工作日，并已告知您。")
    paras.append("经审查，现答复如下：")
    paras.append(o.decision)
    if app.reply_text and app.reply_text != o.decision:
        paras.append(app.reply_text)
    paras.append(f"根据{app.legal_basis or o.basis}的规定，特此告知。")
    if o.code != "withdrawn":
        paras.append(remedy_notice())
    agency = app.agency
    contact = "；".join(x for x in (f"联系电话：{agency.phone}" if agency.phone else "",
                                    f"地址：{agency.address}" if agency.address else "") if x)
    if contact:
        paras.append(contact + "。")
    return Letter(
        title=LETTER_TITLES[o.letter],
        number=f"{agency.short_name or agency.name}依申请〔{app.closed_on.year}〕{app.tracking_code}号",
        salutation=f"{app.applicant_name}：",
        paragraphs=paras,
        signature=agency.name,
        date=cn_date(app.closed_on),
    )


def _set_font(run, name: str, size_pt: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = FONT_MAP.get(name, name)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if size_pt:
        run.font.size = Pt(size_pt)
    run.bold = bold


def render_docx(app: Application) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    letter = letter_for(app)
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(letter.title), "黑体", 18, bold=True)
    num = doc.add_paragraph()
    num.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(num.add_run(letter.number), "仿宋", 14)
    _set_font(doc.add_paragraph().add_run(letter.salutation), "仿宋", 16)
    for text in letter.paragraphs:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        _set_font(p.add_run(text), "仿宋", 16)
    for text in (letter.signature, letter.date):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(p.add_run(text), "仿宋", 16)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_pdf_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_pdf(app: Application) -> bytes:
    html = render_to_string("applications/letter_pdf.html", {"letter": letter_for(app), "serif": SERIF, "sans": SANS})
    return render_pdf_html(html)


def case_file_context(app: Application) -> dict:
    from gongkai.journal.models import Event

    letter = letter_for(app) if app.outcome else None
    return {
        "app": app,
        "letter": letter,
        "events": Event.objects.for_object(app).order_by("at", "id"),
        "attachments": app.attachments.all(),
        "serif": SERIF,
        "sans": SANS,
    }


def render_case_file_pdf(app: Application) -> bytes:
    return render_pdf_html(render_to_string("applications/case_file.html", {**case_file_context(app), "pdf": True}))
