"""Every state change of an application, each an `@action` taking its actor first: the shared envelope
(`gongkai.journal.envelope`) locks the row, checks state and permission, runs the change, and journals
what changed, in one transaction; `_change` adds what is particular to applications (the stored clock is
refreshed before the save, and the applicant is notified when the transaction commits). Views, CLI,
import and demo call these, nothing else.

Who acts: a staff account, `SYSTEM`, or the applicant online (`APPLICANT_ONLINE`, allowed where the
action's roles include `PUBLIC`). Errors for the user are ValidationError / PermissionDenied with
Chinese messages.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import secrets
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.scoping import has_role
from gongkai.applications import deadlines, documents, passwords
from gongkai.applications.models import OPEN_STATES, Application, State
from gongkai.common import privacy, uploads
from gongkai.journal.actors import PUBLIC, action, authorize, public
from gongkai.journal.envelope import change, create
from gongkai.journal.services import record, snapshot
from gongkai.rules import documents as docrules
from gongkai.rules import fees, idcard, outcomes
from gongkai.rules.clock import (
    CONSULTATION_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    EXTENSION_MAX_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    ClockError,
    Kind,
)
from gongkai.rules.documents import DocKind
from gongkai.rules.receipt import Channel, ReceiptError, confirmation_problem, date_problems, receipt_date

# applicants' and staff's attachments (private storage); the ledger import takes only .xlsx
ATTACHMENT_TYPES = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "xlsx", "txt")
ATTACHMENT_MAX_FILES = 5
ATTACHMENT_HARD_MAX_BYTES = 10 * 1024 * 1024


def attachment_max_bytes() -> int:
    return uploads.configured_max_bytes(ATTACHMENT_HARD_MAX_BYTES)


def check_attachments(files) -> list:
    return uploads.check_all(files, ATTACHMENT_TYPES, attachment_max_bytes(), ATTACHMENT_MAX_FILES)


# the applicant acting online (status page after the query password), as the journal names them
APPLICANT_ONLINE = public("申请人（网上）")

HANDLE_ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)
APPROVE_ROLES = (Role.REVIEWER, Role.LEADER)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

APPLICANT_FIELDS = [
    "applicant_type", "applicant_name", "id_type", "id_number", "credit_code", "legal_representative",
    "contact_person", "phone", "email", "address", "postcode", "info_name", "doc_no", "info_description",
    "purpose", "provision_form", "delivery_method",
]


def new_tracking_code(year: int) -> str:
    return f"{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_password() -> str:
    return passwords.generate()


def _today(on: dt.date | None) -> dt.date:
    return on or deadlines.today()


def _change(actor, app: Application, name: str, mutate: Callable[[Application], str | None], *,
            roles=HANDLE_ROLES, states=OPEN_STATES, notify: str = "",
            issue: Callable[[Application], None] | None = None) -> Application:
    """The shared envelope around `mutate(locked_app)` (returns the journal note), plus: statutory clock
    errors become ValidationError, the stored clock is refreshed before the save, `issue(locked_app)` then
    issues the statutory documents of the step (applications.documents, same transaction), and the
    applicant's message for `notify` is sent once the transaction commits (not for imported cases)."""

    def run(a: Application) -> str | None:
        try:
            note = mutate(a)
        except (ClockError, ReceiptError) as exc:
            raise ValidationError(str(exc)) from exc
        if notify and not a.imported:
            _notify_on_commit(a, notify)
        return note

    def before_save(a: Application) -> None:
        deadlines.refresh(a)
        if issue is not None and not a.imported:
            issue(a)

    return change(actor, app, name, run, roles=roles, states=states, before_save=before_save)


def _issuer(actor, *kinds: DocKind, on: dt.date, **extra) -> Callable[[Application], None]:
    def run(a: Application) -> None:
        for kind in kinds:
            documents.issue(actor, a, kind, on, **extra)

    return run


_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("applications_quiet", default=False)


@contextlib.contextmanager
def quiet():
    """No applicant messages for the actions inside (demo data, bulk loads)."""
    token = _quiet.set(True)
    files = documents.defer_files.set(True)
    try:
        yield
    finally:
        documents.defer_files.reset(files)
        _quiet.reset(token)


def _notify_on_commit(app: Application, step: str) -> None:
    from gongkai.applications import tasks

    if _quiet.get():
        return
    pk = app.pk
    transaction.on_commit(lambda: tasks.notify_applicant(pk, step))


def _check_applicant(data: dict) -> None:
    errors = {}
    if not (data.get("applicant_name") or "").strip():
        errors["applicant_name"] = "请填写申请人姓名或名称。"
    if not (data.get("info_description") or "").strip() and not (data.get("info_name") or "").strip():
        errors["info_description"] = "请填写所需政府信息的名称、文号或便于查询的特征性描述。"
    if data.get("applicant_type") == "natural_person":
        if not data.get("id_number"):
            errors["id_number"] = "自然人申请须填写身份证件号码。"
    elif data.get("applicant_type") and not data.get("credit_code"):
        errors["credit_code"] = "法人或其他组织申请须填写统一社会信用代码。"
    if data.get("id_type") == "id_card" and data.get("id_number") and (problem := idcard.problem(data["id_number"])):
        errors["id_number"] = problem
    if not (data.get("phone") or data.get("email") or data.get("address")):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）。"
    if errors:
        raise ValidationError(errors)


