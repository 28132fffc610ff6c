"""Every change to the mailbox and the surveys, each a thin wrapper around the shared action envelope
(`gongkai.journal.envelope`): lock → check state → check permission → mutate → diff → journal, in one
transaction. Views, the CLI (demo), receivers and tasks call these; nothing else writes the models.

Who acts is always explicit: staff accounts, `SYSTEM`, or the public (`PUBLIC_ACTOR`, journaled as
"公众") for the two public entry points, `submit_letter` and `submit_response`."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.applications import passwords
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
from gongkai.journal.actors import PUBLIC, action, authorize, public
from gongkai.journal.envelope import change, create, lock
from gongkai.journal.services import record, snapshot
from gongkai.workcalendar.service import get_calendar

HANDLE_ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)
REVIEW_ROLES = (Role.REVIEWER, Role.LEADER)
SETTINGS_ROLES = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
SURVEY_ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)
PUBLIC_ROLES = (PUBLIC,)  # the public entry points: only a public actor (or SYSTEM) writes a letter or an answer

# Fields of a letter that may go into the journal (never the writer's contact data or the password hash).
LETTER_FIELDS = [
    "agency", "tracking_code", "category", "subject", "consent_publish", "received_on", "due_on",
    "due_provisional", "reply_days", "status", "answered_on", "published_on",
]
REPLY_FIELDS = ["body", "state", "replier", "review_note"]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
PUBLIC_ACTOR = public("公众")


def _account(actor):
    """The staff account to store in a `…_by` column (None for SYSTEM)."""
    return actor if getattr(actor, "is_authenticated", False) else None


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


@action
def update_settings(actor, agency: Agency, **values) -> MailboxSettings:
    def mutate(conf: MailboxSettings) -> str:
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
        conf.reply_days = reply_days
        conf.categories = "\n".join(categories)
        conf.enabled = bool(values.get("enabled", True))
        conf.mailbox_name = (values.get("mailbox_name") or "领导信箱").strip()[:50]
        conf.intro = values.get("intro", "") or ""
        return "新的答复期限适用于此后收到的来信"

    with transaction.atomic():  # a first change makes the agency's row (rolled back if refused)
        conf, _ = MailboxSettings.objects.get_or_create(agency=agency)
        return change(actor, conf, "interactions.settings_changed", mutate, roles=SETTINGS_ROLES, agency=agency)


# --- letters ----------------------------------------------------------------------------------------------


def _new_tracking_code() -> str:
    return "XX" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


@action
def submit_letter(
    actor,
    agency: Agency,
    *,
    category: str,
    writer_name: str,
    subject: str,
    body: str,
    phone: str = "",
    email: str = "",
    consent_publish: bool = False,
    now: dt.datetime | None = None,
    tracking_code: str | None = None,
    ip: str | None = None,
    password_hash: str | None = None,
) -> MailboxLetter:
    """A letter from the public (`actor` is `PUBLIC_ACTOR`). Returns the saved letter; its tracking code and
    its query password — generated here as an application's is (`applications.passwords`), never chosen by
    the writer — are shown to the writer once: the password only as `letter.issued_password`.

    `password_hash` (a known password's hash) replaces generating one — for demo and test data; the letter's
    `issued_password` is then None.
    Journaled like `envelope.create`, plus the writer's IP address (which `create` does not take)."""
    authorize(actor, agency, PUBLIC_ROLES)
    conf = mailbox_settings(agency)
    if not conf.enabled:
        raise ValidationError(f"{agency.name}暂未开通{conf.mailbox_name}。")
    if category not in conf.category_list():
        raise ValidationError(f"请选择来信类别（{'、'.join(conf.category_list())}）。")
    if not (writer_name or "").strip():
        raise ValidationError("请填写姓名。")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationError("请至少填写联系电话或电子邮箱中的一项，以便我们联系您。")
    issued = None if password_hash is not None else passwords.generate()
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
            query_password_hash=password_hash or passwords.make(issued),
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
        record("interactions.letter_received", actor=actor, obj=letter, after=snapshot(letter, LETTER_FIELDS), ip=ip,
               note=f"答复期限 {due_on.isoformat()}{'（暂定）' if provisional else ''}")
    letter.issued_password = issued
    return letter


_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(passwords.make(secrets.token_urlsafe(12)))
    return _DUMMY_HASH[0]


def find_letter(tracking_code: str, query_password: str) -> MailboxLetter | None:
    """The letter when both the code and the password match; otherwise None (and no hint which was wrong)."""
    code = (tracking_code or "").strip().upper()
    letter = MailboxLetter.objects.filter(tracking_code=code).select_related("agency").first() if code else None
    # Run the hasher either way so that a wrong code and a wrong password take the same time.
    ok = passwords.check((query_password or "").strip(), letter.query_password_hash if letter else _dummy_hash())
    return letter if (letter is not None and ok) else None


@action
def save_reply_draft(actor, letter: MailboxLetter, body: str, replier: str = "",
                     now: dt.datetime | None = None) -> MailboxReply:
    """Draft (or edit) the letter's reply. Any edit, also of a reviewed reply, goes back to review.
    The letter's row lock serialises drafts; the journal entry is the reply's."""

    def fill(reply: MailboxReply) -> None:
        if not (body or "").strip():
            raise ValidationError("答复内容不能为空。")
        reply.body = body.strip()
        reply.replier = (replier or letter.agency.name).strip()[:100]
        reply.state = ReplyState.DRAFT
        reply.drafted_by = _account(actor)
        reply.drafted_at = now or timezone.now()
        reply.reviewed_by, reply.reviewed_at = None, None

    with transaction.atomic():
        locked = lock(letter)
        if locked.status != LetterStatus.OPEN:
            raise ValidationError("这封来信已经办结，不能再修改答复。")
        draft = locked.replies.exclude(state=ReplyState.SENT).order_by("-id").first()
        if draft is not None:
            return change(actor, draft, "interactions.reply_drafted", fill, roles=HANDLE_ROLES, fields=REPLY_FIELDS)

        def build() -> MailboxReply:
            reply = MailboxReply(letter=locked)
            fill(reply)
            reply.save()
            return reply

        return create(actor, locked.agency, "interactions.reply_drafted", build, roles=HANDLE_ROLES,
                      fields=REPLY_FIELDS)


@action
def review_reply(actor, reply: MailboxReply, approve: bool, note: str = "",
                 now: dt.datetime | None = None) -> MailboxReply:
    def mutate(r: MailboxReply) -> str:
        if r.state != ReplyState.DRAFT:
            raise ValidationError("只能审核草稿状态的答复。")
        if r.drafted_by_id and r.drafted_by_id == actor.pk:
            raise ValidationError("不能审核自己起草的答复，请由另一位审核人审核。")
        if not approve and not (note or "").strip():
            raise ValidationError("退回修改时请填写审核意见。")
        r.review_note = (note or "").strip()
        if approve:
            r.state = ReplyState.REVIEWED
            r.reviewed_by = _account(actor)
            r.reviewed_at = now or timezone.now()
        return r.review_note

    name = "interactions.reply_approved" if approve else "interactions.reply_returned"
    return change(actor, reply, name, mutate, roles=REVIEW_ROLES, fields=REPLY_FIELDS)


@action
def send_reply(actor, reply: MailboxReply, now: dt.datetime | None = None) -> MailboxReply:
    """Send a reviewed reply: the letter is answered (journaled on the letter, with lateness noted)."""
    now = now or timezone.now()
    sent: list[MailboxReply] = []

    def mutate(letter: MailboxLetter) -> str:
        r = lock(reply)
        if r.state != ReplyState.REVIEWED:
            raise ValidationError("答复须经审核通过后才能发送。")
        if letter.status != LetterStatus.OPEN:
            raise ValidationError("这封来信已经办结。")
        r.state, r.sent_by, r.sent_at = ReplyState.SENT, _account(actor), now
        r.save()
        sent.append(r)
        letter.status = LetterStatus.ANSWERED
        letter.answered_on = timezone.localdate(now)
        return "超过答复期限" if letter.answered_on > letter.due_on else ""

    change(actor, reply.letter, "interactions.reply_sent", mutate, roles=HANDLE_ROLES, fields=LETTER_FIELDS)
    reply.refresh_from_db()
    return sent[0]


@action
def close_letter(actor, letter: MailboxLetter, reason: str) -> MailboxLetter:
    """Close without a reply (e.g. a duplicate or a letter with no content), with the reason journaled."""

    def mutate(locked: MailboxLetter) -> str:
        if not (reason or "").strip():
            raise ValidationError("请填写办结原因。")
        if locked.status != LetterStatus.OPEN:
            raise ValidationError("这封来信已经办结。")
        locked.status = LetterStatus.CLOSED
        return reason.strip()

    return change(actor, letter, "interactions.letter_closed", mutate, roles=REVIEW_ROLES, fields=LETTER_FIELDS)


@action
def publish_letter(
    actor, letter: MailboxLetter, *, public_subject: str, public_question: str, public_answer: str,
    today: dt.date | None = None,
) -> MailboxLetter:
    """Publish the Q&A: only an answered letter whose writer consented, with no personal data left in it."""
    texts = {"公开标题": public_subject, "公开的来信内容": public_question, "公开的答复内容": public_answer}

    def mutate(locked: MailboxLetter) -> None:
        for label, text in texts.items():
            if not (text or "").strip():
                raise ValidationError(f"{label}不能为空。")
        if not locked.consent_publish:
            raise ValidationError("来信人未同意公开，这封来信不能公开。")
        if locked.status != LetterStatus.ANSWERED:
            raise ValidationError("来信答复发送后才能公开。")
        for label, text in texts.items():
            found = privacy.personal_data_found(text, locked.writer_name, locked.phone, locked.email)
            if found:
                raise ValidationError(f"{label}中仍含有个人信息（{'、'.join(found)}），请删除后再公开。")
        locked.public_subject = public_subject.strip()[:100]
        locked.public_question = public_question.strip()
        locked.public_answer = public_answer.strip()
        locked.published_on = locked.published_on or today or timezone.localdate()

    return change(actor, letter, "interactions.letter_published", mutate, roles=REVIEW_ROLES,
                  fields=[*LETTER_FIELDS, "public_subject"])


@action
def unpublish_letter(actor, letter: MailboxLetter, reason: str) -> MailboxLetter:
    def mutate(locked: MailboxLetter) -> str:
        if not (reason or "").strip():
            raise ValidationError("请填写撤下原因。")
        if locked.published_on is None:
            raise ValidationError("这封来信没有公开。")
        locked.published_on = None
        return reason.strip()

    return change(actor, letter, "interactions.letter_unpublished", mutate, roles=REVIEW_ROLES, fields=LETTER_FIELDS)


@action
def reveal_writer_contact(actor, letter: MailboxLetter) -> MailboxLetter:
    """A handler of the letter's agency asks to see the writer's full phone and e-mail (to call or write
    back). Nothing changes; the reveal is journaled (who, when, which letter) and the letter page shows the
    full data to that handler for a while (common.privacy, as the applications' case page does)."""
    return privacy.record_reveal(actor, letter, "interactions.contact_revealed",
                                 "来信人完整联系信息（联系电话、电子邮箱）", HANDLE_ROLES)


@action
def recompute_due_dates(actor, years: Iterable[int]) -> int:
    """Open letters whose deadline span touches `years`: recompute due date and flag; journal each change.

    Called by the calendar's receiver as whoever confirmed the calendar (already authorised for that). It
    checks no agency role: it only sets each stored deadline to what the confirmed calendar says."""
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


@action
def create_survey(actor, agency: Agency, *, title: str, description: str, opens_on: dt.date, closes_on: dt.date,
                  demo_key: str = "") -> Survey:
    def build() -> Survey:
        if not (title or "").strip():
            raise ValidationError("请填写调查标题。")
        _check_dates(opens_on, closes_on)
        return Survey.objects.create(agency=agency, title=title.strip(), description=description or "",
                                     opens_on=opens_on, closes_on=closes_on, created_by=_account(actor),
                                     demo_key=demo_key)

    return create(actor, agency, "interactions.survey_created", build, roles=SURVEY_ROLES, fields=SURVEY_FIELDS)


@action
def update_survey(actor, survey: Survey, *, title: str, description: str, opens_on: dt.date,
                  closes_on: dt.date) -> Survey:
    def mutate(s: Survey) -> None:
        _check_dates(opens_on, closes_on)
        if s.status == SurveyStatus.CLOSED:
            raise ValidationError("调查已结束，不能再修改。")
        s.title, s.description = title.strip(), description or ""
        s.opens_on, s.closes_on = opens_on, closes_on

    return change(actor, survey, "interactions.survey_changed", mutate, roles=SURVEY_ROLES,
                  fields=[*SURVEY_FIELDS, "description"])


def _draft_only(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError("调查发布后不能再修改问题。")


def _question_entry(question: SurveyQuestion | None, *, kind: bool) -> dict:
    """A question as the journal shows it (all None when there is none)."""
    exists = question is not None
    entry = {"question": question.text if exists else None}
    if kind:
        entry["kind"] = question.kind if exists else None
    entry["options"] = list(question.options.values_list("text", flat=True)) if exists else None
    return entry


@action
def add_question(actor, survey: Survey, *, text: str, kind: str, options: list[str],
                 required: bool = True) -> SurveyQuestion:
    options = [o.strip() for o in options if o and o.strip()]
    made: list[SurveyQuestion] = []

    def mutate(s: Survey) -> None:
        if not (text or "").strip():
            raise ValidationError("请填写问题。")
        if kind not in QuestionKind.values:
            raise ValidationError("请选择题型（单选或多选）。")
        if len(options) < 2:
            raise ValidationError("每个问题至少要有两个选项（每行一个）。")
        if len(set(options)) != len(options):
            raise ValidationError("选项有重复，请删除重复的行。")
        _draft_only(s)
        question = SurveyQuestion.objects.create(survey=s, text=text.strip()[:200], kind=kind, required=required,
                                                 position=s.questions.count() + 1)
        SurveyOption.objects.bulk_create(
            [SurveyOption(question=question, text=o[:100], position=i) for i, o in enumerate(options, 1)]
        )
        made.append(question)

    def entry(_s: Survey) -> tuple[dict, dict]:
        e = _question_entry(made[0] if made else None, kind=True)
        return e, e

    change(actor, survey, "interactions.survey_question_added", mutate, roles=SURVEY_ROLES, save=False, extra=entry,
           fields=[])
    return made[0]


@action
def remove_question(actor, question: SurveyQuestion) -> None:
    def mutate(s: Survey) -> None:
        _draft_only(s)
        question.delete()

    def entry(_s: Survey) -> tuple[dict, dict]:
        e = _question_entry(question if question.pk else None, kind=False)
        return e, e

    change(actor, question.survey, "interactions.survey_question_removed", mutate, roles=SURVEY_ROLES, save=False,
           extra=entry, fields=[])


def _transition(actor, survey: Survey, name: str, allowed_from: SurveyStatus, refused: str,
                to: SurveyStatus, **fields) -> Survey:
    def mutate(s: Survey) -> None:
        if s.status != allowed_from:
            raise ValidationError(refused)
        if to == SurveyStatus.OPEN and not s.questions.exists():
            raise ValidationError("调查至少要有一个问题才能发布。")
        s.status = to
        for key, value in fields.items():
            setattr(s, key, value)

    return change(actor, survey, name, mutate, roles=SURVEY_ROLES, fields=SURVEY_FIELDS)


@action
def open_survey(actor, survey: Survey, now: dt.datetime | None = None) -> Survey:
    return _transition(actor, survey, "interactions.survey_opened", SurveyStatus.DRAFT, "只有草稿状态的调查可以发布。",
                       SurveyStatus.OPEN, opened_at=now or timezone.now())


@action
def close_survey(actor, survey: Survey, now: dt.datetime | None = None) -> Survey:
    return _transition(actor, survey, "interactions.survey_closed", SurveyStatus.OPEN, "只有征集中的调查可以结束。",
                       SurveyStatus.CLOSED, closed_at=now or timezone.now())


@action
def publish_results(actor, survey: Survey, today: dt.date | None = None) -> Survey:
    return _transition(actor, survey, "interactions.survey_results_published", SurveyStatus.CLOSED,
                       "调查结束后才能公布结果。", SurveyStatus.CLOSED,
                       results_published_on=today or timezone.localdate())


def session_hash(session_key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), session_key.encode(), hashlib.sha256).hexdigest()


class AlreadyAnswered(ValidationError):
    pass


@action
def submit_response(actor, survey: Survey, session_key: str, answers: Mapping[int, Iterable[int]],
                    now: dt.datetime | None = None, ip: str | None = None) -> SurveyResponse:
    """A participation from the public (`actor` is `PUBLIC_ACTOR`): `answers` maps question id → chosen
    option ids. Journaled on the survey like `envelope.create`, plus the IP address."""
    authorize(actor, survey.agency, PUBLIC_ROLES)
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
        record("interactions.survey_response", actor=actor, obj=survey, ip=ip,
               after={"response": response.pk, "answers": len(chosen)})
    return response
