"""Reply letters (答复告知书) per outcome type, as DOCX and PDF: the files issued and stored on the case
(applications.documents, set as 公文 by common.gongwen); and the case file (案卷) PDF.

Official documents use 仿宋/宋体/黑体, which do not exist on Linux: common.docfonts maps them to the
installed Noto CJK faces (Word runs incl. the eastAsia slot; CSS stacks for the PDF templates).
Stored text goes through common.cleantext before it is written (control characters break DOCX).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.applications import documents
from gongkai.applications.models import Application
from gongkai.common import docfonts, gongwen
from gongkai.common.cleantext import clean_text
from gongkai.rules import documents as R

SERIF, SANS = docfonts.SERIF, docfonts.SANS  # 仿宋/宋体, 黑体
FONTS = {"serif": docfonts.css_font("仿宋"), "sans": docfonts.css_font("黑体")}  # CSS stacks for the templates


cn_date = R.cn_date
Letter = R.Letter


def letter_for(app: Application) -> Letter:
    """The 答复告知书 of `app`: as issued (applications.documents, with its 发文字号), or — for a case replied
    before letters were issued and stored — set now from the case's facts, without a number."""
    if app.outcome_obj is None:
        raise ValueError("该申请尚未作出答复，没有告知书。")
    doc = documents.latest(app, R.DocKind.REPLY)
    if doc is not None:
        return documents.letter_of(doc)
    return documents.build(app, R.DocKind.REPLY, "", app.closed_on)[0]


def _reply_file(app: Application, fmt: str) -> bytes:
    doc = documents.latest(app, R.DocKind.REPLY)
    if doc is not None:
        return documents.read(doc, fmt)
    out = gongwen.render(letter_for(app))
    return out.docx if fmt == "docx" else out.pdf


def render_docx(app: Application) -> bytes:
    return _reply_file(app, "docx")


def render_pdf(app: Application) -> bytes:
    return _reply_file(app, "pdf")


def render_pdf_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=clean_text(html)).write_pdf()




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
