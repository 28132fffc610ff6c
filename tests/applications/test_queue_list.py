"""The officer's application list: 剩余工作日 with colour, sortable columns, page numbers and count,
a saved default filter, and dashboard counts equal to the lists they link to."""

import datetime as dt
import re

from django.urls import reverse

from gongkai.applications import listing
from gongkai.applications.deadlines import today
from gongkai.applications.models import Application
from gongkai.applications.panel import workbench_panel

COUNT = re.compile(r'id="queue-count">共 (\d+) 件')


def _count(html: str) -> int:
    return int(COUNT.search(html).group(1))


def _codes(html: str) -> list[str]:
    return re.findall(r'<td class="col-code"><a href="[^"]+">([^<]+)</a>', html)


def test_remaining_workdays_column_with_colours(client, received, staff, calendar):
    day = today()
    overdue = received(day - dt.timedelta(days=60))
    soon, later, paused = received(day), received(day), received(day)
    Application.objects.filter(pk=soon.pk).update(due_date=calendar.add_workdays(day, 2))
    Application.objects.filter(pk=later.pk).update(due_date=calendar.add_workdays(day, 10))
    Application.objects.filter(pk=paused.pk).update(due_date=None, clock_paused=True)
    client.force_login(staff["officer"])
    html = client.get(reverse("applications:queue"), {"state": "open"}).content.decode()
    assert "剩余工作日" in html
    late_days = calendar.workdays_between(overdue.due_date, day)
    assert f'remaining-overdue">超期 {late_days} 个工作日' in html
    assert 'remaining-soon">2 个工作日' in html
    assert 'remaining-ok">10 个工作日' in html
    assert 'remaining-paused">暂停计时' in html


def test_columns_sort_both_ways(client, received, staff):
    apps = [received(dt.date(2026, 3, d)) for d in (2, 9, 4)]
    client.force_login(staff["officer"])
    url = reverse("applications:queue")
    up = _codes(client.get(url, {"state": "open", "sort": "receipt"}).content.decode())
    down = _codes(client.get(url, {"state": "open", "sort": "-receipt"}).content.decode())
    by_date = [a.tracking_code for a in sorted(apps, key=lambda a: a.receipt_date)]
    assert up == by_date and down == by_date[::-1]
    html = client.get(url, {"state": "open", "sort": "receipt"}).content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-receipt" in html  # clicking again reverses
    bad = client.get(url, {"sort": "password"})  # an unknown column: the default order, no error
    assert bad.status_code == 200 and len(_codes(bad.content.decode())) == 3


def test_page_numbers_and_count(client, received, staff, settings):
    from gongkai.applications import views_staff

    for i in range(7):
        received(dt.date(2026, 3, 2) + dt.timedelta(days=i))
    client.force_login(staff["officer"])
    old = views_staff.PAGE_SIZE
    views_staff.PAGE_SIZE = 2
    try:
        html = client.get(reverse("applications:queue"), {"state": "open", "page": 2}).content.decode()
    finally:
        views_staff.PAGE_SIZE = old
    assert _count(html) == 7 and "第 2 / 4 页" in html and "共 4 页" in html
    assert '<strong aria-current="page">2</strong>' in html
    for n in (1, 3, 4):
        assert f"page={n}\">{n}</a>" in html


def test_saved_default_filter(client, received, staff):
    mine = received(dt.date(2026, 3, 2))
    other = received(dt.date(2026, 3, 3))
    from gongkai.applications import actions

    actions.assign(staff["reviewer"], mine, staff["officer"])
    client.force_login(staff["officer"])
    url = reverse("applications:queue")
    assert len(_codes(client.get(url).content.decode())) == 2  # nothing saved yet: all open cases
    resp = client.post(reverse("applications:save_default"), {"state": "open", "mine": "1"})
    assert resp.status_code == 302 and listing.COOKIE in resp.cookies
    resp = client.get(url)
    assert resp.status_code == 302 and resp["Location"].endswith("?state=open&mine=1")
    html = client.get(resp["Location"]).content.decode()
    assert _codes(html) == [mine.tracking_code] and other.tracking_code not in html
    assert "当前筛选是默认筛选" in html
    client.post(reverse("applications:save_default"), {"clear": "1"})
    assert client.get(url).status_code == 200


def test_a_forged_default_cookie_is_ignored(client, received, staff):
    received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    client.cookies[listing.COOKIE] = "state=closed"
    assert client.get(reverse("applications:queue")).status_code == 200


def test_dashboard_counts_equal_the_lists_they_link_to(client, rf, received, staff, calendar):
    day = today()
    received(day - dt.timedelta(days=60))
    soon = received(day)
    Application.objects.filter(pk=soon.pk).update(due_date=calendar.add_workdays(day, 2))
    received(day, channel="ordinary_post")  # by ordinary post: receipt not yet confirmed
    from gongkai.applications import actions

    actions.assign(staff["reviewer"], soon, staff["officer"])
    client.force_login(staff["officer"])
    # a saved default must not change what the dashboard's links show
    client.post(reverse("applications:save_default"), {"due": "soon"})
    request = rf.get("/")
    request.user = staff["officer"]
    panel = workbench_panel(request)
    links = re.findall(r'<a href="([^"]+)">[^<]*<strong>(\d+)</strong>', panel)
    assert len(links) == 5 and sum(int(n) for _, n in links) > 0
    for href, n in links:
        html = client.get(href.replace("&amp;", "&")).content.decode()
        assert _count(html) == int(n), href


def test_a_paused_case_is_labelled_with_the_models_pause_reason(client, received, staff):
    """Issue 11 item 6: the list and the status page take the pause reason's label from
    applications.models.PauseReason (it was typed again in the list's view)."""
    from gongkai.applications.models import PauseReason
    from gongkai.applications.public_status import describe

    apps = {}
    for reason in (PauseReason.THIRD_PARTY, PauseReason.INTER_AGENCY, PauseReason.FEE):
        apps[reason] = received(today())
        Application.objects.filter(pk=apps[reason].pk).update(clock_paused=True, pause_reason=reason)
    client.force_login(staff["officer"])
    html = client.get(reverse("applications:queue"), {"state": "open"}).content.decode()
    for reason, app in apps.items():
        app.refresh_from_db()
        assert f"·{reason.label}" in html and reason.label in describe(app).stage
