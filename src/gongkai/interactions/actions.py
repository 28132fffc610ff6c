"""Every change to the mailbox and the surveys: permission and state checks, the write, and the journal
entry, in one transaction. Views, the CLI (demo) and tasks call these; nothing else writes the models."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.scoping import require_role
from gongkai.common import privacy
from gongkai.interactions.models import (
    LetterStatus,
    MailboxLetter,
    MailboxReply,
    MailboxSettings,
    QuestionKind,
    ReplyState,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from gongkai.journal.actors import public
from gongkai.journal.services import changes, record, snapshot
from gongkai.workcalendar.service import get_calendar

HANDLE_ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)
REVIEW_ROLES = (Role.REVIEWER, Role.LEADER)
SETTINGS_ROLES = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
SURVEY_ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)

# Fields of a letter that may go into the journal (never the writer's contact data or the password hash).
LETTER_FIELDS = [
    "agency", "tracking_code", "category", "subject", "consent_publish", "received_on", "due_on",
    "due_provisional", "reply_days", "status", "answered_on", "published_on",
]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
MIN_PASSWORD = 6
PUBLIC_ACTOR = public("公众")


def _letter_snapshot(letter: MailboxLetter) -> dict:
    return snapshot(letter, LETTER_FIELDS)


# --- settings and deadlines ---------------------------------------------------------------------------


def mailbox_settings(agency: Agency) -> MailboxSettings:
    """The agency's settings (an unsaved default when it never changed them)."""
    found = MailboxSettings.objects.filter(agency=agency).first()
    return found or MailboxSettings(agency=agency)


def compute_due(received_on: dt.date, reply_days: int, calendar=None) -> tuple[dt.date, bool]:
    """The reply deadline: the `reply_days`-th working day after receipt, and whether it is provisional."""
    cal = calendar or get_calendar()
    due = cal.add_workdays(received_on, reply_days)
    return due, cal.is_provisional_span(received_on, due)


def update_settings(actor, agency: Agency, **values) -> MailboxSettings:
    require_role(actor, agency, *SETTINGS_ROLES)
    reply_days = int(values.get("reply_days", 0) or 0)
    if not 1 <= reply_days <= 60:
        raise ValidationError("答复期限应在 1 到 60 个工作日之间。")
    categories = [c.strip() for c in str(values.get("categories", "")).splitlines() if c.strip()]
    if not categories:
        raise ValidationError("请至少填写一个来信类别（每行一个）。")
    if len(set(categories)) != len(categories):
        raise ValidationError("来信类别有重复，请删除重复的行。")
    if any(len(c) > 20 for c in categories):
        raise ValidationError("每个来信类别不超过 20 个字。")
    with transaction.atomic():
        obj, _ = MailboxSettings.objects.select_for_update().get_or_create(agency=agency)
        before = snapshot(obj)
        obj.reply_days = reply_days
        obj.categories = "\n".join(categories)
        obj.enabled = bool(values.get("enabled", True))
        obj.mailbox_name = (values.get("mailbox_name") or "领导信箱").strip()[:50]
        obj.intro = values.get("intro", "") or ""
        obj.save()
        b, a = changes(before, snapshot(obj))
        record("interactions.settings_changed", actor=actor, obj=obj, agency=agency, before=b, after=a,
               note="新的答复期限适用于此后收到的来信")
    return obj


# --- letters ----------------------------------------------------------------------------------------------


