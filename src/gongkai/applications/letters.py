"""Reply letters (告知书) per outcome type, as DOCX (python-docx) and PDF (WeasyPrint).

Official documents use 仿宋/宋体/黑体, which do not exist on Linux: common.docfonts maps them to the
installed Noto CJK faces (Word runs incl. the eastAsia slot; CSS stacks for the PDF templates).
Stored text goes through common.cleantext before it is written (control characters break DOCX).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from gongkai.applications.models import Application
from gongkai.common import docfonts
from gongkai.common.cleantext import clean_text
from gongkai.rules.outcomes import LETTER_TITLES
from gongkai.rules.remedies import remedy_notice

SERIF, SANS = docfonts.SERIF, docfonts.SANS  # 仿宋/宋体, 黑体
FONTS = {"serif": docfonts.css_font("仿宋"), "sans": docfonts.css_font("黑体")}  # CSS stacks for the templates


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


def render_docx(app: Application) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    letter = letter_for(app)
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docfonts.set_run_font(title.add_run(clean_text(letter.title)), "黑体", 18, bold=True)
    num = doc.add_paragraph()
    num.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docfonts.set_run_font(num.add_run(clean_text(letter.number)), "仿宋", 14)
    docfonts.set_run_font(doc.add_paragraph().add_run(clean_text(letter.salutation)), "仿宋", 16)
    for text in letter.paragraphs:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        docfonts.set_run_font(p.add_run(clean_text(text)), "仿宋", 16)
    for text in (letter.signature, letter.date):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        docfonts.set_run_font(p.add_run(clean_text(text)), "仿宋", 16)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_pdf_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=clean_text(html)).write_pdf()


def render_pdf(app: Application) -> bytes:
    html = render_to_string("applications/letter_pdf.html", {"letter": letter_for(app), "fonts": FONTS})
    return render_pdf_html(html)


def case_file_context(app: Application) -> dict:
    from gongkai.journal.display import decorate
    from gongkai.journal.models import Event

    letter = letter_for(app) if app.outcome else None
    return {
        "app": app,
        "letter": letter,
        "events": decorate(Event.objects.for_object(app).order_by("at", "id")),
        "attachments": app.attachments.all(),
        "fonts": FONTS,
    }


def render_case_file_pdf(app: Application) -> bytes:
    return render_pdf_html(render_to_string("applications/case_file.html", {**case_file_context(app), "pdf": True}))
