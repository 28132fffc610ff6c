"""The shared action envelope, actors and action menu (journal.envelope, journal.actors, common.actionview)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from gongkai.journal.actors import PUBLIC, SYSTEM, MissingActor, action, authorize, public
from gongkai.journal.envelope import change, record_batch
from gongkai.journal.models import Event
from gongkai.journal.services import record


def _rename(new_name):
    def mutate(agency):
        agency.short_name = new_name
        return "改简称"

    return mutate


@pytest.mark.django_db(transaction=False)
def test_record_refuses_a_missing_actor(agency_tree):
    from django.db import transaction

    with transaction.atomic(), pytest.raises(MissingActor):
        record("x.y", actor=None, obj=agency_tree["dept"])
    with transaction.atomic(), pytest.raises(MissingActor):
        record("x.y", actor="系统", obj=agency_tree["dept"])  # a bare string is not an actor


def test_change_checks_actor_role_and_journals_only_changed_fields(agency_tree, make_user):
    dept = agency_tree["dept"]
    officer = make_user(dept, "officer")
    outsider = make_user(agency_tree["other"], "officer")
    with pytest.raises(MissingActor):
        change(None, dept, "agency.rename", _rename("甲"), roles=("officer",), agency=dept)
    with pytest.raises(PermissionDenied):
        change(outsider, dept, "agency.rename", _rename("甲"), roles=("officer",), agency=dept)
    with pytest.raises(PermissionDenied):
        change(public("公众"), dept, "agency.rename", _rename("甲"), roles=("officer",), agency=dept)
    assert not Event.objects.filter(action="agency.rename").exists()

    change(officer, dept, "agency.rename", _rename("统计局"), roles=("officer",), agency=dept)
    dept.refresh_from_db()
    assert dept.short_name == "统计局"
    event = Event.objects.get(action="agency.rename")
    assert event.actor == officer and event.note == "改简称"
    assert event.after == {"short_name": "统计局"} and set(event.before) == {"short_name"}

    change(SYSTEM, dept, "agency.rename", _rename("市统计局"), roles=("officer",), agency=dept)
    assert Event.objects.filter(action="agency.rename").first().actor_name == "系统"


def test_a_failed_mutation_writes_nothing(agency_tree, make_user):
    dept = agency_tree["dept"]

    def boom(agency):
        agency.short_name = "不应保存"
        raise ValidationError("不行")

    with pytest.raises(ValidationError):
        change(SYSTEM, dept, "agency.rename", boom, roles=("officer",), agency=dept)
    dept.refresh_from_db()
    assert dept.short_name != "不应保存"
    assert not Event.objects.filter(action="agency.rename").exists()


def test_public_actor_only_where_the_action_is_open_to_the_public(agency_tree):
    authorize(public("申请人（网上）"), agency_tree["dept"], ("officer", PUBLIC))
    with pytest.raises(PermissionDenied):
        authorize(public("申请人（网上）"), agency_tree["dept"], ("officer",))


def test_action_decorator_rejects_a_missing_actor_before_anything_runs():
    calls = []

    @action
    def do(actor, thing):
        calls.append(thing)

    with pytest.raises(MissingActor):
        do(None, 1)
    with pytest.raises(MissingActor):
        do(actor=None, thing=1)
    do(SYSTEM, 2)
    assert calls == [2]
    with pytest.raises(TypeError):
        action(lambda thing: None)


def test_record_batch_lists_every_id(agency_tree):
    from django.db import transaction

    from gongkai.agencies.models import Agency

    with transaction.atomic():
        event = record_batch(SYSTEM, agency_tree["city"], "agency.demo_load", Agency.objects.all())
    assert sorted(event.after["ids"]) == sorted(Agency.objects.values_list("id", flat=True))


def test_menu_shows_and_enforces_the_same_rule(agency_tree, make_user):
    rf = RequestFactory()
    from django.contrib.messages.storage.fallback import FallbackStorage

    from gongkai.common.actionview import Action, Menu, perform

    dept = agency_tree["dept"]
    officer, reviewer = make_user(dept, "officer"), make_user(dept, "reviewer")
    done = []
    menu = Menu([
        Action("shorten", "改简称", lambda u, a, d: done.append(a.pk), roles=("officer",),
               agency=lambda a: a, when=lambda a: a.short_name == ""),
    ])
    assert [a.name for a in menu.available(dept, officer)] == ["shorten"]
    assert menu.available(dept, reviewer) == []

    def post(user):
        request = rf.post("/x/")
        request.user = user
        request.session = {}
        request._messages = FallbackStorage(request)
        return request

    with pytest.raises(PermissionDenied):
        perform(post(reviewer), dept, menu, "shorten")
    assert perform(post(officer), dept, menu, "shorten") and done == [dept.pk]
    dept.short_name = "已有"
    assert menu.available(dept, officer) == []
    assert not perform(post(officer), dept, menu, "shorten")  # shown nowhere, refused here
    assert done == [dept.pk]


def test_xlsx_writes_formulas_as_text_and_drops_control_characters():
    from openpyxl import load_workbook

    from gongkai.common.xlsx import write_table

    body = write_table([("台账", ["标题", "数"], [['=HYPERLINK("http://evil.example","点我")', 3],
                                                  ["+1", None], ["坏\x0b字符", 4], ["@SUM(A1)", 5]])])
    ws = load_workbook(io.BytesIO(body)).active
    values = [(c.value, c.data_type) for c in ws["A"]][1:]
    assert values == [('=HYPERLINK("http://evil.example","点我")', "s"), ("+1", "s"), ("坏字符", "s"),
                      ("@SUM(A1)", "s")]
    assert ws["B2"].value == 3
