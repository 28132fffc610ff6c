"""Every staff URL of the interactions app, walked as users who must not see the statistics bureau's mailbox."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.interactions import actions
from gongkai.interactions import urls as staff_urls
from gongkai.interactions.available import LETTERS, SURVEYS
from gongkai.interactions.models import MailboxLetter, Survey
from gongkai.journal.models import Event


@pytest.fixture
def dept_records(write_letter, staff, agency_tree):
    letter = write_letter(subject="统计局的机密来信")
    reply = actions.save_reply_draft(staff["officer"], letter, "统计局的答复草稿")
    today = timezone.localdate()
    survey = actions.create_survey(staff["officer"], agency_tree["dept"], title="统计局的调查", description="",
                                   opens_on=today, closes_on=today)
    question = actions.add_question(staff["officer"], survey, text="统计局的问题", kind="single",
                                    options=["甲", "乙"])
    return {"letter": letter, "reply": reply, "survey": survey, "question": question, "agency": agency_tree["dept"]}


def _urls(records):
    """(name, url, has an object) for every staff URL; the action view once per action of its menu."""
    out = []
    for pattern in staff_urls.urlpatterns:
        name = pattern.name
        kwargs = {}
        params = pattern.pattern.converters
        if "pk" in params:
            kwargs["pk"] = (records["survey"] if name.startswith("survey") else records["letter"]).pk
        if "question_id" in params:
            kwargs["question_id"] = records["question"].pk
        if "agency_id" in params:
            kwargs["agency_id"] = records["agency"].pk
        if "name" in params:
            menu = SURVEYS if name.startswith("survey") else LETTERS
            for action in menu.by_name:
                out.append((f"{name}/{action}", reverse(f"interactions:{name}", kwargs={**kwargs, "name": action}),
                            True))
            continue
        out.append((name, reverse(f"interactions:{name}", kwargs=kwargs), bool(kwargs)))
    return out


def test_every_staff_url_is_covered(dept_records):
    names = {name for name, _, _ in _urls(dept_records)}
    assert {"letters", "letter_detail", "letter_action/reply", "letter_action/review", "letter_action/send",
            "letter_action/publish", "letters_export", "settings", "surveys", "survey_detail",
            "survey_action/open"} <= names


@pytest.mark.parametrize("who", ["stranger", "stranger_reviewer", "auditor"])
def test_other_agency_staff_get_403_or_404_and_see_nothing(client, staff, dept_records, who):
    client.force_login(staff[who])
    events_before = Event.objects.count()
    for name, url, has_object in _urls(dept_records):
        for method in ("get", "post"):
            data = {"body": "越权", "decision": "approve", "reason": "越权", "public_subject": "x",
                    "public_question": "x", "public_answer": "x", "reply_days": "3", "categories": "咨询",
                    "mailbox_name": "x", "title": "越权调查", "opens_on": "2026-01-01", "closes_on": "2026-01-02",
                    "agency": str(dept_records["agency"].pk), "text": "越权问题", "kind": "single",
                    "options": "a\nb", "question": str(dept_records["question"].pk)}
            resp = getattr(client, method)(url, data) if method == "post" else client.get(url)
            if has_object:
                # a GET on a POST-only URL is 405 (which reveals nothing either)
                allowed = (403, 404) if method == "post" else (403, 404, 405)
                assert resp.status_code in allowed, (who, method, name, resp.status_code)
                assert "统计局" not in resp.content.decode(), (who, method, name)
            else:
                assert resp.status_code in (200, 302, 400, 405), (who, method, name, resp.status_code)
                body = resp.content
                if name == "letters_export" and method == "get":
                    wb = openpyxl.load_workbook(io.BytesIO(body))
                    assert wb.active.max_row == 1  # headers only
                else:
                    text = body.decode()
                    for secret in ("统计局的机密来信", "统计局的调查", dept_records["letter"].tracking_code):
                        assert secret not in text, (who, method, name)
    # nothing changed: no events, the letter is untouched, no survey made for the bureau
    assert Event.objects.count() == events_before
    letter = MailboxLetter.objects.get(pk=dept_records["letter"].pk)
    assert letter.status == "open" and letter.published_on is None
    assert Survey.objects.filter(agency=dept_records["agency"]).count() == 1


def test_anonymous_is_sent_to_login(client, dept_records):
    for name, url, _ in _urls(dept_records):
        resp = client.get(url)
        assert resp.status_code == 302 and "/accounts/login/" in resp.url, name


def test_the_supervisor_above_sees_but_cannot_handle(client, staff, dept_records):
    client.force_login(staff["supervisor"])
    letter = dept_records["letter"]
    detail = client.get(reverse("interactions:letter_detail", args=[letter.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "统计局的机密来信" in html
    assert "13812345678" not in html and "138****5678" in html  # contacts masked for non-handlers
    resp = client.post(reverse("interactions:letter_action", args=[letter.pk, "reply"]), {"body": "督导越权答复"})
    assert resp.status_code == 403
