"""Which handling actions a case offers, declared once: the case page shows a button for each action of
`available_actions(app, user)` and the action view (`applications:act`) accepts exactly those.

An action is available when the user holds one of its roles at the case's agency and `when(app)` holds
for the case's current state; the action function checks again under the row lock.
"""

from __future__ import annotations

from gongkai.applications import actions, forms
from gongkai.applications.deadlines import today
from gongkai.applications.models import Application, State
from gongkai.common.actionview import Action, Menu
from gongkai.rules.clock import CORRECTION_DEFAULT_WORKDAYS
from gongkai.workcalendar.service import get_calendar

HANDLE = tuple(actions.HANDLE_ROLES)
APPROVE = tuple(actions.APPROVE_ROLES)
CONSULTATION = ("third_party", "inter_agency")


# ---- the case's state, as the page and the view see it -------------------------------------------

def _received(app: Application) -> bool:
    """Open and its receipt date known: the handling steps of Art. 30–36 apply."""
    return app.is_open and app.receipt_date is not None


def _consulting(app: Application) -> bool:
    return app.clock_paused and app.pause_reason in CONSULTATION


def _awaiting_fee(app: Application) -> bool:
    return app.clock_paused and app.pause_reason == "fee"


def _free(app: Application) -> bool:
    """Received and not waiting on anyone (no correction, consultation or fee pending)."""
    return _received(app) and not app.awaiting_correction and not _consulting(app) and not _awaiting_fee(app)


def _extension_pending(app: Application) -> bool:
    return app.is_open and bool(app.extension_days) and not app.extension_approved_on


def _may_submit_signoff(app: Application) -> bool:
    return _free(app) and app.agency.reply_signoff and not actions.signoff_pending(app)


def _reply_initial(app: Application) -> dict:
    """The reply form opens with the signed-off draft, when there is one."""
    if app.signoff_at and app.signoff_outcome:
        return {"on": today(), "outcome": app.signoff_outcome, "text": app.signoff_text, "basis": app.signoff_basis}
    return {"on": today()}


def _replied(app: Application) -> bool:
    return not app.is_open and app.state == State.REPLIED


# ---- form initial values and arguments -------------------------------------------------------------

def _dated(app: Application) -> dict:
    return {"on": today()}


def _correction_initial(app: Application) -> dict:
    d = today()
    return {"on": d, "deadline": get_calendar().add_workdays(d, CORRECTION_DEFAULT_WORKDAYS)}


def _handlers(app: Application):
    from gongkai.accounts.models import User
    from gongkai.agencies.models import Membership

    ids = Membership.objects.filter(agency=app.agency, role__in=actions.HANDLE_ROLES).values("user_id")
    return User.objects.filter(id__in=ids, is_active=True).order_by("username")


# ---- the menu, in page order -------------------------------------------------------------------------

