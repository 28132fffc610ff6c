import datetime as dt
import io

import pytest
from docx import Document


@pytest.fixture
def docx_bytes():
    """docx_bytes(text) → a one-paragraph .docx holding `text` (an attachment whose words search must find)."""

    def make(text: str) -> bytes:
        doc = Document()
        doc.add_paragraph(text)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()

    return make


@pytest.fixture
def staff(agency_tree, make_user):
    dept = agency_tree["dept"]
    return {
        "agency": dept,
        "officer": make_user(dept, "officer"),
        "reviewer": make_user(dept, "reviewer"),
        "secrecy": make_user(dept, "secrecy_reviewer"),
        "outsider": make_user(agency_tree["other"], "officer"),
    }


@pytest.fixture
def publish(staff):
    """publish(data) → an item taken through the whole review workflow."""
    from gongkai.disclosures import actions

    def do(data=None, published_on=None, **kw):
        base = {"title": "泸州市2020年国民经济和社会发展统计公报", "formed_on": dt.date(2020, 3, 2),
                "body": "<p>全市地区生产总值比上年增长。</p>", "art20_item": "A20_04"}
        base.update(data or {})
        base.update(kw)
        item = actions.create_item(staff["officer"], staff["agency"], base)
        actions.submit_item(staff["officer"], item)
        actions.approve_content(staff["reviewer"], item)
        return actions.approve_secrecy(staff["secrecy"], item, published_on=published_on)

    return do