def _create(agency: Agency, data: dict, *, channel: Channel, arrival: dt.date, confirmed: dt.date | None,
            password: str, token: str | None, imported: bool = False) -> Application:
    app = Application(agency=agency, channel=channel.value, is_oral=channel is Channel.ORAL,
                      arrival_date=arrival, confirmed_date=confirmed, submit_token=token, imported=imported)
    for f in APPLICANT_FIELDS:
        if f in data and data[f] is not None:
            setattr(app, f, data[f])
    app.query_password_hash = passwords.make(password)
    for _ in range(5):
        app.tracking_code = new_tracking_code(arrival.year)
        if not Application.objects.filter(tracking_code=app.tracking_code).exists():
            break
    try:
        rd = receipt_date(channel, arrival, confirmed)
    except ReceiptError as exc:
        raise ValidationError(str(exc)) from exc
    app.save()
    if rd is not None:
        _start_clock(app, rd)
    return app


def _start_clock(app: Application, rd: dt.date) -> None:
    app.receipt_date = rd
    app.state = State.REVIEW
    deadlines.add(app, Kind.RECEIVED, rd)
    deadlines.refresh(app)
    app.save()


def _save_attachments(app: Application, files, kind: str = "applicant") -> None:
    from gongkai.applications.models import Attachment

    for f in files or ():
        uploads.check(f, ATTACHMENT_TYPES, attachment_max_bytes())
        Attachment.objects.create(application=app, kind=kind, file=f, name=Path(f.name).name[:200], size=f.size,
                                  content_type=(getattr(f, "content_type", "") or "")[:100])


def _once(actor, token: str | None, roles, make: Callable[[], Application]) -> tuple[Application, bool]:
    """(application, created): `make()` creates and journals the application, unless `token` (one per
    rendered public form, "api<token id>:<external id>" for the API, "demo:…" for demo data) already names
    one, which is then returned as it is, to an actor who may act at its agency with `roles`, nothing written.
    Two submissions racing with the same token meet at the column's unique constraint: the loser gets the
    winner's application. Every intake that takes a token (public form, API, demo data) goes through here."""
    def named() -> Application | None:
        return Application.objects.filter(submit_token=token).select_related("agency").first() if token else None

    if (existing := named()) is None:
        try:
            return make(), True
        except IntegrityError:
            if (existing := named()) is None:
                raise
    authorize(actor, existing.agency, roles)
    return existing, False


@action
def submit_online(actor, agency: Agency, data: dict, *, token: str, on: dt.date | None = None,
                  ip: str | None = None, files=None) -> tuple[Application, str | None, bool]:
    """Public intake (actor: APPLICANT_ONLINE). Returns (application, password or None when a double
    submit, created). The same `token` (one per rendered form) always yields the same single application."""
    if not agency.may_receive_applications:
        raise ValidationError("该机关不受理政府信息公开申请，请选择其他机关。")
    _check_applicant(data)
    password = new_password()

    def build() -> Application:
        app = _create(agency, data, channel=Channel.ONLINE, arrival=_today(on), confirmed=None,
                      password=password, token=token)
        _save_attachments(app, files)
        _notify_on_commit(app, "submitted")
        return app

    app, created = _once(actor, token, (PUBLIC,), lambda: create(
        actor, agency, "application.submitted", build, roles=(PUBLIC,), ip=ip,
        note="网上提交申请，等待双方确认收到（《条例》第三十一条）"))
    return app, password if created else None, created


@action
def register(actor, agency: Agency, data: dict, *, channel: Channel | str, arrival: dt.date,
             confirmed: dt.date | None = None, imported: bool = False, files=None,
             token: str | None = None) -> tuple[Application, str | None]:
    """Staff registration of an application received by letter, post, in person, orally, fax or email
    (also by another system through the API, and the ledger import). Returns (application, query password);
    `token` (optional) makes a repeat idempotent, as for online submissions: the application the token
    already names comes back with None for the password (the API's `external_id`, demo data)."""
    if problems := date_problems(arrival, confirmed, deadlines.today()):
        raise ValidationError(problems)
    password = new_password()
    label = Application(channel=getattr(channel, "value", channel)).get_channel_display()

    def build() -> Application:
        _check_applicant(data)
        app = _create(agency, data, channel=Channel(channel), arrival=arrival, confirmed=confirmed,
                      password=password, token=token, imported=imported)
        _save_attachments(app, files)
        if not imported:
            _notify_on_commit(app, "submitted")
        return app

    app, created = _once(actor, token, HANDLE_ROLES, lambda: create(
        actor, agency, "application.registered", build, roles=HANDLE_ROLES, note=f"登记申请（{label}）"))
    return app, password if created else None


@action
def confirm_receipt(actor, app: Application, on: dt.date) -> Application:
    def do(a: Application) -> str:
        if a.receipt_date:
            raise ValidationError("该申请已确认收到，不需要重复确认。")
        if problem := confirmation_problem(on, deadlines.today()):
            raise ValidationError(f"{problem}。")
        rd = receipt_date(a.channel, a.arrival_date, on)
        a.confirmed_date = on
        a.receipt_date = rd
        a.state = State.REVIEW
        deadlines.add(a, Kind.RECEIVED, rd)
        return f"与申请人确认收到，收到申请之日为 {rd:%Y年%m月%d日}"

    return _change(actor, app, "application.receipt_confirmed", do, states=(State.REGISTERED,), notify="received")


