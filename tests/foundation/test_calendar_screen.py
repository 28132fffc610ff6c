import pytest
from django.urls import reverse

from gongkai.journal.models import Event
from gongkai.workcalendar.models import CalendarYear

NOTICE = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至2月11日（周四）放假调休，共7天。2月20日（周六）上班。"""


@pytest.mark.django_db
def test_confirm_screen_preview_then_confirm(client, make_user, agency_tree):
    client.force_login(make_user(agency_tree["city"], "supervisor"))
    url = reverse("workcalendar:confirm")
    resp = client.post(url, {"year": 2027, "notice_text": NOTICE, "source": "国办发明电〔2026〕1号"})
    html = resp.content.decode()
    assert "放假 10 天，调休上班 1 天" in html and "2027-02-20" in html
    assert not CalendarYear.objects.filter(year=2027).exists()  # a preview saves nothing
    resp = client.post(url, {"year": 2027, "notice_text": NOTICE, "source": "国办发明电〔2026〕1号", "confirm": "1"})
    assert resp.status_code == 302
    assert CalendarYear.objects.get(year=2027).status == "confirmed"
    assert Event.objects.filter(action="calendar.year_confirmed", object_id="2027").count() == 1
    assert "已确认" in client.get(reverse("workcalendar:year", args=[2027])).content.decode()


@pytest.mark.django_db
def test_confirm_screen_bad_notice_gets_a_message(client, make_user, agency_tree):
    client.force_login(make_user(agency_tree["city"], "supervisor"))
    resp = client.post(reverse("workcalendar:confirm"), {"year": 2027, "notice_text": "随便写的"})
    assert resp.status_code == 200 and "没有读到任何放假安排" in resp.content.decode()


@pytest.mark.django_db
def test_only_top_supervisor_or_sysadmin_may_confirm(client, make_user, agency_tree):
    client.force_login(make_user(agency_tree["dept"], "officer"))
    assert client.get(reverse("workcalendar:confirm")).status_code == 403
    client.force_login(make_user(agency_tree["county"], "supervisor"))
    assert client.get(reverse("workcalendar:confirm")).status_code == 403


@pytest.mark.django_db
def test_provisional_year_page_says_so(client, make_user, agency_tree):
    client.force_login(make_user(agency_tree["dept"], "officer"))
    html = client.get(reverse("workcalendar:year", args=[2027])).content.decode()
    assert "暂定" in html and "春节" in html and "2027-02-05" in html


@pytest.mark.django_db
def test_year_list_names_the_source_in_words_a_user_understands(client, make_user, agency_tree):
    from gongkai.workcalendar.models import CalendarYear
    from gongkai.workcalendar.seeding import SEEDED_SOURCE

    # a year seeded by an earlier version still carries the package's name in the database
    CalendarYear.objects.filter(year=2025).update(source="国务院办公厅节假日安排通知（chinesecalendar 数据导入）")
    client.force_login(make_user(agency_tree["city"], "supervisor"))
    html = client.get(reverse("workcalendar:list")).content.decode()
    assert "chinesecalendar" not in html
    assert SEEDED_SOURCE in html
