"""Issue 9: a letter's DOCX/PDF typesetting (about 0.6 s) runs after the issuing action's transaction has
committed, so no row lock (case, 发文序号 sequence) is held while it runs; storing the files is an action of
its own, journaled on the document, also when a bulk-loaded document's files are set on first read."""

import datetime as dt

import pytest
from django.db import connection

from gongkai.applications import actions, documents
from gongkai.common import gongwen
from gongkai.journal.models import Event
from gongkai.rules import documents as R

from .docfiles import pdf_text

D = dt.date(2026, 3, 2)


@pytest.fixture
def spy_render(monkeypatch):
    """Records, for every letter typeset, whether it ran inside a transaction."""
    calls: list[bool] = []
    real = gongwen.render

    def spy(letter):
        calls.append(connection.in_atomic_block)
        return real(letter)

    monkeypatch.setattr(gongwen, "render", spy)
    return calls


@pytest.mark.django_db(transaction=True)
def test_letters_are_typeset_after_the_issuing_transaction_commits(received, staff, spy_render):
    app = received(D)
    actions.request_correction(staff["officer"], app, "请写明年份。", D + dt.timedelta(days=14), on=D + dt.timedelta(days=1))
    doc = documents.latest(app, R.DocKind.CORRECTION)
    assert spy_render == [False]  # typeset once, outside any transaction
    assert doc.pdf and doc.docx and doc.pages >= 1
    stored = Event.objects.for_object(doc).get(action="application.document_files_stored")
    assert stored.actor_name == "系统" and doc.number in stored.note
    issued = Event.objects.for_object(app).get(action="application.document_issued")
    assert issued.at <= stored.at
    assert "请写明年份" in pdf_text(documents.read(doc, "pdf"))
    assert spy_render == [False]  # reading the stored files typesets nothing


@pytest.mark.django_db(transaction=True)
def test_a_failed_typesetting_does_not_undo_the_issue(received, staff, monkeypatch):
    app = received(D)

    def broken(letter):
        raise OSError("字体缺失")

    monkeypatch.setattr(gongwen, "render", broken)
    actions.request_correction(staff["officer"], app, "请写明年份。", D + dt.timedelta(days=14), on=D + dt.timedelta(days=1))
    app.refresh_from_db()
    doc = documents.latest(app, R.DocKind.CORRECTION)
    assert app.correction_requested_on and doc is not None and doc.number.endswith("〔2026〕1号") and not doc.pdf
    monkeypatch.undo()
    assert "请写明年份" in pdf_text(documents.read(doc, "pdf"))  # set on first read, by the same action
    doc.refresh_from_db()
    assert doc.pdf and doc.docx
    assert Event.objects.for_object(doc).filter(action="application.document_files_stored").count() == 1


def test_bulk_loaded_documents_get_their_files_through_the_action(received, staff, spy_render):
    app = received(D)
    with actions.quiet():
        actions.request_correction(staff["officer"], app, "请写明年份。", D + dt.timedelta(days=14),
                                   on=D + dt.timedelta(days=1))
    doc = documents.latest(app, R.DocKind.CORRECTION)
    assert not doc.pdf and spy_render == []
    documents.read(doc, "docx")
    documents.read(doc, "pdf")
    doc.refresh_from_db()
    assert doc.pdf and doc.docx and len(spy_render) == 1
    assert Event.objects.for_object(doc).filter(action="application.document_files_stored").count() == 1
