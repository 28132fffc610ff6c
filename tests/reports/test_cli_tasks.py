"""`gongkai report build`, the deadline reminders and the workbench panel."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from gongkai.journal.actors import SYSTEM
from gongkai.journal.models import Event
from gongkai.reports import actions
from gongkai.reports.reminders import OVERDUE, due_step, send_reminders

from . import ledger
from .helpers import complete

D = dt.date


def test_build_writes_the_files(year_2021, tmp_path):
    complete(actions.create_report(SYSTEM, year_2021, 2021))  # figures entered and section 五 written
    out = io.StringIO()
    call_command("report", "build", "--agency", year_2021.name, "--year", "2021", "--out", str(tmp_path), stdout=out)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["report.docx", "report.html", "report.json", "report.pdf", "report.xlsx"]
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert data["format"] == "2021" and data["agency"] == year_2021.name and data["findings"] == []
    assert data["table3"]["（七）总计"][6] == 9
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert len(Document(str(tmp_path / "report.docx")).tables) == 3
    assert "检查通过" in out.getvalue()


def test_build_exits_1_with_findings(year_2021, tmp_path, capsys):
    ledger.application(year_2021, D(2021, 8, 1), closed=D(2021, 8, 2))  # closed without outcome → L1
    with pytest.raises(SystemExit) as exc:
        call_command("report", "build", "--agency", year_2021.slug, "--year", "2021", "--format", "2019",
                     "--out", str(tmp_path))
    assert exc.value.code == 1
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["format"] == "2019"


def test_build_bad_input(agency_tree, tmp_path):
    with pytest.raises(CommandError, match="找不到机关"):
        call_command("report", "build", "--agency", "不存在的局", "--year", "2021", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="报告年度"):
        call_command("report", "build", "--agency", agency_tree["dept"].name, "--year", "21", "--out", str(tmp_path))


def test_a_missing_subcommand_is_named_as_before():
    """`gongkai report` alone said “缺少参数：action” before the command was made of SubcommandCommand; the
    argument keeps its name (calendar and case always called theirs “sub”)."""
    with pytest.raises(CommandError, match=r"required: action$"):
        call_command("report")
    with pytest.raises(CommandError, match=r"required: sub$"):
        call_command("calendar")


@pytest.mark.parametrize(
    ("deadline", "today", "step"),
    [
        (D(2022, 1, 31), D(2021, 12, 1), None),
        (D(2022, 1, 31), D(2022, 1, 1), 30),
        (D(2022, 1, 31), D(2022, 1, 16), 15),
        (D(2022, 1, 31), D(2022, 1, 20), 15),
        (D(2022, 1, 31), D(2022, 1, 30), 1),
        (D(2022, 1, 31), D(2022, 1, 31), 1),
        (D(2022, 1, 31), D(2022, 2, 1), OVERDUE),
    ],
)
def test_due_step(deadline, today, step):
    assert due_step(deadline, today) == step


def test_reminders_once_per_step_and_not_after_publishing(agency_tree, make_user):
    officer = make_user(agency_tree["dept"], "officer", email="officer@example.com")
    make_user(agency_tree["city"], "supervisor", email="sup@example.com")
    sent = send_reminders(D(2022, 1, 16))
    departments = {a.name for a, step in sent if step == 15}
    assert agency_tree["dept"].name in departments and agency_tree["city"].name not in {a.name for a, _ in sent}
    assert any(officer.email in m.to for m in mail.outbox)
    assert send_reminders(D(2022, 1, 17)) == []  # the 15-day step was sent already
    report = complete(actions.create_report(SYSTEM, agency_tree["dept"], 2021))
    actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report))
    later = send_reminders(D(2022, 1, 28))
    assert agency_tree["dept"].name not in {a.name for a, _ in later}
    assert agency_tree["other"].name in {a.name for a, _ in later}
    gov = send_reminders(D(2022, 3, 1))
    assert {a.name for a, _ in gov} >= {agency_tree["city"].name, agency_tree["other"].name}
    assert Event.objects.filter(action="report.reminder").count() == len(sent) + len(later) + len(gov)


def test_workbench_panel_shows_deadline(agency_tree, make_user, client):
    client.force_login(make_user(agency_tree["dept"], "officer"))
    page = client.get("/work/").content.decode()
    assert "年度报告" in page and agency_tree["dept"].name in page


def test_reminder_task_fires_at_0830_beijing_time():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from huey.contrib.djhuey import HUEY

    from gongkai.reports.tasks import annual_report_reminders

    assert HUEY.utc  # crontabs are matched against UTC
    beijing = ZoneInfo("Asia/Shanghai")

    def fires(hour, minute):
        local = dt.datetime(2026, 1, 20, hour, minute, tzinfo=beijing)
        utc = local.astimezone(dt.UTC).replace(tzinfo=None)
        return annual_report_reminders.task_class().validate_datetime(utc)

    assert fires(8, 30)
    assert not fires(16, 30) and not fires(0, 30) and not fires(8, 0)
