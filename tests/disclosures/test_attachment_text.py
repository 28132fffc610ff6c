"""disclosures.attachment_text: an attachment's searchable text is extracted by one function, `extract`, at
upload (actions.add_attachment) and again for stored attachments without text (`extract_missing`, what the
disclosures_reindex command runs)."""

import datetime as dt

import pytest

from gongkai.disclosures import actions, attachment_text
from gongkai.disclosures.models import Attachment

pytestmark = pytest.mark.django_db


def test_extract_missing_reads_stored_attachments_without_text_only(staff, docx_bytes):
    officer = staff["officer"]
    item = actions.create_item(officer, staff["agency"], {
        "title": "决算说明", "formed_on": dt.date(2023, 2, 1), "body": "<p>见附件。</p>", "art20_item": "A20_04"})
    data = docx_bytes("机关运行经费支出情况说明")
    lost = actions.add_attachment(officer, item, "决算.docx", data)
    kept = actions.add_attachment(officer, item, "预算.docx", docx_bytes("一般公共预算拨款收入"))
    gone = actions.add_attachment(officer, item, "丢失.docx", docx_bytes("存储中已不存在的文件"))
    broken = actions.add_attachment(officer, item, "坏.pdf", b"%PDF-1.4\n%broken\n")
    assert lost.text == attachment_text.extract("docx", data, "决算.docx") and "机关运行经费" in lost.text
    assert broken.text == ""
    Attachment.objects.filter(pk__in=[lost.pk, gone.pk]).update(text="")  # as uploaded before extraction
    gone.file.storage.delete(gone.file.name)

    assert attachment_text.extract_missing() == 1
    texts = dict(Attachment.objects.values_list("pk", "text"))
    assert texts[lost.pk] == lost.text  # the same text as at upload
    assert texts[kept.pk] == kept.text and texts[gone.pk] == "" and texts[broken.pk] == ""
    assert attachment_text.extract_missing() == 0  # nothing left that can be read