@action
def assign(actor, app: Application, handler) -> Application:
    if not has_role(handler, app.agency, *HANDLE_ROLES):
        raise ValidationError(f"{handler} 不是本机关的承办人员。")

    def do(a):
        a.handler = handler
        return f"指定承办人：{getattr(handler, 'display_name', handler)}"

    return _change(actor, app, "application.assigned", do)


@action
def accept(actor, app: Application) -> Application:
    def do(a):
        if a.awaiting_correction:
            raise ValidationError("申请人尚未补正，不能转入办理。")
        a.state = State.HANDLING
        return "审核通过，转入办理"

    return _change(actor, app, "application.accepted", do, states=(State.REVIEW,))


@action
def request_correction(actor, app: Application, items: str, deadline: dt.date, on: dt.date | None = None):
    on = _today(on)
    items = (items or "").strip()
    if not items:
        raise ValidationError("请写明需要补正的事项。")

    def do(a):
        if a.correction_requested_on:
            raise ValidationError("补正只能一次性告知（《条例》第三十条），本申请已告知过补正。")
        if a.correction_notice_due and on > a.correction_notice_due:
            raise ValidationError(f"补正须在收到申请之日起{CORRECTION_NOTICE_WORKDAYS}个工作日内告知（最迟 {a.correction_notice_due:%Y-%m-%d}）。")
        if deadline <= on:
            raise ValidationError("补正期限须晚于告知日期，请给出合理的补正期限。")
        deadlines.add(a, Kind.CORRECTION_REQUESTED, on)
        a.correction_items, a.correction_requested_on, a.correction_deadline = items, on, deadline
        return f"告知补正，补正期限至 {deadline:%Y-%m-%d}：{items}"

    return _change(actor, app, "application.correction_requested", do, notify="correction_requested",
                   issue=_issuer(actor, DocKind.CORRECTION, on=on))


@action
def answer_correction(actor, app: Application, text: str, on: dt.date | None = None, *,
                      files=None) -> Application:
    """The applicant's correction (online on the status page: actor APPLICANT_ONLINE; or registered by staff)."""
    on = _today(on)
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写补正内容。")

    def do(a):
        if not a.awaiting_correction:
            raise ValidationError("本申请没有待补正的事项。")
        deadlines.add(a, Kind.CORRECTION_RECEIVED, on)
        a.correction_answer, a.correction_received_on = text, on
        _save_attachments(a, files, kind="correction")
        return "收到补正，答复期限自收到补正之日起重新计算"

    return _change(actor, app, "application.correction_received", do,
                   roles=(*HANDLE_ROLES, PUBLIC), notify="correction_received")


def _close(a: Application, code: str, on: dt.date, basis: str = "", text: str = "", *, own_text: str = "") -> None:
    """Close `a` with outcome `code` on `on`: every closing action (reply, transfer, withdrawal, lapses, the
    ledger import) ends here, so the sign-off rule is checked here once and none can skip it.

    The letter's text and legal basis: `text` and `basis` as the officer gave them; an empty one takes the
    signed-off draft's, then the outcome's standard (its decision sentence, or `own_text` when the action
    writes the text itself from the facts, as the transfer does: the text given is then `own_text`). A letter
    that needs sign-off (`signoff_required`) goes out only as it was signed off: same outcome, same text, same
    basis (a part the draft left empty reads as the standard one); anything else is refused with what to do."""
    o = outcomes.get(code)
    if a.receipt_date is None:
        raise ValidationError("尚未确认收到申请，不能办结。")
    if on < a.receipt_date:
        raise ValidationError("办结日期不能早于收到申请之日。")
    standard_text, text = own_text or o.decision, own_text or text
    if needs := signoff_required(a, o.code):
        _require_signoff(a, o.code)
        text, basis = text or a.signoff_text, basis or a.signoff_basis
    text, basis = text or standard_text, basis or o.basis
    if needs and (text, basis) != (a.signoff_text or standard_text, a.signoff_basis or o.basis):
        if own_text:
            raise ValidationError("告知书内容与签发的答复稿不一致：本操作按所填的机关和联系方式写告知书，"
                                  "请将答复稿的“答复内容”留空（或写成相同的内容）后重新提交签发。")
        raise ValidationError("答复类型、内容或法律依据与签发的答复稿不一致：请按签发稿答复，或修改后重新提交签发。")
    deadlines.add(a, Kind.CLOSED, on)
    a.outcome, a.outcome_row = o.code, o.row_2021
    a.legal_basis, a.reply_text = basis, text
    a.closed_on, a.is_open, a.state = on, False, State.REPLIED
    a.pause_reason = ""


@action
def lapse_correction(actor, app: Application, on: dt.date | None = None) -> Application:
    on = _today(on)

    def do(a):
        if not a.awaiting_correction or not a.correction_deadline:
            raise ValidationError("本申请没有待补正的事项。")
        if on <= a.correction_deadline:
            raise ValidationError(f"补正期限（{a.correction_deadline:%Y-%m-%d}）尚未届满。")
        _close(a, "correction_lapsed", on)
        return "申请人逾期未补正，视为放弃申请"

    return _change(actor, app, "application.correction_lapsed", do, notify="replied",
                   issue=_issuer(actor, DocKind.REPLY, on=on))


