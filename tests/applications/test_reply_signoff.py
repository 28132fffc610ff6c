"""Issue 9, item 2: letters that refuse or partly refuse go to the reviewer for sign-off before they can be
issued (per agency, on by default); the sign-off is an action, journaled, and shown on the case page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import actions
from gongkai.applications.available import available_actions
from gongkai.journal.models import Event
from gongkai.rules import outcomes

D = dt.date(2026, 3, 2)
ON = dt.date(2026, 3, 10)

# table 3 group of each outcome → whether its letter needs the reviewer's sign-off (rules.md §1.5)
SIGNOFF = [
    ("already_public", False), ("disclosed", False),                     # （一）予以公开
    ("partial", True),                                                     # （二）部分公开
    ("state_secret", True), ("prohibited_by_law", True), ("three_safety", True), ("third_party", True),
    ("internal_affairs", True), ("process_info", True), ("enforcement_file", True),
    ("administrative_query", True),                                       # （三）不予公开
    ("not_held", True), ("not_responsible", True), ("needs_creation", True),
    ("unclear_after_correction", True),                                   # （四）无法提供
    ("petition", True), ("repeated", True), ("publication", True), ("excessive", True),
    ("confirm_reissue", True),                                            # （五）不予处理
    ("correction_lapsed", False), ("fee_unpaid", False), ("withdrawn", False), ("other", False),  # （六）
]


def test_the_table_covers_every_outcome():
    assert {code for code, _ in SIGNOFF} == set(outcomes.BY_CODE)


@pytest.mark.parametrize(("code", "needed"), SIGNOFF)
def test_which_letters_need_signoff(code, needed):
    assert outcomes.needs_signoff(code) is needed


def _events(app):
    return list(Event.objects.for_object(app).order_by("id").values_list("action", flat=True))


def test_issuing_a_refusal_before_signoff_is_refused(received, staff):
    app = received(D)
    before = _events(app)
    with pytest.raises(ValidationError, match="须经审核人或分管领导签发后才能发出：请先“提交签发”"):
        actions.reply(staff["officer"], app, "internal_affairs", text="属于内部事务信息。", on=ON)
    app.refresh_from_db()
    assert app.is_open and not app.documents.exists() and _events(app) == before
    actions.submit_reply_for_signoff(staff["officer"], app, "internal_affairs", text="属于内部事务信息。")
    with pytest.raises(ValidationError, match="已提交的答复稿尚未签发"):
        actions.reply(staff["officer"], app, "internal_affairs", text="属于内部事务信息。", on=ON)
    # a disclosure needs no sign-off (and the officer may still decide to disclose)
    other = received(D)
    actions.reply(staff["officer"], other, "disclosed", on=ON)
    other.refresh_from_db()
    assert not other.is_open and other.signoff_at is None


def test_signoff_is_journaled_and_the_letter_goes_out_as_signed(received, staff):
    app = received(D)
    actions.submit_reply_for_signoff(staff["officer"], app, "partial", text="第3页涉及个人隐私，已作区分处理。")
    actions.sign_off_reply(staff["reviewer"], app)
    app.refresh_from_db()
    assert app.signoff_by == staff["reviewer"] and app.signoff_at is not None
    signed = Event.objects.for_object(app).get(action="application.reply_signed_off")
    assert signed.actor_id == staff["reviewer"].pk and "部分公开" in signed.note
    with pytest.raises(ValidationError, match="与签发的答复稿不一致"):
        actions.reply(staff["officer"], app, "partial", text="改过的理由", on=ON)
    with pytest.raises(ValidationError, match="已签发的答复稿为“部分公开（区分处理）”，请按此答复类型重新提交签发"):
        actions.reply(staff["officer"], app, "not_held", on=ON)
    actions.reply(staff["officer"], app, "partial", on=ON)  # empty text: the signed one
    app.refresh_from_db()
    assert app.outcome == "partial" and app.reply_text == "第3页涉及个人隐私，已作区分处理。"
    assert app.documents.filter(kind="reply").count() == 1
    assert _events(app)[-4:] == ["application.reply_submitted", "application.reply_signed_off",
                                 "application.document_issued", "application.replied"]


def test_nobody_signs_off_their_own_draft_but_a_leader(received, staff):
    app = received(D)
    actions.submit_reply_for_signoff(staff["reviewer"], app, "not_held")
    with pytest.raises(PermissionDenied, match="不能签发本人提交的答复稿"):
        actions.sign_off_reply(staff["reviewer"], app)
    assert "reply_signoff" not in [a.name for a in available_actions(app, staff["reviewer"])]
    with pytest.raises(PermissionDenied):
        actions.sign_off_reply(staff["officer"], app)  # an officer is no reviewer
    assert "reply_signoff" not in [a.name for a in available_actions(app, staff["officer"])]
    assert {"reply_signoff", "reply_return"} <= {a.name for a in available_actions(app, staff["leader"])}
    own = received(D)
    actions.submit_reply_for_signoff(staff["leader"], own, "not_held")
    actions.sign_off_reply(staff["leader"], own)  # the leader in charge may sign off their own
    own.refresh_from_db()
    assert own.signoff_by == staff["leader"]


def test_a_returned_draft_must_be_submitted_again(received, staff):
    app = received(D)
    actions.submit_reply_for_signoff(staff["officer"], app, "process_info")
    actions.return_reply(staff["reviewer"], app, "理由写得不够具体")
    app.refresh_from_db()
    assert app.signoff_outcome == "" and app.signoff_at is None
    assert Event.objects.for_object(app).filter(action="application.reply_returned",
                                                note__contains="理由写得不够具体").exists()
    with pytest.raises(ValidationError, match="没有待签发的答复稿"):
        actions.sign_off_reply(staff["reviewer"], app)
    with pytest.raises(ValidationError, match="不需要签发"):
        actions.submit_reply_for_signoff(staff["officer"], app, "disclosed")


def test_an_agency_may_turn_the_signoff_off(received, staff, agency_tree):
    dept = agency_tree["dept"]
    assert dept.reply_signoff  # the default
    dept.reply_signoff = False
    dept.save()
    app = received(D)
    assert "reply_submit" not in [a.name for a in available_actions(app, staff["officer"])]
    actions.reply(staff["officer"], app, "not_held", on=ON)
    app.refresh_from_db()
    assert app.outcome == "not_held" and app.signoff_at is None


def test_telling_the_applicant_another_agency_holds_it_is_signed_off_first(received, staff):
    """告知由其他机关负责 (Art. 36(五)) closes as 无法提供 (表三（四）1): its letter, too, is signed off first."""
    app = received(D)
    with pytest.raises(ValidationError, match="“无法提供：不属于本机关负责公开”的答复告知书须经审核人或分管领导签发"):
        actions.transfer(staff["officer"], app, to_name="测试市市场监督管理局", on=ON)
    actions.submit_reply_for_signoff(staff["officer"], app, "not_held")
    actions.sign_off_reply(staff["reviewer"], app)
    with pytest.raises(ValidationError, match="已签发的答复稿为“无法提供：经检索没有所申请的信息”"):
        actions.transfer(staff["officer"], app, to_name="测试市市场监督管理局", on=ON)
    actions.submit_reply_for_signoff(staff["officer"], app, "not_responsible")
    actions.sign_off_reply(staff["reviewer"], app)
    actions.transfer(staff["officer"], app, to_name="测试市市场监督管理局", on=ON)
    app.refresh_from_db()
    assert app.outcome == "not_responsible" and app.documents.filter(kind="reply").count() == 1


def test_a_transfer_goes_out_only_with_the_signed_off_text(received, staff, agency_tree):
    """Issue 11 item 3 (regression): the transfer checked the signed-off outcome but not its text; a draft
    naming another agency (or saying anything else) than the letter the transfer writes is refused, as for
    every other close (the check lives once, in actions._close); a draft with the same text goes out."""
    app = received(D)
    actions.submit_reply_for_signoff(staff["officer"], app, "not_responsible", text="请向测试市公安局申请。")
    actions.sign_off_reply(staff["reviewer"], app)
    before = _events(app)
    with pytest.raises(ValidationError, match="与签发的答复稿不一致"):
        actions.transfer(staff["officer"], app, to_name="测试市市场监督管理局", on=ON)
    app.refresh_from_db()
    assert app.is_open and not app.documents.exists() and _events(app) == before
    notice = actions.transfer_notice("测试市市场监督管理局", "0830-1234567")
    actions.submit_reply_for_signoff(staff["officer"], app, "not_responsible", text=notice, basis="《条例》第三十六条第（五）项")
    actions.sign_off_reply(staff["reviewer"], app)
    with pytest.raises(ValidationError, match="与签发的答复稿不一致"):  # the contact is part of the letter
        actions.transfer(staff["officer"], app, to_name="测试市市场监督管理局", on=ON)
    actions.transfer(staff["officer"], app, to_name="测试市市场监督管理局", contact="0830-1234567", on=ON)
    app.refresh_from_db()
    assert app.outcome == "not_responsible" and app.reply_text == notice
    assert app.legal_basis == "《条例》第三十六条第（五）项"  # the signed basis, as a reply takes it
    # to an agency on the platform: the signed notice, then the new tracking code the platform adds
    other = received(D)
    actions.submit_reply_for_signoff(staff["officer"], other, "not_responsible",
                                     text=actions.transfer_notice(agency_tree["other"].name))
    actions.sign_off_reply(staff["reviewer"], other)
    actions.transfer(staff["officer"], other, to_agency=agency_tree["other"], on=ON)
    other.refresh_from_db()
    assert other.reply_text.startswith(actions.transfer_notice(agency_tree["other"].name))
    assert "新的查询码为" in other.reply_text


def test_every_close_checks_the_signoff(received, staff):
    """Issue 11 item 3: the sign-off is enforced in the common close path, so a closing action that does not
    ask for it itself cannot issue a refusal unsigned; closes without a letter to sign pass."""
    app = received(D)
    app.refresh_from_db()
    with pytest.raises(ValidationError, match="须经审核人或分管领导签发后才能发出"):
        actions._close(app, "not_held", ON)
    actions._close(app, "withdrawn", ON)  # needs no sign-off
    assert app.outcome == "withdrawn"
    imported = received(D)
    imported.imported = True
    imported.save(update_fields=["imported"])
    actions.close_imported(staff["officer"], imported, "not_held", ON)  # a past ledger's case: no letter to sign
    imported.refresh_from_db()
    assert imported.outcome == "not_held" and not imported.documents.exists()
