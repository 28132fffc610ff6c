"""Issuing the statutory documents of a case: the letter built from the case's recorded facts (wording in
rules.documents), its 发文字号 from the agency's sequence, the files (DOCX + PDF, set by common.gongwen)
stored on the case in private storage, and a journal event.

`issue` is called by the actions in applications.actions (request_correction, approve_extension,
start_consultation, issue_fee_notice, and every closing action for the 答复告知书); it never runs alone.
Inside the action's transaction it only takes the 序号 (under the sequence's row lock), records the
document with the letter's facts and journals it; the typesetting (about 0.6 s of DOCX + PDF) runs after
the transaction commits (`store_files`, an action of its own), so no row lock is held while it runs.
Bulk loads (`actions.quiet()`) leave the files out altogether; whoever first needs a document's files
(`read`) has them set by the same action, so loading a year of demo cases does not typeset a thousand letters.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import asdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from gongkai.applications.models import Application
from gongkai.applications.models_documents import DocumentSequence, IssuedDocument
from gongkai.common import gongwen
from gongkai.journal.actors import SYSTEM, action
from gongkai.journal.envelope import change
from gongkai.journal.services import record
from gongkai.rules import documents as R
from gongkai.rules.outcomes import LETTER_TITLES
from gongkai.rules.remedies import remedy_notice

defer_files: contextvars.ContextVar[bool] = contextvars.ContextVar("documents_defer_files", default=False)


def next_serial(agency, kind: str, year: int) -> int:
    """The next 序号 of `kind` for `agency` in `year`. Must run inside the issuing transaction: the
    sequence row stays locked until it commits (concurrent issuers wait), and a rollback returns the
    number, so the numbers have no gaps and no duplicates."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("发文序号只能在发文的事务中取得。")
    DocumentSequence.objects.bulk_create([DocumentSequence(agency=agency, kind=kind, year=year)],
                                         ignore_conflicts=True)
    DocumentSequence.objects.filter(agency=agency, kind=kind, year=year).update(last=F("last") + 1)
    return DocumentSequence.objects.get(agency=agency, kind=kind, year=year).last


# ---- the letters, from the case's facts ----------------------------------------------------------------

def _info(app: Application) -> str:
    return app.info_name or app.info_description[:60]


def _frame(app: Application, number: str, on: dt.date, title: str, paragraphs: list[str],
           salutation: str | None = None) -> R.Letter:
    agency = app.agency
    return R.Letter(title=title, number=number, salutation=salutation or f"{app.applicant_name}：",
                    paragraphs=paragraphs, signature=agency.name, date=R.cn_date(on),
                    contact=R.contact_lines(agency.contact_person, agency.letter_phone, agency.address))


