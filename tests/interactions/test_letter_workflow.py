import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.interactions import actions, reporting
from gongkai.interactions.models import LetterStatus, ReplyState
from gongkai.journal.models import Event


def test_letter_is_received_with_a_hashed_password_and_journaled_without_contacts(write_letter):
    letter = write_letter(password_hash=None)
    assert letter.tracking_code.startswith("XX") and len(letter.tracking_code) == 12
    issued = letter.issued_password
    assert len(issued) == 8 and issued not in letter.query_password_hash
    assert actions.find_letter(letter.tracking_code, issued) == letter
    ev = Event.objects.get(action="interactions.letter_received")
    flat = str(ev.after) + ev.note
    assert "13812345678" not in flat and "zsf@example.com" not in flat and "张三丰" not in flat
    assert ev.after["due_on"] == letter.due_on.isoformat()


@pytest.mark.parametrize("overrides, message", [
    ({"category": "举报"}, "请选择来信类别"),
    ({"phone": "", "email": ""}, "至少填写联系电话或电子邮箱"),
    ({"writer_name": "  "}, "请填写姓名"),
])
def test_bad_letters_are_refused_with_a_chinese_message(write_letter, overrides, message):
    with pytest.raises(ValidationError) as exc:
        write_letter(**overrides)
    assert message in str(exc.value)


def test_find_letter_needs_both_code_and_password(write_letter):
    letter = write_letter()
    assert actions.find_letter(letter.tracking_code, "secret-123") == letter
    assert actions.find_letter(letter.tracking_code.lower(), "secret-123") == letter
    assert actions.find_letter(letter.tracking_code, "wrong-pass") is None
    assert actions.find_letter("XXNOSUCHCODE", "secret-123") is None
    assert actions.find_letter("", "") is None


def test_draft_review_send_publish(write_letter, staff, agency_tree):
    officer, reviewer = staff["officer"], staff["reviewer"]
    letter = write_letter()
    reply = actions.save_reply_draft(officer, letter, "您好，统计年鉴可在网站查阅。")
    assert reply.state == ReplyState.DRAFT
    with pytest.raises(ValidationError, match="审核通过后才能发送"):
        actions.send_reply(officer, reply)
    with pytest.raises(ValidationError, match="请填写审核意见"):
        actions.review_reply(reviewer, reply, approve=False)
    actions.review_reply(reviewer, reply, approve=False, note="请补充网址")
    reply.refresh_from_db()
    assert reply.state == ReplyState.DRAFT and reply.review_note == "请补充网址"
    reply = actions.save_reply_draft(officer, letter, "您好，统计年鉴可在本局网站“统计数据”栏目查阅。")
    actions.review_reply(reviewer, reply, approve=True)
    actions.send_reply(officer, reply)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ANSWERED and letter.answered_on is not None
    with pytest.raises(ValidationError, match="已经办结"):
        actions.save_reply_draft(officer, letter, "再改一次")

    # publication: personal data must be gone
    with pytest.raises(ValidationError, match="个人信息（电话号码"):
        actions.publish_letter(reviewer, letter, public_subject="统计年鉴", public_question=letter.body,
                               public_answer="可在网站查阅")
    with pytest.raises(ValidationError, match="来信人姓名"):
        actions.publish_letter(reviewer, letter, public_subject="统计年鉴", public_question="张三丰问：年鉴在哪？",
                               public_answer="可在网站查阅")
    with pytest.raises(PermissionDenied):
        actions.publish_letter(officer, letter, public_subject="统计年鉴", public_question="年鉴在哪？",
                               public_answer="可在网站查阅")
    actions.publish_letter(reviewer, letter, public_subject="统计年鉴如何获取", public_question="年鉴在哪里查阅？",
                           public_answer="可在本局网站查阅。")
    letter.refresh_from_db()
    assert letter.published_on is not None
    year = letter.received_on.year
    assert reporting.mailbox_stats([agency_tree["dept"].id], year) == {"received": 1, "answered": 1, "published": 1}
    actions_seen = list(Event.objects.filter(action__startswith="interactions.").order_by("id")
                        .values_list("action", flat=True))
    assert actions_seen == [
        "interactions.letter_received", "interactions.reply_drafted", "interactions.reply_returned",
        "interactions.reply_drafted", "interactions.reply_approved", "interactions.reply_sent",
        "interactions.letter_published",
    ]
    actions.unpublish_letter(reviewer, letter, "来信人要求撤下")
    letter.refresh_from_db()
    assert letter.published_on is None


def test_a_reviewer_cannot_approve_their_own_draft(write_letter, staff):
    letter = write_letter()
    reply = actions.save_reply_draft(staff["reviewer"], letter, "答复")
    with pytest.raises(ValidationError, match="不能审核自己起草的答复"):
        actions.review_reply(staff["reviewer"], reply, approve=True)


def test_editing_a_reviewed_reply_sends_it_back_to_review(write_letter, staff):
    letter = write_letter()
    reply = actions.save_reply_draft(staff["officer"], letter, "答复一")
    actions.review_reply(staff["reviewer"], reply, approve=True)
    reply = actions.save_reply_draft(staff["officer"], letter, "答复二")
    assert reply.state == ReplyState.DRAFT and reply.reviewed_by is None


def test_no_consent_no_publication(write_letter, staff):
    letter = write_letter(consent_publish=False)
    reply = actions.save_reply_draft(staff["officer"], letter, "答复")
    actions.review_reply(staff["reviewer"], reply, approve=True)
    actions.send_reply(staff["officer"], reply)
    with pytest.raises(ValidationError, match="未同意公开"):
        actions.publish_letter(staff["reviewer"], letter, public_subject="a", public_question="b", public_answer="c")


@pytest.mark.parametrize("who", ["stranger", "stranger_reviewer", "auditor"])
def test_other_agencies_and_non_business_roles_cannot_touch_a_letter(write_letter, staff, who):
    letter = write_letter()
    with pytest.raises(PermissionDenied):
        actions.save_reply_draft(staff[who], letter, "越权答复")
    reply = actions.save_reply_draft(staff["officer"], letter, "答复")
    with pytest.raises(PermissionDenied):
        actions.review_reply(staff[who], reply, approve=True)
    with pytest.raises(PermissionDenied):
        actions.close_letter(staff[who], letter, "越权")
    assert not Event.objects.filter(actor=staff[who]).exists()


def test_close_without_reply(write_letter, staff):
    letter = write_letter()
    with pytest.raises(ValidationError, match="办结原因"):
        actions.close_letter(staff["reviewer"], letter, "")
    actions.close_letter(staff["reviewer"], letter, "重复来信")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED
    assert Event.objects.get(action="interactions.letter_closed").note == "重复来信"