def _new_tracking_code() -> str:
    return "XX" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def submit_letter(
    agency: Agency,
    *,
    category: str,
    writer_name: str,
    subject: str,
    body: str,
    query_password: str,
    phone: str = "",
    email: str = "",
    consent_publish: bool = False,
    now: dt.datetime | None = None,
    tracking_code: str | None = None,
    ip: str | None = None,
    password_hash: str | None = None,
) -> MailboxLetter:
    """A letter from the public. Returns the saved letter; its tracking code is shown to the writer once.

    `password_hash` (a hash made by `make_password`) replaces hashing `query_password` — for bulk demo data."""
    conf = mailbox_settings(agency)
    if not conf.enabled:
        raise ValidationError(f"{agency.name}暂未开通{conf.mailbox_name}。")
    if category not in conf.category_list():
        raise ValidationError(f"请选择来信类别（{'、'.join(conf.category_list())}）。")
    if not (writer_name or "").strip():
        raise ValidationError("请填写姓名。")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationError("请至少填写联系电话或电子邮箱中的一项，以便我们联系您。")
    if password_hash is None and len(query_password or "") < MIN_PASSWORD:
        raise ValidationError(f"查询密码至少 {MIN_PASSWORD} 位。")
    now = now or timezone.now()
    received_on = timezone.localdate(now)
    due_on, provisional = compute_due(received_on, conf.reply_days)
    with transaction.atomic():
        letter = MailboxLetter(
            agency=agency,
            category=category,
            writer_name=writer_name.strip(),
            phone=(phone or "").strip(),
            email=(email or "").strip(),
            subject=subject.strip(),
            body=body.strip(),
            consent_publish=bool(consent_publish),
            query_password_hash=password_hash or make_password(query_password),
            received_at=now,
            received_on=received_on,
            due_on=due_on,
            due_provisional=provisional,
            reply_days=conf.reply_days,
        )
        for _attempt in range(5):
            letter.tracking_code = tracking_code or _new_tracking_code()
            try:
                with transaction.atomic():
                    letter.save()
                break
            except IntegrityError:
                if tracking_code:
                    raise
        else:  # pragma: no cover - 32^10 codes
            raise RuntimeError("could not allocate a tracking code")
        record("interactions.letter_received", actor=PUBLIC_ACTOR, obj=letter, after=_letter_snapshot(letter), ip=ip,
               note=f"答复期限 {due_on.isoformat()}{'（暂定）' if provisional else ''}")
    return letter


_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(make_password(secrets.token_urlsafe(12)))
    return _DUMMY_HASH[0]


def find_letter(tracking_code: str, query_password: str) -> MailboxLetter | None:
    """The letter when both the code and the password match; otherwise None (and no hint which was wrong)."""
    code = (tracking_code or "").strip().upper()
    letter = MailboxLetter.objects.filter(tracking_code=code).select_related("agency").first() if code else None
    # Run the hasher either way so that a wrong code and a wrong password take the same time.
    ok = check_password(query_password or "", letter.query_password_hash if letter else _dummy_hash())
    return letter if (letter is not None and ok) else None


def save_reply_draft(actor, letter: MailboxLetter, body: str, replier: str = "",
                     now: dt.datetime | None = None) -> MailboxReply:
    require_role(actor, letter.agency, *HANDLE_ROLES)
    if not (body or "").strip():
        raise ValidationError("答复内容不能为空。")
    with transaction.atomic():
        letter = MailboxLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.OPEN:
            raise ValidationError("这封来信已经办结，不能再修改答复。")
        reply = letter.replies.exclude(state=ReplyState.SENT).order_by("-id").first()
        before = snapshot(reply, ["body", "state", "replier"]) if reply else None
        if reply is None:
            reply = MailboxReply(letter=letter)
        reply.body = body.strip()
        reply.replier = (replier or letter.agency.name).strip()[:100]
        reply.state = ReplyState.DRAFT  # any edit (also of a reviewed reply) goes back to review
        reply.drafted_by = actor
        reply.drafted_at = now or timezone.now()
        reply.reviewed_by, reply.reviewed_at = None, None
        reply.save()
        record("interactions.reply_drafted", actor=actor, obj=reply, agency=letter.agency, before=before,
               after=snapshot(reply, ["body", "state", "replier"]), object_repr=str(letter))
    return reply


def review_reply(actor, reply: MailboxReply, approve: bool, note: str = "",
                 now: dt.datetime | None = None) -> MailboxReply:
    letter = reply.letter
    require_role(actor, letter.agency, *REVIEW_ROLES)
    with transaction.atomic():
        reply = MailboxReply.objects.select_for_update().select_related("letter__agency").get(pk=reply.pk)
        if reply.state != ReplyState.DRAFT:
            raise ValidationError("只能审核草稿状态的答复。")
        if reply.drafted_by_id and reply.drafted_by_id == actor.pk:
            raise ValidationError("不能审核自己起草的答复，请由另一位审核人审核。")
        if not approve and not (note or "").strip():
            raise ValidationError("退回修改时请填写审核意见。")
        reply.review_note = (note or "").strip()
        if approve:
            reply.state = ReplyState.REVIEWED
            reply.reviewed_by = actor
            reply.reviewed_at = now or timezone.now()
        reply.save()
        record("interactions.reply_approved" if approve else "interactions.reply_returned", actor=actor, obj=reply,
               agency=reply.letter.agency, before={"state": ReplyState.DRAFT}, after={"state": reply.state},
               note=reply.review_note, object_repr=str(reply.letter))
    return reply