def reply_paragraphs(app: Application) -> list[str]:
    o = app.outcome_obj
    paras = [
        f"本机关于{R.cn_date(app.receipt_date)}收到您提出的政府信息公开申请（查询码：{app.tracking_code}），"
        f"申请获取“{_info(app)}”。" + (f"因申请内容需要补正，本机关于{R.cn_date(app.correction_requested_on)}告知您补正，"
                                 f"于{R.cn_date(app.correction_received_on)}收到补正后的申请。"
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
        paras.append(remedy_notice(app.agency.reconsideration_body_name(), app.agency.court))
    return paras


def reply_title(app: Application) -> str:
    if app.outcome == "not_responsible":
        return "政府信息公开申请答复告知书（非本机关负责公开）"
    return LETTER_TITLES[app.outcome_obj.letter]


def build(app: Application, kind: R.DocKind, number: str, on: dt.date, **extra) -> tuple[R.Letter, str]:
    """(letter, recipient) of `kind` for `app` as it stands now."""
    common = {"received": app.receipt_date, "info": _info(app)}
    if kind is R.DocKind.REPLY:
        if app.outcome_obj is None:
            raise ValueError("该申请尚未作出答复，没有答复告知书。")
        return _frame(app, number, on, reply_title(app), reply_paragraphs(app)), app.applicant_name
    if kind is R.DocKind.CORRECTION:
        paras = R.correction_paragraphs(**common, tracking_code=app.tracking_code, items=app.correction_items,
                                        deadline=app.correction_deadline, requested=app.correction_requested_on)
    elif kind is R.DocKind.EXTENSION:
        paras = R.extension_paragraphs(**common, tracking_code=app.tracking_code, reason=app.extension_reason,
                                       days=app.extension_days or 0, new_due=app.due_date)
    elif kind is R.DocKind.CONSULTATION:
        paras = R.consultation_paragraphs(third_party=app.pause_reason == "third_party", party=app.pause_party,
                                          applicant_is_person=app.applicant_type == "natural_person",
                                          due=app.pause_due, **common)
        return _frame(app, number, on, R.TITLES[kind], paras, salutation=f"{app.pause_party}："), app.pause_party
    elif kind is R.DocKind.PAUSE:
        paras = R.pause_paragraphs(third_party=app.pause_reason == "third_party", party=app.pause_party,
                                   tracking_code=app.tracking_code, on=app.pause_started_on, **common)
    elif kind is R.DocKind.FEE:
        paras = R.fee_paragraphs(**common, tracking_code=app.tracking_code, **extra)
    else:  # pragma: no cover - DocKind is closed
        raise ValueError(kind)
    return _frame(app, number, on, R.TITLES[kind], paras), app.applicant_name


# ---- issuing -------------------------------------------------------------------------------------------

def issue(actor, app: Application, kind: R.DocKind, on: dt.date, **extra) -> IssuedDocument:
    """Number, record and journal one document of `app` (inside the action's transaction); its files are
    set once the transaction commits (`store_files`), outside every row lock."""
    agency = app.agency
    serial = next_serial(agency, kind.value, on.year)
    number = R.doc_number(agency.letter_code + R.DOC_KIND_CODES[kind], on.year, serial)
    letter, recipient = build(app, kind, number, on, **extra)
    doc = IssuedDocument(application=app, agency=agency, kind=kind.value, year=on.year, serial=serial,
                         number=number, title=letter.title, recipient=recipient[:200], issued_on=on,
                         issued_by=actor if getattr(actor, "is_authenticated", False) and actor.pk else None,
                         facts={"letter": asdict(letter)})
    doc.save()
    record("application.document_issued", actor=actor, obj=app, agency=agency,
           after={"文书": letter.title, "发文字号": number}, note=f"发出{letter.title}（{number}），主送{recipient}")
    if not defer_files.get():
        # robust: a failed typesetting must not look like a failed issue (the number is committed);
        # the files are then set when they are first read
        pk = doc.pk
        transaction.on_commit(lambda: store_files(SYSTEM, IssuedDocument.objects.get(pk=pk)), robust=True)
    return doc


def letter_of(doc: IssuedDocument) -> R.Letter:
    return R.Letter(**doc.facts["letter"])


class _AlreadySet(Exception):
    """Inside the envelope: another process stored the files first; nothing is saved or journaled."""


@action
def store_files(actor, doc: IssuedDocument) -> IssuedDocument:
    """Typeset `doc` from its recorded letter and store the DOCX and PDF on it. The rendering runs before
    the envelope's transaction (no lock held while it runs); under the document's row lock the files are
    saved only when still missing, so two processes racing here store one pair. Journaled on the document."""
    if doc.pdf and doc.docx:
        return doc
    out = gongwen.render(letter_of(doc))

    def mutate(d: IssuedDocument) -> str:
        if d.pdf and d.docx:
            raise _AlreadySet
        d.pages = out.pages
        d.docx.save("letter.docx", ContentFile(out.docx), save=False)
        d.pdf.save("letter.pdf", ContentFile(out.pdf), save=False)
        return f"生成{d.title}（{d.number}）的文件（DOCX、PDF，共{out.pages}页）"

    try:
        return change(actor, doc, "application.document_files_stored", mutate, roles=(), states=None)
    except _AlreadySet:
        doc.refresh_from_db()
        return doc


def read(doc: IssuedDocument, fmt: str) -> bytes:
    """The stored file of `doc` in `fmt` ("docx" or "pdf"), set first (by the platform) when missing."""
    if not doc.pdf or not doc.docx:
        doc = store_files(SYSTEM, doc)
    field = doc.docx if fmt == "docx" else doc.pdf
    with field.storage.open(field.name, "rb") as fh:
        return fh.read()


def latest(app: Application, kind: R.DocKind) -> IssuedDocument | None:
    return app.documents.filter(kind=kind.value).order_by("-issued_on", "-id").first()
