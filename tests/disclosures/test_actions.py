"""The review workflow and the other ledger actions: permission, state, journal, versions, lateness."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.disclosures import actions, search
from gongkai.disclosures.models import Channel, DisclosureItem, ItemChannel, SearchDoc, Status
from gongkai.journal.actors import SYSTEM
from gongkai.journal.models import Event


def test_full_workflow_publishes_with_index_channels_and_journal(staff, publish, calendar):
    item = publish(published_on=dt.date(2020, 3, 20))
    assert item.status == Status.PUBLISHED
    assert item.index_no == f"{staff['agency'].slug}/2020-00001"
    assert not item.late and item.publication_workdays == calendar.workdays_between(item.formed_on, item.published_on)
    assert list(ItemChannel.objects.filter(item=item).values_list("channel", flat=True)) == [Channel.WEBSITE]
    actions_seen = list(Event.objects.for_object(item).order_by("id").values_list("action", flat=True))
    assert actions_seen == ["disclosure.create", "disclosure.submit", "disclosure.content_approve", "disclosure.publish"]
    assert SearchDoc.objects.filter(item=item).exists()
    second = publish(published_on=dt.date(2020, 4, 1))
    assert second.index_no.endswith("2020-00002")


def test_roles_are_separate(staff):
    item = actions.create_item(staff["officer"], staff["agency"], {"title": "t", "formed_on": dt.date(2020, 1, 2)})
    with pytest.raises(PermissionDenied):
        actions.approve_content(staff["officer"], item)
    actions.submit_item(staff["officer"], item)
    with pytest.raises(PermissionDenied):
        actions.approve_secrecy(staff["reviewer"], item)  # wrong role and wrong state
    actions.approve_content(staff["reviewer"], item)
    with pytest.raises(PermissionDenied):
        actions.approve_secrecy(staff["reviewer"], item)
    with pytest.raises(PermissionDenied):
        actions.create_item(staff["outsider"], staff["agency"], {"title": "x", "formed_on": dt.date(2020, 1, 2)})


def test_state_is_checked(staff):
    item = actions.create_item(staff["officer"], staff["agency"], {"title": "t", "formed_on": dt.date(2020, 1, 2)})
    with pytest.raises(ValidationError, match="当前状态为“草稿”"):
        actions.approve_content(staff["reviewer"], item)


def test_return_needs_reason_and_goes_back_to_draft(staff):
    item = actions.create_item(staff["officer"], staff["agency"], {"title": "t", "formed_on": dt.date(2020, 1, 2)})
    actions.submit_item(staff["officer"], item)
    with pytest.raises(ValidationError, match="退回理由"):
        actions.return_to_draft(staff["reviewer"], item, "")
    item = actions.return_to_draft(staff["reviewer"], item, "标题有误")
    assert item.status == Status.DRAFT and item.review_note == "标题有误"


def test_late_item_is_flagged(staff, publish, calendar):
    published_on = dt.date(2025, 6, 30)
    formed = published_on
    for _ in range(25):  # 25 working days back
        formed -= dt.timedelta(days=1)
        while not calendar.is_workday(formed):
            formed -= dt.timedelta(days=1)
    item = publish({"formed_on": formed}, published_on=published_on)
    assert item.publication_workdays == 25 and item.late
    on_time = publish({"formed_on": calendar.add_workdays(formed, 5)}, published_on=published_on)
    assert on_time.publication_workdays == 20 and not on_time.late


def test_published_item_changes_make_a_version(staff, publish):
    item = publish()
    with pytest.raises(ValidationError, match="变更说明"):
        actions.update_item(staff["officer"], item, {"title": "新标题"})
    item = actions.update_item(staff["officer"], item, {"title": "新标题"}, change_note="更正标题错字")
    assert item.version == 2 and item.status == Status.CONTENT_REVIEW
    old = item.versions.get()
    assert old.number == 1 and old.data["title"] == "泸州市2020年国民经济和社会发展统计公报"
    assert old.change_note == "更正标题错字"
    assert not SearchDoc.objects.filter(item=item).exists()  # off the portal until approved again
    actions.approve_content(staff["reviewer"], item)
    item = actions.approve_secrecy(staff["secrecy"], item)
    assert item.status == Status.PUBLISHED and item.index_no.endswith("00001")
    assert ItemChannel.objects.filter(item=item).count() == 1
    assert "disclosure.republish" in Event.objects.for_object(item).values_list("action", flat=True)


def test_withdraw_and_expire(staff, publish):
    a, b = publish(), publish()
    with pytest.raises(ValidationError, match="原因"):
        actions.withdraw_item(staff["reviewer"], a, " ")
    with pytest.raises(PermissionDenied):
        actions.withdraw_item(staff["officer"], a, "错误")
    a = actions.withdraw_item(staff["reviewer"], a, "内容有误")
    assert a.status == Status.WITHDRAWN and not SearchDoc.objects.filter(item=a).exists()
    b = actions.expire_item(staff["officer"], b, "通知已过时效")
    assert b.status == Status.EXPIRED and SearchDoc.objects.filter(item=b).exists()
    assert b.end_reason == "通知已过时效"


def test_body_is_sanitized(staff):
    item = actions.create_item(staff["officer"], staff["agency"], {
        "title": "t", "formed_on": dt.date(2020, 1, 2),
        "body": '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>',
    })
    assert "script" not in item.body and "onclick" not in item.body and "javascript" not in item.body
    assert "正文" in item.body


def test_attachments_checked_by_content(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.GONGKAI_PRIVATE_ROOT = tmp_path / "private"
    item = actions.create_item(staff["officer"], staff["agency"], {"title": "t", "formed_on": dt.date(2020, 1, 2)})
    att = actions.add_attachment(staff["officer"], item, "公报.pdf", b"%PDF-1.4\n%test\n")
    assert att.kind == "pdf" and att.size == 15
    with pytest.raises(ValidationError, match="不符"):
        actions.add_attachment(staff["officer"], item, "假的.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="类型不支持"):
        actions.add_attachment(staff["officer"], item, "x.exe", b"MZ")


def test_normative_validity(staff, publish):
    doc = publish({"doc_type": "normative", "title": "管理办法", "effective_on": dt.date(2020, 4, 1)})
    assert doc.validity == "valid" and doc.art20_item == "A20_04"
    with pytest.raises(ValidationError, match="请填写已废止的日期"):
        actions.set_validity(staff["reviewer"], doc, "repealed", None)
    doc = actions.set_validity(staff["reviewer"], doc, "repealed", dt.date(2021, 5, 1), "被新办法替代")
    assert doc.validity_changed_on == dt.date(2021, 5, 1)
    with pytest.raises(ValidationError, match="不能恢复为有效"):
        actions.set_validity(staff["reviewer"], doc, "valid", None)


def test_interpretation_links(staff, publish):
    doc = publish({"requires_interpretation": True})
    interp = actions.create_item(staff["officer"], staff["agency"], {
        "title": "解读", "formed_on": dt.date(2020, 3, 3), "doc_type": "interpretation", "interprets": [doc]})
    assert list(interp.interprets.all()) == [doc]
    with pytest.raises(ValidationError, match="政策解读"):
        actions.create_item(staff["officer"], staff["agency"], {
            "title": "x", "formed_on": dt.date(2020, 3, 3), "interprets": [doc]})


def test_catalogue_nodes(staff):
    agency, officer = staff["agency"], staff["officer"]
    root = actions.save_node(officer, agency, name="统计信息")
    child = actions.save_node(officer, agency, name="统计公报", parent=root)
    assert child.path == f"{root.path}{child.pk}/"
    with pytest.raises(ValidationError, match="同一级下已有"):
        actions.save_node(officer, agency, name="统计公报", parent=root)
    with pytest.raises(ValidationError, match="它自己或它的下级"):
        actions.save_node(officer, agency, name="统计信息", parent=child, node=root)
    with pytest.raises(ValidationError, match="下级栏目"):
        actions.delete_node(officer, root)
    actions.delete_node(officer, child)


def test_guide_requires_elements(staff):
    with pytest.raises(ValidationError, match="收费标准"):
        actions.save_guide(staff["officer"], staff["agency"], {"office": "办公室"})


def test_index_pattern_setting(staff, publish):
    with pytest.raises(ValidationError, match="必须包含"):
        actions.set_index_pattern(staff["reviewer"], staff["agency"], "{年}")
    actions.set_index_pattern(staff["reviewer"], staff["agency"], "TJJ-{年}-{序号:03}")
    assert publish(published_on=dt.date(2021, 2, 1)).index_no == "TJJ-2021-001"


def test_calendar_change_recomputes_lateness(staff, publish, calendar):
    from gongkai.workcalendar.models import CalendarYear, DayKind, ExceptionDay, YearStatus
    from gongkai.workcalendar.service import clear_cache
    from gongkai.workcalendar.signals import calendar_changed

    formed = dt.date(2031, 3, 3)  # a year nobody has confirmed
    item = publish({"formed_on": formed}, published_on=calendar.add_workdays(formed, 20))
    assert not item.late
    year = CalendarYear.objects.update_or_create(year=2031, defaults={"status": YearStatus.CONFIRMED})[0]
    ExceptionDay.objects.create(year=year, date=dt.date(2031, 3, 10), kind=DayKind.HOLIDAY, name="测试假日")
    clear_cache()
    calendar_changed.send(sender=None, years={2031}, actor=SYSTEM)
    item.refresh_from_db()
    assert item.publication_workdays == 19 and not item.late
    assert Event.objects.for_object(item).filter(action="disclosure.lateness_recomputed").count() == 1


def test_search_index_follows_actions(staff, publish):
    item = publish({"body": "<p>规模以上工业增加值</p>"})
    assert search.search("工业增加").item_ids == [item.pk]
    assert DisclosureItem.objects.get(pk=item.pk).search_doc.text.startswith("泸州市2020年")