def send_reply(actor, reply: MailboxReply, now: dt.datetime | None = None) -> MailboxReply:
    require_role(actor, reply.letter.agency, *HANDLE_ROLES)
    now = now or timezone.now()
    with transaction.atomic():
        reply = MailboxReply.objects.select_for_update().select_related("letter__agency").get(pk=reply.pk)
        letter = MailboxLetter.objects.select_for_update().get(pk=reply.letter_id)
        if reply.state != ReplyState.REVIEWED:
            raise ValidationError("答复须经审核通过后才能发送。")
        if letter.status != LetterStatus.OPEN:
            raise ValidationError("这封来信已经办结。")
        before = _letter_snapshot(letter)
        reply.state = ReplyState.SENT
        reply.sent_by = actor
        reply.sent_at = now
        reply.save()
        letter.status = LetterStatus.ANSWERED
        letter.answered_on = timezone.localdate(now)
        letter.save(update_fields=["status", "answered_on"])
        b, a = changes(before, _letter_snapshot(letter))
        late = letter.answered_on > letter.due_on
        record("interactions.reply_sent", actor=actor, obj=letter, before=b, after=a,
               note="超过答复期限" if late else "")
    return reply


def close_letter(actor, letter: MailboxLetter, reason: str) -> MailboxLetter:
    """Close without a reply (e.g. a duplicate or a letter with no content), with the reason journaled."""
    require_role(actor, letter.agency, *REVIEW_ROLES)
    if not (reason or "").strip():
        raise ValidationError("请填写办结原因。")
    with transaction.atomic():
        letter = MailboxLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.OPEN:
            raise ValidationError("这封来信已经办结。")
        before = _letter_snapshot(letter)
        letter.status = LetterStatus.CLOSED
        letter.save(update_fields=["status"])
        b, a = changes(before, _letter_snapshot(letter))
        record("interactions.letter_closed", actor=actor, obj=letter, before=b, after=a, note=reason.strip())
    return letter


def publish_letter(
    actor, letter: MailboxLetter, *, public_subject: str, public_question: str, public_answer: str,
    today: dt.date | None = None,
) -> MailboxLetter:
    """Publish the Q&A: only an answered letter whose writer consented, with no personal data left in it."""
    require_role(actor, letter.agency, *REVIEW_ROLES)
    texts = {"公开标题": public_subject, "公开的来信内容": public_question, "公开的答复内容": public_answer}
    for label, text in texts.items():
        if not (text or "").strip():
            raise ValidationError(f"{label}不能为空。")
    with transaction.atomic():
        letter = MailboxLetter.objects.select_for_update().get(pk=letter.pk)
        if not letter.consent_publish:
            raise ValidationError("来信人未同意公开，这封来信不能公开。")
        if letter.status != LetterStatus.ANSWERED:
            raise ValidationError("来信答复发送后才能公开。")
        for label, text in texts.items():
            found = privacy.personal_data_found(text, letter.writer_name, letter.phone, letter.email)
            if found:
                raise ValidationError(f"{label}中仍含有个人信息（{'、'.join(found)}），请删除后再公开。")
        before = _letter_snapshot(letter)
        letter.public_subject = public_subject.strip()[:100]
        letter.public_question = public_question.strip()
        letter.public_answer = public_answer.strip()
        letter.published_on = letter.published_on or today or timezone.localdate()
        letter.save(update_fields=["public_subject", "public_question", "public_answer", "published_on"])
        b, a = changes(before, _letter_snapshot(letter))
        record("interactions.letter_published", actor=actor, obj=letter, before=b,
               after={**a, "public_subject": letter.public_subject})
    return letter


def unpublish_letter(actor, letter: MailboxLetter, reason: str) -> MailboxLetter:
    require_role(actor, letter.agency, *REVIEW_ROLES)
    if not (reason or "").strip():
        raise ValidationError("请填写撤下原因。")
    with transaction.atomic():
        letter = MailboxLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.published_on is None:
            raise ValidationError("这封来信没有公开。")
        before = _letter_snapshot(letter)
        letter.published_on = None
        letter.save(update_fields=["published_on"])
        b, a = changes(before, _letter_snapshot(letter))
        record("interactions.letter_unpublished", actor=actor, obj=letter, before=b, after=a, note=reason.strip())
    return letter