@action
def start_consultation(actor, app: Application, kind: str, party: str, on: dt.date | None = None):
    on = _today(on)
    if kind not in ("third_party", "inter_agency"):
        raise ValidationError("征求意见类型须为第三方或其他机关。")
    if not (party or "").strip():
        raise ValidationError("请填写征求意见的对象。")

    def do(a):
        if a.clock_paused:
            raise ValidationError("计时已暂停（正在征求意见或等待缴费），请先结束当前事项。")
        deadlines.add(a, Kind.PAUSED, on, days=CONSULTATION_WORKDAYS)
        a.pause_reason, a.pause_party, a.pause_started_on = kind, party.strip(), on
        label = "第三方" if kind == "third_party" else "其他机关"
        art = "第三十二条" if kind == "third_party" else "第三十四条"
        return f"书面征求{label}（{party}）意见，对方{CONSULTATION_WORKDAYS}个工作日内答复，期间不计入答复期限（《条例》{art}）"

    return _change(actor, app, f"application.consultation_{kind}_started", do, states=(State.REVIEW, State.HANDLING),
                   notify="paused", issue=_issuer(actor, DocKind.CONSULTATION, DocKind.PAUSE, on=on))


@action
def end_consultation(actor, app: Application, result: str = "", on: dt.date | None = None):
    on = _today(on)

    def do(a):
        if a.pause_reason not in ("third_party", "inter_agency"):
            raise ValidationError("当前没有进行中的征求意见。")
        deadlines.add(a, Kind.RESUMED, on)
        a.pause_reason = ""
        return f"征求意见结束，恢复计时。{result}".strip()

    return _change(actor, app, "application.consultation_ended", do, notify="resumed")


@action
def request_extension(actor, app: Application, days: int, reason: str):
    if not 1 <= int(days) <= EXTENSION_MAX_WORKDAYS:
        raise ValidationError(f"延长的期限须为 1 至 {EXTENSION_MAX_WORKDAYS} 个工作日（《条例》第三十三条）。")
    if not (reason or "").strip():
        raise ValidationError("请写明延期理由。")

    def do(a):
        if a.extended:
            raise ValidationError("延期答复只能一次，本申请已延期。")
        if a.extension_days and not a.extension_approved_on:
            raise ValidationError("已有待审批的延期申请。")
        a.extension_days, a.extension_reason = int(days), reason.strip()
        a.extension_requested_by = actor if getattr(actor, "is_authenticated", False) else None
        return f"申请延期 {days} 个工作日：{reason}"

    return _change(actor, app, "application.extension_requested", do)


@action
def approve_extension(actor, app: Application, on: dt.date | None = None):
    on = _today(on)

    def do(a):
        if not a.extension_days or a.extension_approved_on:
            raise ValidationError("没有待审批的延期申请。")
        own = actor.pk is not None and a.extension_requested_by_id == actor.pk
        if own and not has_role(actor, a.agency, Role.LEADER):
            raise PermissionDenied("延期须由审核人或分管领导批准，不能批准本人提出的延期。")
        deadlines.add(a, Kind.EXTENDED, on, days=a.extension_days)
        a.extension_approved_on = on
        return f"批准延期 {a.extension_days} 个工作日，并告知申请人"

    return _change(actor, app, "application.extension_approved", do, roles=APPROVE_ROLES, notify="extended",
                   issue=_issuer(actor, DocKind.EXTENSION, on=on))


@action
def reject_extension(actor, app: Application, reason: str = ""):
    def do(a):
        if not a.extension_days or a.extension_approved_on:
            raise ValidationError("没有待审批的延期申请。")
        a.extension_days, a.extension_reason, a.extension_requested_by = None, "", None
        return f"不批准延期。{reason}".strip()

    return _change(actor, app, "application.extension_rejected", do, roles=APPROVE_ROLES)


@action
def set_delayed_reply(actor, app: Application, until: dt.date, reason: str, on: dt.date | None = None):
    on = _today(on)

    def do(a):
        deadlines.add(a, Kind.DELAYED, on, due=until)
        a.delayed_until = until
        return f"申请数量、频次明显超过合理范围，确定延迟答复至 {until:%Y-%m-%d}（《条例》第三十五条）：{reason}"

    return _change(actor, app, "application.delayed", do, notify="extended")


def earlier_this_month(app: Application) -> int:
    """Counted applications by the same applicant (same ID/credit number) at this agency earlier in the
    natural month of this one's receipt (109号 按件)."""
    if not app.receipt_date:
        return 0
    key = {"credit_code": app.credit_code} if app.credit_code else {"id_number": app.id_number}
    if not next(iter(key.values())):
        return 0
    first = app.receipt_date.replace(day=1)
    return (Application.objects.filter(agency_id=app.agency_id, receipt_date__gte=first, **key)
            .filter(receipt_date__lt=app.receipt_date).count()
            + Application.objects.filter(agency_id=app.agency_id, receipt_date=app.receipt_date, pk__lt=app.pk,
                                         **key).count())


