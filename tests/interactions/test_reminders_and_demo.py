import datetime as dt

from django.core import mail
from django.utils import timezone

from gongkai.interactions import demo, reporting
from gongkai.interactions.models import MailboxLetter, Survey
from gongkai.interactions.reminders import remind_due_letters
from gongkai.journal.models import Event


def test_daily_reminder_goes_to_each_agencys_staff(staff, write_letter, agency_tree, calendar):
    today = dt.date(2026, 6, 15)
    on = lambda d: timezone.make_aware(dt.datetime.combine(d, dt.time(10)))  # noqa: E731
    overdue = write_letter(subject="早已超期", now=on(dt.date(2026, 5, 6)))
    soon = write_letter(subject="即将到期", now=on(dt.date(2026, 6, 3)))
    later = write_letter(subject="还早", now=on(dt.date(2026, 6, 12)))
    write_letter(agency=agency_tree["other"], subject="别的机关", now=on(dt.date(2026, 5, 6)))
    assert soon.due_on <= calendar.add_workdays(today, 3) < later.due_on
    sent = remind_due_letters(today)
    # only the bureau has staff with e-mail; the other agency's officer has none
    assert sent == {agency_tree["dept"].id: ["officer@example.cn", "rev@example.cn"]}
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert "1 封已超期，1 封即将到期" in msg.subject
    assert overdue.tracking_code in msg.body and soon.tracking_code in msg.body
    assert later.tracking_code not in msg.body and "别的机关" not in msg.body
    assert "13812345678" not in msg.body and "张三丰" not in msg.body


def test_demo_data_has_the_seed_figures_and_is_idempotent(db):
    from gongkai.agencies import demo as agencies_demo

    agencies_demo.load()
    demo.load()
    from gongkai.agencies.models import Agency

    tjj = Agency.objects.get(slug="luzhou-tjj")
    assert reporting.mailbox_stats([tjj.id], 2020) == {"received": 44, "answered": 44, "published": 44}
    assert reporting.survey_count([tjj.id], 2020) == 1
    survey = reporting.survey_drilldown([tjj.id], 2020).get()
    assert survey.results_published and survey.responses.count() > 0
    letters = MailboxLetter.objects.filter(agency=tjj, received_on__year=2020)
    assert all(lt.answered_on <= lt.due_on for lt in letters)
    assert all("138" not in lt.public_question for lt in letters)
    this_year = timezone.localdate().year
    assert MailboxLetter.objects.filter(agency=tjj, received_on__year=this_year, status="open").exists()
    counts = (MailboxLetter.objects.count(), Survey.objects.count(), Event.objects.count())
    demo.load()
    assert (MailboxLetter.objects.count(), Survey.objects.count(), Event.objects.count()) == counts