def recompute_due_dates(years: Iterable[int], actor) -> int:
    """Open letters whose deadline span touches `years`: recompute due date and flag; journal each change."""
    years = set(years)
    if not years:
        return 0
    lo, hi = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    cal = get_calendar()
    changed = 0
    with transaction.atomic():
        rows = MailboxLetter.objects.select_for_update().filter(
            status=LetterStatus.OPEN, received_on__lte=hi, due_on__gte=lo
        )
        for letter in rows:
            due_on, provisional = compute_due(letter.received_on, letter.reply_days, cal)
            if (due_on, provisional) == (letter.due_on, letter.due_provisional):
                continue
            before = {"due_on": letter.due_on, "due_provisional": letter.due_provisional}
            letter.due_on, letter.due_provisional = due_on, provisional
            letter.save(update_fields=["due_on", "due_provisional"])
            record("interactions.letter_due_recomputed", actor=actor, obj=letter, before=before,
                   after={"due_on": due_on, "due_provisional": provisional},
                   note="节假日安排变更，答复期限重新计算")
            changed += 1
    return changed


# --- surveys ----------------------------------------------------------------------------------------------

SURVEY_FIELDS = ["agency", "title", "opens_on", "closes_on", "status", "results_published_on"]


def _check_dates(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationError("截止日期不能早于开始日期。")


def create_survey(actor, agency: Agency, *, title: str, description: str, opens_on: dt.date, closes_on: dt.date,
                  demo_key: str = "") -> Survey:
    require_role(actor, agency, *SURVEY_ROLES)
    if not (title or "").strip():
        raise ValidationError("请填写调查标题。")
    _check_dates(opens_on, closes_on)
    with transaction.atomic():
        survey = Survey.objects.create(agency=agency, title=title.strip(), description=description or "",
                                       opens_on=opens_on, closes_on=closes_on, created_by=actor, demo_key=demo_key)
        record("interactions.survey_created", actor=actor, obj=survey, after=snapshot(survey, SURVEY_FIELDS))
    return survey


def update_survey(actor, survey: Survey, *, title: str, description: str, opens_on: dt.date,
                  closes_on: dt.date) -> Survey:
    require_role(actor, survey.agency, *SURVEY_ROLES)
    _check_dates(opens_on, closes_on)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status == SurveyStatus.CLOSED:
            raise ValidationError("调查已结束，不能再修改。")
        before = snapshot(survey, SURVEY_FIELDS + ["description"])
        survey.title, survey.description = title.strip(), description or ""
        survey.opens_on, survey.closes_on = opens_on, closes_on
        survey.save()
        b, a = changes(before, snapshot(survey, SURVEY_FIELDS + ["description"]))
        record("interactions.survey_changed", actor=actor, obj=survey, before=b, after=a)
    return survey


def add_question(actor, survey: Survey, *, text: str, kind: str, options: list[str],
                 required: bool = True) -> SurveyQuestion:
    require_role(actor, survey.agency, *SURVEY_ROLES)
    options = [o.strip() for o in options if o and o.strip()]
    if not (text or "").strip():
        raise ValidationError("请填写问题。")
    if kind not in QuestionKind.values:
        raise ValidationError("请选择题型（单选或多选）。")
    if len(options) < 2:
        raise ValidationError("每个问题至少要有两个选项（每行一个）。")
    if len(set(options)) != len(options):
        raise ValidationError("选项有重复，请删除重复的行。")
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.DRAFT:
            raise ValidationError("调查发布后不能再修改问题。")
        position = survey.questions.count() + 1
        question = SurveyQuestion.objects.create(survey=survey, text=text.strip()[:200], kind=kind,
                                                 required=required, position=position)
        SurveyOption.objects.bulk_create(
            [SurveyOption(question=question, text=o[:100], position=i) for i, o in enumerate(options, 1)]
        )
        record("interactions.survey_question_added", actor=actor, obj=survey,
               after={"question": question.text, "kind": kind, "options": options})
    return question


def remove_question(actor, question: SurveyQuestion) -> None:
    survey = question.survey
    require_role(actor, survey.agency, *SURVEY_ROLES)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.DRAFT:
            raise ValidationError("调查发布后不能再修改问题。")
        before = {"question": question.text, "options": list(question.options.values_list("text", flat=True))}
        question.delete()
        record("interactions.survey_question_removed", actor=actor, obj=survey, before=before)


def _set_survey_status(actor, survey: Survey, action: str, allowed_from: set[str], new_status: str,
                       message: str, **fields) -> Survey:
    require_role(actor, survey.agency, *SURVEY_ROLES)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status not in allowed_from:
            raise ValidationError(message)
        if new_status == SurveyStatus.OPEN and not survey.questions.exists():
            raise ValidationError("调查至少要有一个问题才能发布。")
        before = snapshot(survey, SURVEY_FIELDS)
        survey.status = new_status
        for key, value in fields.items():
            setattr(survey, key, value)
        survey.save()
        b, a = changes(before, snapshot(survey, SURVEY_FIELDS))
        record(action, actor=actor, obj=survey, before=b, after=a)
    return survey


def open_survey(actor, survey: Survey, now: dt.datetime | None = None) -> Survey:
    return _set_survey_status(actor, survey, "interactions.survey_opened", {SurveyStatus.DRAFT}, SurveyStatus.OPEN,
                              "只有草稿状态的调查可以发布。", opened_at=now or timezone.now())


def close_survey(actor, survey: Survey, now: dt.datetime | None = None) -> Survey:
    return _set_survey_status(actor, survey, "interactions.survey_closed", {SurveyStatus.OPEN}, SurveyStatus.CLOSED,
                              "只有征集中的调查可以结束。", closed_at=now or timezone.now())


def publish_results(actor, survey: Survey, today: dt.date | None = None) -> Survey:
    return _set_survey_status(actor, survey, "interactions.survey_results_published", {SurveyStatus.CLOSED},
                              SurveyStatus.CLOSED, "调查结束后才能公布结果。",
                              results_published_on=today or timezone.localdate())


def session_hash(session_key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), session_key.encode(), hashlib.sha256).hexdigest()