@action
def issue_fee_notice(actor, app: Application, method: str, *, pages: int = 0, items: int = 1,
                     on: dt.date | None = None):
    on = _today(on)
    try:
        method = fees.FeeMethod(method)
    except ValueError:
        raise ValidationError("收费方式须为按件计收或按量计收。") from None

    def do(a):
        if a.clock_paused:
            raise ValidationError("计时已暂停，请先结束当前事项再发收费通知。")
        if a.fee_notice_on:
            raise ValidationError("本申请已发过收费通知。")
        try:
            amount = fees.compute_fee(method, earlier_this_month=earlier_this_month(a), items=items, pages=pages)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if amount <= 0:
            raise ValidationError("按所选方式计算的信息处理费为 0 元，不需要发收费通知。")
        # the payment window runs from the day after the notice is received (109号), not from issuing:
        # the pause has no end date of its own until the delivery is recorded (record_fee_notice_delivery)
        deadlines.add(a, Kind.PAUSED, on)
        a.fee_method, a.fee_amount, a.fee_notice_on = method.value, Decimal(amount), on
        a.fee_notice_received_on, a.fee_notice_received_via = None, ""
        a.pause_reason, a.pause_started_on, a.pause_party = "fee", on, ""
        facts.update(method_label=fees.FEE_METHOD_LABELS[method],
                     standard=docrules.ITEM_STANDARD if method is fees.FeeMethod.BY_COUNT else docrules.VOLUME_STANDARD,
                     calculation=docrules.fee_calculation(method, earlier_this_month=earlier_this_month(a),
                                                          items=items, pages=pages),
                     amount=str(amount), payment=FEE_PAYMENT_TEXT)
        return (f"发出收费通知：{fees.FEE_METHOD_LABELS[method]} {amount} 元，申请人应在收到通知次日起{FEE_PAYMENT_WORKDAYS}个工作日内缴纳，"
                "期间不计入答复期限")

    facts: dict = {}

    def issue(a: Application) -> None:
        documents.issue(actor, a, DocKind.FEE, on, **facts)

    return _change(actor, app, "application.fee_notice", do, states=(State.HANDLING, State.REVIEW), notify="fee_notice",
                   issue=issue)


FEE_PAYMENT_TEXT = ("请凭本机关开具的非税收入缴款书，通过代收银行或非税收入电子缴款渠道缴入国库，"
                    "并将缴款凭证交本机关政府信息公开工作机构。")


@action
def record_fee_notice_delivery(actor, app: Application, via: str, on: dt.date | None = None):
    """The applicant received the 收费通知书: online, the day it was shown on the status page (actor
    APPLICANT_ONLINE); by post, the signed-for date the officer enters. The payment window starts the next day."""
    from gongkai.applications.models_documents import DeliveryChannel

    on = _today(on)
    if via not in DeliveryChannel.values:
        raise ValidationError("送达方式须为网上查看、邮寄、当面领取或电子邮件。")

    def do(a):
        if a.pause_reason != "fee" or not a.fee_notice_on:
            raise ValidationError("本申请没有待送达的收费通知。")
        if a.fee_notice_received_on:
            raise ValidationError(f"收费通知已于{a.fee_notice_received_on:%Y-%m-%d}送达。")
        if on < a.fee_notice_on:
            raise ValidationError("送达日期不能早于收费通知发出日期。")
        if on > deadlines.today():
            raise ValidationError("送达日期不能晚于今天。")
        a.fee_notice_received_on, a.fee_notice_received_via = on, via
        doc = documents.latest(a, DocKind.FEE)
        if doc is not None:
            doc.delivered_on, doc.delivered_via = on, via
            doc.save(update_fields=["delivered_on", "delivered_via"])
        label = DeliveryChannel(via).label
        return f"收费通知已送达（{label}，{on:%Y-%m-%d}），缴费期限自次日起{FEE_PAYMENT_WORKDAYS}个工作日"

    return _change(actor, app, "application.fee_notice_delivered", do, roles=(*HANDLE_ROLES, PUBLIC))


@action
def record_fee_payment(actor, app: Application, amount: Decimal, on: dt.date | None = None):
    on = _today(on)

    def do(a):
        if a.pause_reason != "fee":
            raise ValidationError("本申请没有待缴的信息处理费。")
        if Decimal(amount) != a.fee_amount:
            raise ValidationError(f"实缴金额应为收费通知所列的 {a.fee_amount} 元。")
        deadlines.add(a, Kind.RESUMED, on)
        a.fee_paid_on, a.fee_paid_amount, a.pause_reason = on, Decimal(amount), ""
        return f"收到信息处理费 {amount} 元，恢复计时"

    return _change(actor, app, "application.fee_paid", do, notify="resumed")


@action
def lapse_fee(actor, app: Application, on: dt.date | None = None):
    on = _today(on)

    def do(a):
        if a.pause_reason != "fee":
            raise ValidationError("本申请没有待缴的信息处理费。")
        if not a.pause_due:
            raise ValidationError("收费通知尚未登记送达，缴费期限（收到通知次日起计算）尚未开始。")
        if on <= a.pause_due:
            raise ValidationError(f"缴费期限（{a.pause_due:%Y-%m-%d}）尚未届满。")
        deadlines.add(a, Kind.RESUMED, on)
        _close(a, "fee_unpaid", on)
        return "申请人逾期未缴纳信息处理费，视为放弃申请"

    return _change(actor, app, "application.fee_lapsed", do, notify="replied", issue=_issuer(actor, DocKind.REPLY, on=on))