MENU = Menu([
    Action("confirm", "确认收到", lambda u, a, d: actions.confirm_receipt(u, a, d["on"]),
           roles=HANDLE, when=lambda a: a.is_open and a.state == State.REGISTERED,
           form=forms.DateForm, initial=_dated),
    Action("assign", "指定承办人", lambda u, a, d: actions.assign(u, a, d["handler"]),
           roles=HANDLE, when=lambda a: a.is_open, form=forms.AssignForm,
           initial=lambda a: {"handler": a.handler_id}, form_kwargs=lambda a: {"handlers": _handlers(a)}),
    Action("accept", "审核通过，转入办理", lambda u, a, d: actions.accept(u, a),
           roles=HANDLE, when=lambda a: a.is_open and a.state == State.REVIEW and not a.awaiting_correction),
    Action("correction", "告知补正",
           lambda u, a, d: actions.request_correction(u, a, d["items"], d["deadline"], on=d["on"]),
           roles=HANDLE, when=lambda a: _received(a) and not a.correction_requested_on,
           form=forms.CorrectionRequestForm, initial=_correction_initial),
    Action("correction_answer", "登记收到补正",
           lambda u, a, d: actions.answer_correction(u, a, d["result"], on=d["on"]),
           roles=HANDLE, when=lambda a: _received(a) and a.awaiting_correction,
           form=forms.ConsultationEndForm, initial=_dated),
    Action("correction_lapse", "登记逾期未补正", lambda u, a, d: actions.lapse_correction(u, a, on=d["on"]),
           roles=HANDLE, when=lambda a: _received(a) and a.awaiting_correction,
           form=forms.DateForm, initial=_dated),
    Action("consultation_end", "征求意见结束",
           lambda u, a, d: actions.end_consultation(u, a, d["result"], on=d["on"]),
           roles=HANDLE, when=lambda a: _received(a) and not a.awaiting_correction and _consulting(a),
           form=forms.ConsultationEndForm, initial=_dated),
    Action("fee_delivered", "登记收费通知送达",
           lambda u, a, d: actions.record_fee_notice_delivery(u, a, d["via"], on=d["on"]),
           roles=HANDLE, when=lambda a: _received(a) and not a.awaiting_correction and not _consulting(a)
           and _awaiting_fee(a) and not a.fee_notice_received_on,
           form=forms.FeeDeliveryForm, initial=lambda a: {"on": today(), "via": "post"}),
    Action("fee_paid", "登记缴费", lambda u, a, d: actions.record_fee_payment(u, a, d["amount"], on=d["on"]),
           roles=HANDLE,
           when=lambda a: _received(a) and not a.awaiting_correction and not _consulting(a) and _awaiting_fee(a),
           form=forms.FeePaymentForm, initial=lambda a: {"on": today(), "amount": a.fee_amount}),
    Action("fee_lapse", "登记逾期未缴费", lambda u, a, d: actions.lapse_fee(u, a, on=d["on"]),
           roles=HANDLE,
           when=lambda a: _received(a) and not a.awaiting_correction and not _consulting(a) and _awaiting_fee(a),
           form=forms.DateForm, initial=_dated),
    Action("consultation", "征求意见",
           lambda u, a, d: actions.start_consultation(u, a, d["kind"], d["party"], on=d["on"]),
           roles=HANDLE, when=_free, form=forms.ConsultationForm, initial=_dated),
    Action("fee_notice", "发收费通知",
           lambda u, a, d: actions.issue_fee_notice(u, a, d["method"], pages=d["pages"] or 0, items=d["items"] or 1,
                                                    on=d["on"]),
           roles=HANDLE, when=lambda a: _free(a) and not a.fee_notice_on, form=forms.FeeNoticeForm, initial=_dated),
    Action("extension", "申请延期", lambda u, a, d: actions.request_extension(u, a, d["days"], d["reason"]),
           roles=HANDLE, when=lambda a: _free(a) and not a.extension_days, form=forms.ExtensionForm,
           success="已提交延期申请，等待审核人或分管领导批准。"),
    Action("delay", "延迟答复（第三十五条）",
           lambda u, a, d: actions.set_delayed_reply(u, a, d["until"], d["reason"], on=d["on"]),
           roles=HANDLE, when=_free, form=forms.DelayForm, initial=_dated),
    Action("reply_submit", "答复稿提交签发",
           lambda u, a, d: actions.submit_reply_for_signoff(u, a, d["outcome"], text=d["text"], basis=d["basis"]),
           roles=HANDLE, when=_may_submit_signoff, form=forms.SignoffForm,
           success="答复稿已提交，等待审核人或分管领导签发。"),
    Action("reply", "答复",
           lambda u, a, d: actions.reply(u, a, d["outcome"], text=d["text"], basis=d["basis"], on=d["on"],
                                         files=d.get("attachments")),
           roles=HANDLE, when=_free, form=forms.ReplyForm, initial=_reply_initial),
    Action("transfer", "告知由其他机关负责",
           lambda u, a, d: actions.transfer(u, a, to_agency=d["to_agency"], to_name=d["to_name"],
                                            contact=d["contact"], on=d["on"]),
           roles=HANDLE, when=_free, form=forms.TransferForm, initial=_dated),
    Action("withdraw", "登记撤回", lambda u, a, d: actions.withdraw(u, a, d["reason"], on=d["on"]),
           roles=HANDLE, when=_received, form=forms.WithdrawForm, initial=_dated),
    Action("extension_approve", "批准延期", lambda u, a, d: actions.approve_extension(u, a, on=d["on"]),
           roles=APPROVE, when=_extension_pending, form=forms.DateForm, initial=_dated),
    Action("extension_reject", "不批准延期", lambda u, a, d: actions.reject_extension(u, a, d["reason"]),
           roles=APPROVE, when=_extension_pending, form=forms.ReasonForm),
    Action("reply_signoff", "签发答复", lambda u, a, d: actions.sign_off_reply(u, a),
           roles=APPROVE, when=lambda a: a.is_open and actions.signoff_pending(a), refusal=actions.own_draft_refusal),
    Action("reply_return", "退回答复稿", lambda u, a, d: actions.return_reply(u, a, d["reason"]),
           roles=APPROVE, when=lambda a: a.is_open and actions.signoff_pending(a), form=forms.ReasonForm),
    Action("deliver", "登记送达", lambda u, a, d: actions.deliver(u, a, d["via"], on=d["on"]),
           roles=HANDLE, when=lambda a: _replied(a) and not a.delivered_on,
           form=forms.DeliverForm, initial=lambda a: {"on": today(), "via": a.delivery_method}),
    Action("archive", "归档", lambda u, a, d: actions.archive(u, a, on=d["on"]),
           roles=HANDLE, when=_replied, form=forms.DateForm, initial=_dated),
])



# revealing the applicant's full contact data: not a handling step, so a menu of its own (the case page
# shows the button when it is allowed; its POST goes through the same action view)
CONTACT_MENU = Menu([
    Action("reveal", "查看完整信息", lambda u, a, d: actions.reveal_contact(u, a), roles=HANDLE,
           success=f"已显示申请人完整信息（{actions.REVEAL_MINUTES}分钟内有效），本次查看已记录。"),
])


# not handling steps either, open whatever the case's state: 转为主动公开 (《条例》第四十四条) and the counter's
# 查询密码 reset (applications.password_reset); POSTed through the same action view at their own path
CASE_MENU = Menu([
    Action("promote", "转为主动公开", lambda u, a, d: actions.promote_to_proactive(u, [a], title=d["title"]),
           roles=tuple(actions.PROMOTE_ROLES), form=forms.PromoteForm,
           initial=lambda a: {"title": (a.info_name or a.info_description[:60]).strip()},
           success=lambda a, d: f"已建主动公开信息草稿“{d['_result'].title}”（《条例》第四十四条），"
                                "请到主动公开台账完善内容后提交审核。"),
    Action("password_reset", "重置查询密码（窗口办理）",
           lambda u, a, d: actions.reset_query_password(u, a, via="counter"),
           roles=HANDLE, form=forms.CounterPasswordResetForm,
           success=lambda a, d: f"已重置查询密码，新的查询密码为 {d['_result']}（请当面告知申请人，只显示这一次）。"),
])


def available_actions(app: Application, user) -> list[Action]:
    """The actions `user` may perform on `app` now, in page order."""
    return MENU.available(app, user)
