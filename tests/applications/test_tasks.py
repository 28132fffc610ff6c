"""huey tasks: applicant messages on each step (email + a pluggable SMS gateway) and the daily digest."""

import datetime as dt

from django.core import mail

from gongkai.applications import actions, notify, tasks
from gongkai.applications.models import Application

SENT_SMS: list[tuple[str, str]] = []


class FakeGateway(notify.SmsNotifier):
    def deliver(self, phone, text):
        SENT_SMS.append((phone, text))
        return True


def test_each_step_messages_the_applicant_by_email_and_sms(received, staff, settings,
                                                           django_capture_on_commit_callbacks):
    settings.GONGKAI_NOTIFIERS = ["gongkai.applications.notify.EmailNotifier", f"{__name__}.FakeGateway"]
    SENT_SMS.clear()
    app = received(dt.date(2026, 3, 2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_correction(staff["officer"], app, "请写明年份", dt.date(2026, 3, 20), on=dt.date(2026, 3, 3))
    assert len(mail.outbox) == 1 and "请写明年份" in mail.outbox[0].body and mail.outbox[0].to == ["zhangsan@example.com"]
    assert SENT_SMS and SENT_SMS[0][0] == "13800001234" and "请写明年份" in SENT_SMS[0][1]
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_correction(actions.APPLICANT_ONLINE, app, "2025年", on=dt.date(2026, 3, 5))
        actions.reply(staff["officer"], app, "disclosed", on=dt.date(2026, 3, 6))
    assert "予以公开" in mail.outbox[-1].body and len(mail.outbox) == 3


def test_daily_digest_task_function(received, staff, calendar):
    staff["officer"].email = "officer@example.gov.cn"
    staff["officer"].save()
    app = received(dt.date(2026, 3, 2))
    mail.outbox.clear()
    day = app.due_date + dt.timedelta(days=1)
    assert notify.daily_digest(day) == 1
    assert "已超期 1 件" in mail.outbox[0].body and app.tracking_code in mail.outbox[0].body
    assert mail.outbox[0].to == ["officer@example.gov.cn"]
    mail.outbox.clear()
    early = calendar.add_workdays(dt.date(2026, 3, 2), 5)
    assert notify.daily_digest(early) == 0 and not mail.outbox


def test_task_enqueued_and_run_by_the_huey_consumer(received, tmp_path):
    """Not immediate mode: the task goes into a real queue and a huey consumer worker executes it."""
    from huey import SqliteHuey
    from huey.consumer import Consumer
    from huey.contrib.djhuey import HUEY

    app = received(dt.date(2026, 3, 2))
    mail.outbox.clear()
    queue = SqliteHuey("gongkai-test", filename=str(tmp_path / "q.sqlite3"))
    task_fn = queue.task()(tasks.notify_applicant.func)
    result = task_fn(app.pk, "received")
    assert len(queue) == 1 and not mail.outbox
    # the consumer's own worker, run one loop in this thread (same database connection as the test)
    consumer = Consumer(queue, workers=1, periodic=False)
    worker = consumer._create_worker()
    worker.loop()
    assert len(queue) == 0 and result.get() == 1
    assert "答复期限为" in mail.outbox[0].body
    assert HUEY.immediate  # the project's queue stays in immediate mode for the other tests
    assert Application.objects.filter(pk=app.pk).exists()


def test_daily_digest_query_count_does_not_grow_with_agencies(received, staff, agency_tree, make_user,
                                                             django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for user in (staff["officer"], staff["other_officer"]):
        user.email = f"{user.username}@example.gov.cn"
        user.save()
    one = received(dt.date(2026, 3, 2))
    day = one.due_date + dt.timedelta(days=1)
    with CaptureQueriesContext(connection) as single:
        assert notify.daily_digest(day) == 1
    received(dt.date(2026, 3, 2), agency=agency_tree["other"])
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as double:
        assert notify.daily_digest(day) == 2
    assert len(double.captured_queries) == len(single.captured_queries)
    assert sorted(m.to[0] for m in mail.outbox) == ["env_officer@example.gov.cn", "officer1@example.gov.cn"]


def test_digest_runs_at_eight_in_the_morning_beijing_time():
    """huey's crontab is evaluated in UTC (djhuey default utc=True): 08:00 Beijing = 00:00 UTC."""
    from huey.contrib.djhuey import HUEY

    assert HUEY.utc
    validate = tasks.daily_digest.task_class().validate_datetime
    assert validate(dt.datetime(2026, 3, 2, 0, 0)) and not validate(dt.datetime(2026, 3, 2, 8, 0))