def _resume_if_paused(a: Application, on: dt.date) -> None:
    if a.clock_paused:
        deadlines.add(a, Kind.RESUMED, on)
        a.pause_reason = ""


def transfer_notice(name: str, contact: str = "") -> str:
    """The text of the letter telling the applicant that agency `name` is responsible (Art. 36(五)), as a
    draft submitted for sign-off may say it (or leave its text empty). A transfer on the platform adds the
    new tracking code after it."""
    contact = (contact or "").strip()
    return (f"您申请的政府信息不属于本机关负责公开，负责公开该政府信息的机关为{name}"
            + (f"，联系方式：{contact}" if contact else "") + "。")


@action
def transfer(actor, app: Application, *, to_agency: Agency | None = None, to_name: str = "", contact: str = "",
             on: dt.date | None = None):
    """The information is held by another agency: tell the applicant (Art. 36(五)); an agency on the
    platform gets a registered copy of the application."""
    on = _today(on)
    if to_agency is None and not to_name.strip():
        raise ValidationError("请选择或填写负责公开该信息的机关。")
    if to_agency is not None and to_agency.pk == app.agency_id:
        raise ValidationError("不能转给本机关。")
    if to_agency is not None and not to_agency.may_receive_applications:
        raise ValidationError(f"{to_agency.name}不受理政府信息公开申请，不能转至该机关；"
                              "请选择负责公开的机关，或在“平台外机关名称”中填写并告知申请人。")
    name = to_agency.name if to_agency else to_name.strip()

    def do(a):
        _resume_if_paused(a, on)
        a.transfer_to, a.transfer_to_name, a.transfer_contact = to_agency, name, contact.strip()
        # the letter says 无法提供 (表三（四）): as signed off, checked by _close before anything is copied
        _close(a, "not_responsible", on, own_text=transfer_notice(name, contact))
        if to_agency is not None:
            copy = Application(agency=to_agency, channel=a.channel, arrival_date=on, is_oral=a.is_oral,
                               query_password_hash=a.query_password_hash,
                               tracking_code=new_tracking_code(on.year))
            for f in APPLICANT_FIELDS:
                setattr(copy, f, getattr(a, f))
            copy.save()
            record("application.transferred_in", actor=actor, obj=copy, after=snapshot(copy),
                   note=f"由{a.agency.name}转来（原查询码 {a.tracking_code}），待确认收到")
            a.reply_text += f"本机关已将您的申请转至该机关，新的查询码为 {copy.tracking_code}，查询密码不变。"
        return f"告知申请人由{name}负责公开" + ("，已将申请转至该机关" if to_agency else "")

    return _change(actor, app, "application.transferred", do, notify="replied", issue=_issuer(actor, DocKind.REPLY, on=on))


@action
def withdraw(actor, app: Application, reason: str = "", on: dt.date | None = None):
    """The applicant withdraws (online: actor APPLICANT_ONLINE; or recorded by staff)."""
    on = _today(on)

    def do(a):
        if a.receipt_date is None:
            a.receipt_date = a.arrival_date
            deadlines.add(a, Kind.RECEIVED, a.receipt_date)
        _resume_if_paused(a, on)
        _close(a, "withdrawn", on, text="您已主动撤回政府信息公开申请，本机关终止办理。")
        return f"申请人撤回申请。{reason}".strip()

    return _change(actor, app, "application.withdrawn", do,
                   roles=(*HANDLE_ROLES, PUBLIC), notify="replied", issue=_issuer(actor, DocKind.REPLY, on=on))


def _reply_outcome(outcome: str) -> outcomes.Outcome:
    try:
        o = outcomes.get(outcome)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if o.code in outcomes.SYSTEM_OUTCOMES:
        raise ValidationError(f"“{o.label}”由相应的办理操作自动形成，不能直接选择。")
    return o


def signoff_required(app: Application, outcome: str) -> bool:
    """The reply letter of `outcome` must be signed off by a reviewer before it is issued: it refuses or
    partly refuses (rules.outcomes.needs_signoff) and the agency keeps the sign-off rule (on by default).
    A case imported from a past ledger sends no letter (`close_imported`), so it has none to sign off."""
    return not app.imported and app.agency.reply_signoff and outcomes.needs_signoff(outcome)


def signoff_pending(app: Application) -> bool:
    return bool(app.signoff_outcome) and app.signoff_at is None


def _clear_signoff(a: Application) -> None:
    a.signoff_outcome, a.signoff_text, a.signoff_basis = "", "", ""
    a.signoff_submitted_by, a.signoff_by, a.signoff_at = None, None, None


