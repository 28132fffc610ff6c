"""Journal events read in Chinese on every page that shows them: action names, field labels,
values before → after (choices, people, yes/no) and Beijing time — never a code or a Python dict."""

import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.applications import actions
from gongkai.applications.models import State
from gongkai.journal.actors import SYSTEM
from gongkai.journal.display import describe, model_for
from gongkai.journal.labels import ACTION_LABELS, action_label
from gongkai.journal.models import Event
from gongkai.journal.services import record

CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
EMAIL = re.compile(r"[\w*.-]+@[\w.-]+")
SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"


def test_every_action_code_in_the_source_has_a_chinese_name():
    prefixes = sorted({code.split(".")[0] for code in ACTION_LABELS})
    pattern = re.compile(r"[\"'](" + "|".join(prefixes) + r")\.([a-z_]+)[\"']")
    found = set()
    for path in SRC.rglob("*.py"):
        if path.name == "labels.py" or "migrations" in path.parts:
            continue
        found |= {f"{m[0]}.{m[1]}" for m in pattern.findall(path.read_text(encoding="utf-8"))}
    assert len(found) > 60
    not_actions = {"agency.role_", "letter.docx", "letter.pdf",  # a prefix and file names
                   "interactions.recompute_letter_due_dates", "interactions.remind_due_letters",  # task names
                   "report.pdf"}  # a file name
    missing = sorted(c for c in found - not_actions if c not in ACTION_LABELS and model_for(c) is None)
    assert missing == []
    assert all(not label.isascii() for label in ACTION_LABELS.values())
    # the consultation actions are named by an f-string with the pause kind
    for kind in ("third_party", "inter_agency"):
        assert f"application.consultation_{kind}_started" in ACTION_LABELS


def test_unknown_code_still_reads_as_chinese():
    assert action_label("user.changed_in_admin", "账号") == "在系统管理中修改账号"
    assert not action_label("something.new").isascii()


@pytest.mark.django_db
def test_describe_renders_values_and_beijing_time(received, staff):
    app = received()
    with transaction.atomic():
        ev = record("application.assigned", actor=SYSTEM, obj=app,
                    before={"state": "registered", "handler": None, "is_open": False,
                            "updated_at": "2026-12-01T16:30:00+00:00"},
                    after={"state": "handling", "handler": staff["officer"].pk, "is_open": True,
                           "updated_at": "2026-12-01T17:05:00+00:00"})
    d = describe(ev)
    rows = {c["field"]: (c["before"], c["after"]) for c in d["changes"]}
    assert d["label"] == "指定承办人"
    labels = dict(State.choices)
    assert rows["状态"] == (labels["registered"], labels["handling"])
    assert not rows["状态"][0].isascii() and not rows["状态"][1].isascii()
    assert rows["承办人"] == ("（空）", "王专员")
    assert rows["办理中"] == ("否", "是")
    # 16:30 UTC is half past midnight the next day in Beijing
    assert ("2026-12-02 00:30:00", "2026-12-02 01:05:00") in rows.values()


@pytest.mark.django_db
def test_case_page_and_journal_show_no_codes(client, received, staff, make_user, agency_tree):
    app = received()
    actions.assign(staff["reviewer"], app, staff["officer"])
    client.force_login(staff["officer"])
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    timeline = html[html.index('<ol class="timeline">'):]
    timeline = timeline[:timeline.index("</ol>")]
    assert "登记申请" in timeline and "指定承办人" in timeline
    assert not CODE.search(timeline), timeline
    auditor = make_user(agency_tree["city"], "auditor")
    client.force_login(auditor)
    html = client.get(reverse("journal:list")).content.decode()
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    assert "指定承办人" in body and "王专员" in body
    assert not CODE.search(EMAIL.sub("", body)) and "{'" not in body and '{"' not in body
    assert "其他内容" not in body  # every field has a Chinese label
    assert Event.objects.filter(action="application.assigned").exists()
