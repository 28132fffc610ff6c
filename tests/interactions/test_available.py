"""A button shown is a button allowed: the letter and survey pages show exactly `available_actions(obj,
user)`, and the one action view refuses the others (403 without the role, a message in the wrong state)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.interactions import actions
from gongkai.interactions.available import available_actions
from gongkai.interactions.models import LetterStatus, SurveyStatus
from gongkai.journal.models import Event


def buttons(client, obj, detail: str, kind: str) -> set[str]:
    html = client.get(reverse(f"interactions:{detail}", args=[obj.pk])).content.decode()
    prefix = re.escape(reverse(f"interactions:{kind}_action", args=[obj.pk, "x"])[:-2])
    return set(re.findall(prefix + r"([\w-]+)/", html))


def names(obj, user) -> set[str]:
    return {a.name for a in available_actions(obj, user)}


def letter_buttons(client, user, letter) -> set[str]:
    client.force_login(user)
    return buttons(client, letter, "letter_detail", "letter")


def test_letter_page_buttons_are_the_available_actions_in_each_state(client, staff, write_letter):
    officer, reviewer, supervisor = staff["officer"], staff["reviewer"], staff["supervisor"]
    letter = write_letter()
    seen = {}

    def check(state):
        letter.refresh_from_db()
        for who, user in (("officer", officer), ("reviewer", reviewer), ("supervisor", supervisor)):
            shown = letter_buttons(client, user, letter)
            assert shown == names(letter, user), (state, who)
            seen[(state, who)] = shown

    check("new")
    reply = actions.save_reply_draft(officer, letter, "答复草稿")
    check("drafted")
    actions.review_reply(reviewer, reply, approve=True)
    check("reviewed")
    actions.send_reply(officer, reply)
    check("answered")
    actions.publish_letter(reviewer, letter, public_subject="年鉴", public_question="年鉴在哪？",
                           public_answer="在网站上。")
    check("published")

    assert seen[("new", "officer")] == {"reply"}
    assert seen[("new", "reviewer")] == {"reply", "close"}
    assert seen[("drafted", "reviewer")] == {"reply", "review", "close"}
    assert seen[("reviewed", "officer")] == {"send", "reply"}
    assert seen[("answered", "reviewer")] == {"publish"} and seen[("answered", "officer")] == set()
    assert seen[("published", "reviewer")] == {"unpublish"}
    assert all(not shown for (state, who), shown in seen.items() if who == "supervisor")


def test_a_reviewer_is_not_offered_their_own_draft(client, staff, write_letter):
    letter = write_letter()
    actions.save_reply_draft(staff["reviewer"], letter, "我自己起草的答复")
    assert letter_buttons(client, staff["reviewer"], letter) == names(letter, staff["reviewer"]) == {"reply", "close"}
    page = client.get(reverse("interactions:letter_detail", args=[letter.pk])).content.decode()
    assert "这是您起草的答复，需由另一位审核人审核。" in page
    events = Event.objects.count()
    resp = client.post(reverse("interactions:letter_action", args=[letter.pk, "review"]), {"decision": "approve"},
                       follow=True)
    assert "操作未完成：这是您起草的答复" in resp.content.decode()
    assert Event.objects.count() == events


@pytest.mark.parametrize("who, name, status", [
    ("supervisor", "reply", 403), ("officer", "close", 403), ("officer", "publish", 403),
    ("stranger", "reply", 404),  # another agency's officer does not even find the letter
])
def test_an_action_without_the_role_is_refused(client, staff, write_letter, who, name, status):
    letter = write_letter()
    client.force_login(staff[who])
    events = Event.objects.count()
    resp = client.post(reverse("interactions:letter_action", args=[letter.pk, name]),
                       {"body": "越权", "reason": "越权", "public_subject": "x", "public_question": "x",
                        "public_answer": "x"})
    assert resp.status_code == status
    assert Event.objects.count() == events
    letter.refresh_from_db()
    assert letter.status == LetterStatus.OPEN and not letter.replies.exists()


def test_an_action_in_the_wrong_state_is_a_message_not_a_change(client, staff, write_letter):
    letter = write_letter()
    client.force_login(staff["reviewer"])
    events = Event.objects.count()
    for name, label in (("send", "发送答复"), ("review", "提交审核结论"), ("unpublish", "撤下公开"),
                        ("publish", "公开问答")):
        resp = client.post(reverse("interactions:letter_action", args=[letter.pk, name]),
                           {"decision": "approve", "reason": "x", "public_subject": "x", "public_question": "x",
                            "public_answer": "x"})
        assert resp.status_code == 302 and resp.url == reverse("interactions:letter_detail", args=[letter.pk])
        page = client.get(resp.url).content.decode()
        assert f"操作未完成：当前状态下不能“{label}”" in page, name
    assert Event.objects.count() == events
    assert client.post(reverse("interactions:letter_action", args=[letter.pk, "nosuch"])).status_code == 404


def test_survey_page_buttons_are_the_available_actions(client, staff, agency_tree):
    officer, supervisor = staff["officer"], staff["supervisor"]
    today = timezone.localdate()
    survey = actions.create_survey(officer, agency_tree["dept"], title="满意度调查", description="",
                                   opens_on=today, closes_on=today + dt.timedelta(days=5))
    for q in ("问题一", "问题二"):
        actions.add_question(officer, survey, text=q, kind="single", options=["是", "否"])

    def shown(user):
        client.force_login(user)
        return buttons(client, survey, "survey_detail", "survey")

    assert shown(officer) == names(survey, officer) == {"open", "add_question", "remove_question"}
    assert shown(supervisor) == names(survey, supervisor) == set()
    # delete a question through the menu's hidden field, then publish
    first = survey.questions.first()
    client.force_login(officer)
    client.post(reverse("interactions:survey_action", args=[survey.pk, "remove_question"]), {"question": first.pk})
    assert [q.text for q in survey.questions.all()] == ["问题二"]
    assert Event.objects.filter(action="interactions.survey_question_removed").get().before["question"] == "问题一"
    client.post(reverse("interactions:survey_action", args=[survey.pk, "open"]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert shown(officer) == names(survey, officer) == {"close"}
    resp = client.post(reverse("interactions:survey_action", args=[survey.pk, "add_question"]),
                       {"text": "晚了", "kind": "single", "options": "a\nb"}, follow=True)
    assert "操作未完成：当前状态下不能“添加问题”" in resp.content.decode()
    client.force_login(supervisor)
    assert client.post(reverse("interactions:survey_action", args=[survey.pk, "close"])).status_code == 403
    actions.close_survey(officer, survey)
    survey.refresh_from_db()
    assert shown(officer) == names(survey, officer) == {"publish_results"}