@action
def submit_reply_for_signoff(actor, app: Application, outcome: str, *, text: str = "", basis: str = ""):
    """The officer's draft of a reply that refuses or partly refuses (答复类型, 内容, 依据), sent to the
    reviewer for sign-off; a new draft replaces an earlier one and its sign-off."""
    o = _reply_outcome(outcome)
    if not outcomes.needs_signoff(o.code):
        raise ValidationError(f"“{o.label}”的答复不需要签发，可以直接答复。")

    def do(a):
        if a.awaiting_correction:
            raise ValidationError("申请人尚未补正，请等待补正或登记逾期未补正。")
        _clear_signoff(a)
        a.signoff_outcome, a.signoff_text, a.signoff_basis = o.code, (text or "").strip(), (basis or "").strip()
        a.signoff_submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        return f"答复稿（{o.label}）提交审核人签发"

    return _change(actor, app, "application.reply_submitted", do, states=(State.REVIEW, State.HANDLING))


def own_draft_refusal(app: Application, user) -> str:
    """Why `user` may not sign off this reply draft ("" when they may): nobody signs off their own draft,
    except a leader in charge. The sign-off action and the case page's menu both ask here."""
    if getattr(user, "pk", None) is not None and app.signoff_submitted_by_id == user.pk \
            and not has_role(user, app.agency, Role.LEADER):
        return "答复须由审核人或分管领导签发，不能签发本人提交的答复稿。"
    return ""


@action
def sign_off_reply(actor, app: Application):
    """The reviewer (or leader in charge) signs off the submitted reply draft; the officer may then issue it.
    Nobody signs off their own draft, except a leader in charge."""
    from django.utils import timezone

    def do(a):
        if not signoff_pending(a):
            raise ValidationError("没有待签发的答复稿。")
        if refusal := own_draft_refusal(a, actor):
            raise PermissionDenied(refusal)
        a.signoff_by = actor if getattr(actor, "is_authenticated", False) else None
        a.signoff_at = timezone.now()
        return f"签发答复稿（{outcomes.get(a.signoff_outcome).label}）"

    return _change(actor, app, "application.reply_signed_off", do, roles=APPROVE_ROLES,
                   states=(State.REVIEW, State.HANDLING))


@action
def return_reply(actor, app: Application, reason: str = ""):
    """The reviewer sends the reply draft back without signing it off (the officer drafts again)."""

    def do(a):
        if not signoff_pending(a):
            raise ValidationError("没有待签发的答复稿。")
        label = outcomes.get(a.signoff_outcome).label
        _clear_signoff(a)
        return f"退回答复稿（{label}），不予签发。{(reason or '').strip()}".strip()

    return _change(actor, app, "application.reply_returned", do, roles=APPROVE_ROLES,
                   states=(State.REVIEW, State.HANDLING))


def _require_signoff(a: Application, code: str) -> None:
    """Refuse, saying what to do, unless a draft of outcome `code` has been signed off (`_close` asks here
    where the letter needs sign-off)."""
    if a.signoff_at is not None and a.signoff_outcome == code:
        return
    label = outcomes.get(code).label
    if a.signoff_outcome and a.signoff_at is None:
        what = "已提交的答复稿尚未签发"
    elif a.signoff_outcome:
        what = f"已签发的答复稿为“{outcomes.get(a.signoff_outcome).label}”，请按此答复类型重新提交签发"
    else:
        what = "请先“提交签发”"
    raise ValidationError(f"“{label}”的答复告知书须经审核人或分管领导签发后才能发出：{what}，签发后再答复。")


@action
def reply(actor, app: Application, outcome: str, *, text: str = "", basis: str = "", on: dt.date | None = None,
          files=None):
    """The reply (答复告知书 issued); `files`: the information provided, checked by common.uploads and kept in
    private storage, which the applicant downloads from the status page. A reply that refuses or partly
    refuses is issued only as the reviewer signed it off (`submit_reply_for_signoff`, `sign_off_reply`)."""
    on = _today(on)
    o = _reply_outcome(outcome)
    text, basis = (text or "").strip(), (basis or "").strip()

    def do(a):
        if a.awaiting_correction:
            raise ValidationError("申请人尚未补正，请等待补正或登记逾期未补正。")
        if o.code == "unclear_after_correction" and not a.correction_received_on:
            raise ValidationError("只有补正后仍不明确的申请才能选择此答复类型。")
        if a.extension_days and not a.extension_approved_on:
            raise ValidationError("有待审批的延期申请，请先审批。")
        _resume_if_paused(a, on)
        _close(a, o.code, on, basis=basis, text=text)
        _save_attachments(a, files, kind="reply")
        names = "、".join(Path(f.name).name for f in files or ())
        return f"作出答复：{o.label}" + (f"，随答复提供：{names}" if names else "")

    return _change(actor, app, "application.replied", do, states=(State.REVIEW, State.HANDLING), notify="replied",
                   issue=_issuer(actor, DocKind.REPLY, on=on))


@action
def close_imported(actor, app: Application, outcome: str, on: dt.date, text: str = ""):
    """Close a case imported from a past ledger with any outcome of the list (no letter is sent)."""
    try:
        outcomes.get(outcome)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc

    def do(a):
        if not a.imported:
            raise ValidationError("只有台账导入的申请可以直接登记办结结果。")
        _close(a, outcome, on, text=text)
        a.delivered_on, a.delivered_via = on, a.delivery_method
        return "台账导入：登记办结结果"

    return _change(actor, app, "application.imported_closed", do)


@action
def deliver(actor, app: Application, via: str, on: dt.date | None = None):
    on = _today(on)

    def do(a):
        if on < a.closed_on:
            raise ValidationError("送达日期不能早于答复日期。")
        a.delivered_via, a.delivered_on = via, on
        return f"答复已送达（{a.get_delivered_via_display()}）"

    return _change(actor, app, "application.delivered", do, states=(State.REPLIED,))