class AlreadyAnswered(ValidationError):
    pass


def submit_response(survey: Survey, session_key: str, answers: Mapping[int, Iterable[int]],
                    now: dt.datetime | None = None, ip: str | None = None) -> SurveyResponse:
    """A participation from the public: `answers` maps question id → chosen option ids."""
    now = now or timezone.now()
    if not session_key:
        raise ValidationError("请允许浏览器保存 Cookie 后再参与调查。")
    if not survey.accepts_responses(timezone.localdate(now)):
        raise ValidationError("这项调查目前不在征集期内。")
    questions = list(survey.questions.prefetch_related("options"))
    chosen: list[tuple[SurveyQuestion, SurveyOption]] = []
    missing = []
    for q in questions:
        option_ids = {int(o) for o in answers.get(q.id, ())}
        valid = {o.id: o for o in q.options.all()}
        if option_ids - set(valid):
            raise ValidationError(f"“{q.text}”的选项无效，请重新选择。")
        if q.kind == QuestionKind.SINGLE and len(option_ids) > 1:
            raise ValidationError(f"“{q.text}”是单选题，只能选一项。")
        if q.required and not option_ids:
            missing.append(q.position)
        chosen.extend((q, valid[o]) for o in sorted(option_ids))
    if missing:
        raise ValidationError("请回答第 " + "、".join(str(p) for p in missing) + " 题（必答）。")
    digest = session_hash(session_key)
    with transaction.atomic():
        if SurveyResponse.objects.filter(survey=survey, session_hash=digest).exists():
            raise AlreadyAnswered("您已经参与过这项调查，感谢您的支持。")
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(survey=survey, session_hash=digest, submitted_at=now)
        except IntegrityError as exc:
            raise AlreadyAnswered("您已经参与过这项调查，感谢您的支持。") from exc
        SurveyAnswer.objects.bulk_create(
            [SurveyAnswer(response=response, question=q, option=o) for q, o in chosen]
        )
        record("interactions.survey_response", actor=PUBLIC_ACTOR, obj=survey, ip=ip,
               after={"response": response.pk, "answers": len(chosen)})
    return response
