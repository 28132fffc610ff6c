"""What can be done to a letter or a survey from its staff page: one `Menu` per kind of object, asked
both by the page (which buttons to show) and by the one action view (which POST to accept).

The action functions check everything again under the row lock; the `when`s here only decide what is
offered, so that a button shown is a button allowed."""

from __future__ import annotations

from django import forms

from gongkai.common import forms as clean
from gongkai.common import privacy
from gongkai.common.actionview import Action, Menu
from gongkai.interactions import actions
from gongkai.interactions.forms import PublishForm, QuestionForm, ReasonForm, ReplyForm, ReviewForm
from gongkai.interactions.models import LetterStatus, MailboxLetter, ReplyState, Survey, SurveyStatus


def _open(letter: MailboxLetter) -> bool:
    return letter.status == LetterStatus.OPEN


def _current_in(letter: MailboxLetter, state: str) -> bool:
    current = letter.current_reply
    return _open(letter) and current is not None and current.state == state


def _reply_initial(letter: MailboxLetter) -> dict:
    current = letter.current_reply
    return {"body": current.body if current else "", "replier": current.replier if current else letter.agency.name}


def _publish_initial(letter: MailboxLetter) -> dict:
    """The texts to publish, proposed with the writer's personal data already removed."""
    sent = letter.sent_reply
    contacts = (letter.writer_name, letter.phone, letter.email)
    return {
        "public_subject": letter.public_subject or letter.subject,
        "public_question": letter.public_question or privacy.redact(letter.body, *contacts),
        "public_answer": letter.public_answer or (privacy.redact(sent.body, *contacts) if sent else ""),
    }


def _own_draft(letter: MailboxLetter, user) -> str:
    current = letter.current_reply
    if current is not None and current.drafted_by_id and current.drafted_by_id == user.pk:
        return "这是您起草的答复，需由另一位审核人审核。"
    return ""


LETTERS = Menu([
    Action("send", "发送答复", lambda user, letter, data: actions.send_reply(user, letter.current_reply),
           roles=actions.HANDLE_ROLES, when=lambda letter: _current_in(letter, ReplyState.REVIEWED),
           success="答复已发送，来信人可凭查询码查看。"),
    Action("reply", "保存答复草稿",
           lambda user, letter, data: actions.save_reply_draft(user, letter, data["body"], data["replier"]),
           roles=actions.HANDLE_ROLES, when=_open, form=ReplyForm, initial=_reply_initial,
           success="答复草稿已保存并提交审核，等待审核人处理。"),
    Action("review", "提交审核结论",
           lambda user, letter, data: actions.review_reply(user, letter.current_reply, data["decision"] == "approve",
                                                          data["note"]),
           roles=actions.REVIEW_ROLES, when=lambda letter: _current_in(letter, ReplyState.DRAFT), form=ReviewForm,
           refusal=_own_draft,
           success=lambda letter, data: "审核通过，等待经办人发送答复。" if data["decision"] == "approve" else "已退回，等待经办人修改答复。"),
    Action("close", "办结", lambda user, letter, data: actions.close_letter(user, letter, data["reason"]),
           roles=actions.REVIEW_ROLES, when=_open, form=ReasonForm, style="secondary", success="来信已办结。"),
    Action("publish", "公开问答", lambda user, letter, data: actions.publish_letter(user, letter, **data),
           roles=actions.REVIEW_ROLES, form=PublishForm, initial=_publish_initial, success="问答已公开。",
           when=lambda letter: (letter.status == LetterStatus.ANSWERED and letter.consent_publish
                                and letter.published_on is None)),
    Action("unpublish", "撤下公开", lambda user, letter, data: actions.unpublish_letter(user, letter, data["reason"]),
           roles=actions.REVIEW_ROLES, when=lambda letter: letter.published_on is not None, form=ReasonForm,
           style="secondary", success="问答已撤下。"),
])


# revealing the writer's full contact data: not a handling step, so a menu of its own (as the
# applications' case page has); its POST goes through the same action view
CONTACT = Menu([
    Action("reveal", "查看完整信息", lambda user, letter, data: actions.reveal_writer_contact(user, letter),
           roles=actions.HANDLE_ROLES,
           success=f"已显示来信人完整联系信息（{privacy.REVEAL_MINUTES}分钟内有效），本次查看已记录。"),
])


class QuestionChoiceForm(clean.Form):
    """Which question of the survey (a hidden field beside each question's delete button)."""

    question = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput,
                                      error_messages={"required": "请选择要删除的问题。",
                                                      "invalid_choice": "这个问题已不在本调查中，请刷新页面。"})

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = survey.questions.all()


def _draft(survey: Survey) -> bool:
    return survey.status == SurveyStatus.DRAFT


SURVEYS = Menu([
    Action("open", "发布调查", lambda user, survey, data: actions.open_survey(user, survey),
           roles=actions.SURVEY_ROLES, when=_draft, success="调查已发布，公众可以参与。"),
    Action("close", "结束调查", lambda user, survey, data: actions.close_survey(user, survey),
           roles=actions.SURVEY_ROLES, when=lambda survey: survey.status == SurveyStatus.OPEN, success="调查已结束。"),
    Action("publish_results", "公布结果", lambda user, survey, data: actions.publish_results(user, survey),
           roles=actions.SURVEY_ROLES, success="调查结果已公布。",
           when=lambda survey: survey.status == SurveyStatus.CLOSED and survey.results_published_on is None),
    Action("add_question", "添加问题", lambda user, survey, data: actions.add_question(user, survey, **data),
           roles=actions.SURVEY_ROLES, when=_draft, form=QuestionForm, success="问题已添加。"),
    Action("remove_question", "删除此问题", lambda user, survey, data: actions.remove_question(user, data["question"]),
           roles=actions.SURVEY_ROLES, when=_draft, form=QuestionChoiceForm,
           form_kwargs=lambda survey: {"survey": survey}, style="secondary", success="问题已删除。"),
])

MENUS = {MailboxLetter: LETTERS, Survey: SURVEYS}


def available_actions(obj, user) -> list[Action]:
    """The actions `user` may perform on this letter or survey now."""
    return MENUS[type(obj)].available(obj, user)