@action
def archive(actor, app: Application, on: dt.date | None = None):
    on = _today(on)

    def do(a):
        if not a.delivered_on and a.outcome != "withdrawn":
            raise ValidationError("答复尚未登记送达，不能归档。")
        a.state, a.archived_on = State.ARCHIVED, on
        return "办结归档"

    return _change(actor, app, "application.archived", do, states=(State.REPLIED,))


REVEAL_MINUTES = privacy.REVEAL_MINUTES  # how long a reveal shows the full data to the officer who asked


@action
def reveal_contact(actor, app: Application) -> Application:
    """An officer of the handling agency asks to see the applicant's full phone, e-mail address, ID number
    and address (to confirm receipt, to ask for 补正). Nothing changes; the reveal is journaled (who, when,
    which case) and the case page shows the full data to that officer for REVEAL_MINUTES (common.privacy)."""
    return privacy.record_reveal(actor, app, "application.contact_revealed",
                                 "申请人完整信息（联系电话、电子邮箱、证件号码、通信地址）", HANDLE_ROLES)


def contact_revealed_to(user, app: Application) -> bool:
    return privacy.revealed_to(user, app, "application.contact_revealed")


class _Unchanged(Exception):
    """Raised inside the envelope when a recomputation changes nothing: nothing is saved or journaled."""


@action
def recompute_deadline(actor, app: Application, *, reason: str = "") -> dict:
    """Recompute the stored clock of one case (calendar change); journals a change when there is one.
    Returns {field: (old, new)} of what changed."""
    changed: dict = {}

    def do(a: Application) -> str:
        changed.update(deadlines.refresh(a))
        if not changed:
            raise _Unchanged
        return reason or "节假日安排变更，重新计算期限"

    try:
        change(actor, app, "application.deadline_recomputed", do, roles=HANDLE_ROLES, states=None)
    except _Unchanged:
        return {}
    return changed


# ---- the query password, reset (issue 9 item 8) ------------------------------------------------------

RESET_VIA = {"email": "申请人通过电子邮件中的重置链接", "counter": "窗口核验申请人身份后"}


@action
def reset_query_password(actor, app: Application, *, via: str, link_fingerprint: str = "") -> str:
    """A new query password for `app`, returned to be shown once (never stored or journaled in clear).
    `via` "email": the applicant followed the signed, single-use link sent to the e-mail address on the
    application (actor APPLICANT_ONLINE; `link_fingerprint` from the link must match the password it was
    made for, checked under the row lock); "counter": an officer of the handling agency, having checked the
    applicant's identity in person (post/phone applicants)."""
    if via not in RESET_VIA:
        raise ValidationError("重置方式须为电子邮件链接或窗口办理。")
    if via == "email" and not app.email:
        raise ValidationError("该申请没有留电子邮箱，请到受理机关窗口办理查询密码重置。")
    password = new_password()

    def do(a: Application) -> str:
        if via == "email" and passwords.fingerprint(a.query_password_hash) != link_fingerprint:
            raise ValidationError("该重置链接已经使用过或已失效，请重新申请重置查询密码。")
        a.query_password_hash = passwords.make(password)
        return f"{RESET_VIA[via]}重置查询密码（新密码只向申请人显示一次，不作记录）"

    roles = (PUBLIC,) if via == "email" else HANDLE_ROLES
    change(actor, app, "application.password_reset", do, roles=roles, states=None)
    return password


# ---- Art. 44: several applications for the same information → 主动公开 ------------------------------

# creating the draft is disclosures' own create action, whose role this is (disclosures.actions.EDIT_ROLES)
PROMOTE_ROLES = (Role.OFFICER,)


@action
def promote_to_proactive(actor, apps, *, title: str = "", on: dt.date | None = None):
    """转为主动公开 (《条例》第四十四条): from one or more cases of one agency, a disclosure item draft made by
    disclosures' create action (journaled, scoped to the agency), linked back to the cases; each case
    journals the link. Only staff of the handling agency with the officer's role (who drafts disclosure
    items) may do it. Returns the draft."""
    from gongkai.disclosures import actions as disclosures

    apps = list(apps)
    if not apps:
        raise ValidationError("请至少选择一件申请。")
    agencies = {a.agency_id for a in apps}
    if len(agencies) > 1:
        raise ValidationError("所选申请属于不同机关，只能把同一机关的申请转为该机关的主动公开信息。")
    agency = apps[0].agency
    title = (title or "").strip() or (apps[0].info_name or apps[0].info_description[:60]).strip()
    codes = "、".join(a.tracking_code for a in apps)
    with transaction.atomic():
        item = disclosures.create_item(actor, agency, {
            "title": title[:300], "formed_on": _today(on), "source_applications": apps,
        }, note=f"依申请公开转为主动公开（《条例》第四十四条），来源申请：{codes}")
        for app in apps:
            change(actor, app, "application.promoted",
                   lambda a: f"转为主动公开（《条例》第四十四条）：已建主动公开信息草稿“{item.title}”（编号 {item.pk}）",
                   roles=PROMOTE_ROLES, states=None, save=False)
    return item
