"""agencies.actions and accounts.actions: who may do what, every change journaled, the admin site, the
agency screen, the password page and the demo loader all going through them."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.accounts import actions as accounts
from gongkai.accounts.models import User
from gongkai.agencies import actions as agencies
from gongkai.agencies.models import Agency, Membership
from gongkai.journal.actors import SYSTEM, MissingActor, public
from gongkai.journal.models import Event

PW = "Pw-for-tests-2026"
NEW_PW = "Another-pass-2026!"

ACTIONS = {
    agencies: ["create_agency", "update_agency", "delete_agency", "grant_role", "revoke_role", "change_role"],
    accounts: ["create_account", "update_account", "activate", "deactivate", "set_password", "reset_password",
               "delete_account"],
}


def _functions_with_an_actor(module):
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ == module.__name__ and not name.startswith("_"):
            if "actor" in inspect.signature(fn).parameters:
                yield name, fn


@pytest.mark.parametrize("module", list(ACTIONS), ids=lambda m: m.__name__)
def test_every_action_is_marked_and_refuses_a_missing_actor(module):
    found = dict(_functions_with_an_actor(module))
    assert sorted(found) == sorted(ACTIONS[module])
    for name, fn in found.items():
        assert getattr(fn, "is_action", False), name
        n_args = len([p for p in inspect.signature(fn).parameters.values()
                      if p.default is inspect.Parameter.empty and p.kind == p.POSITIONAL_OR_KEYWORD])
        with pytest.raises(MissingActor):
            fn(None, *[object()] * (n_args - 1))
        with pytest.raises(MissingActor):
            fn("系统", *[object()] * (n_args - 1))


@pytest.fixture
def people(agency_tree, make_user):
    return {
        "sysadmin": make_user(agency_tree["city"], "sysadmin", username="sa"),
        "superuser": make_user(None, username="root", is_superuser=True, is_staff=True),
        "supervisor": make_user(agency_tree["city"], "supervisor", username="city_sup"),
        "county_supervisor": make_user(agency_tree["county"], "supervisor", username="county_sup"),
        "officer": make_user(agency_tree["dept"], "officer", username="dept_officer"),
    }


def test_contact_details_by_the_supervisor_above_or_the_sysadmin(agency_tree, people):
    dept = agency_tree["dept"]
    agencies.update_agency(people["supervisor"], dept, phone="0830-3110000", disclosure_office="办公室")
    dept.refresh_from_db()
    assert (dept.phone, dept.disclosure_office) == ("0830-3110000", "办公室")
    event = Event.objects.get(action="agency.updated")
    assert event.actor == people["supervisor"] and event.agency == dept
    assert set(event.after) == {"phone", "disclosure_office"}
    for who in ("officer", "county_supervisor"):  # own agency's officer; a supervisor of another subtree
        with pytest.raises(PermissionDenied):
            agencies.update_agency(people[who], dept, address="别处")
    with pytest.raises(PermissionDenied):
        agencies.update_agency(public(), dept, address="别处")
    agencies.update_agency(people["county_supervisor"], agency_tree["county_dept"], address="县府路1号")
    agencies.update_agency(people["sysadmin"], agency_tree["county_dept"], address="县府路2号")
    agencies.update_agency(people["superuser"], dept, office_hours="工作日")
    # the same values again: no change, no event
    before = Event.objects.count()
    agencies.update_agency(people["supervisor"], dept, phone="0830-3110000")
    assert Event.objects.count() == before


def test_identity_and_tree_only_by_the_sysadmin(agency_tree, people):
    dept, county = agency_tree["dept"], agency_tree["county"]
    with pytest.raises(PermissionDenied):
        agencies.update_agency(people["supervisor"], dept, name="改名的统计局")
    with pytest.raises(PermissionDenied):
        agencies.create_agency(people["supervisor"], name="新局", slug="t-new", parent=agency_tree["city"])
    agencies.update_agency(people["sysadmin"], dept, parent=county)
    dept.refresh_from_db()
    assert dept.path.startswith(county.path)
    with pytest.raises(ValidationError, match="上级机关不能是它自己或它的下级机关"):
        agencies.update_agency(people["sysadmin"], county, parent=dept)
    with pytest.raises(ValidationError):  # the model's own checks: a name already taken
        agencies.update_agency(people["sysadmin"], dept, name=agency_tree["other"].name)
    with pytest.raises(ValidationError):
        agencies.update_agency(people["sysadmin"], dept, colour="red")
    new = agencies.create_agency(people["sysadmin"], name="测试市新局", slug="t-new", parent=agency_tree["city"],
                                 phone="0830-1")
    assert new.path.startswith(agency_tree["city"].path)
    event = Event.objects.get(action="agency.created")
    assert event.object_id == str(new.pk) and event.agency == agency_tree["city"]
    with pytest.raises(ValidationError, match="下级机关"):
        agencies.delete_agency(people["sysadmin"], agency_tree["city"])
    agencies.update_agency(people["sysadmin"], new, phone="0830-2")  # an event filed under it now
    with pytest.raises(ValidationError, match="不能删除"):
        agencies.delete_agency(people["sysadmin"], new)
    empty = agencies.create_agency(people["sysadmin"], name="空机关", slug="t-empty", parent=county)
    with pytest.raises(PermissionDenied):
        agencies.delete_agency(people["supervisor"], empty)
    agencies.delete_agency(people["sysadmin"], empty)
    assert not Agency.objects.filter(slug="t-empty").exists()
    assert Event.objects.get(action="agency.deleted").object_id == str(empty.pk)


def test_role_grants_only_by_the_sysadmin(agency_tree, people, make_user):
    newcomer = make_user(None, username="newcomer")
    dept = agency_tree["dept"]
    for who in ("supervisor", "officer"):
        with pytest.raises(PermissionDenied):
            agencies.grant_role(people[who], newcomer, dept, "reviewer")
    m = agencies.grant_role(people["sysadmin"], newcomer, dept, "reviewer")
    assert agencies.grant_role(people["sysadmin"], newcomer, dept, "reviewer") == m  # already held: no change
    event = Event.objects.get(action="membership.granted")
    assert event.agency == dept and event.after["role"] == "reviewer" and event.actor == people["sysadmin"]
    with pytest.raises(ValidationError):
        agencies.grant_role(people["sysadmin"], newcomer, dept, "emperor")
    with pytest.raises(PermissionDenied):
        agencies.revoke_role(people["supervisor"], m)
    moved = agencies.change_role(people["sysadmin"], m, role="leader")
    assert moved.role == "leader" and not Membership.objects.filter(pk=m.pk).exists()
    agencies.revoke_role(people["sysadmin"], moved)
    assert not Membership.objects.filter(user=newcomer).exists()
    assert list(Event.objects.filter(object_type="agencies.membership").order_by("id")
                .values_list("action", flat=True)) == ["membership.granted", "membership.revoked",
                                                       "membership.granted", "membership.revoked"]


def test_accounts_only_by_the_sysadmin(agency_tree, people):
    with pytest.raises(PermissionDenied):
        accounts.create_account(people["supervisor"], "x1", password=PW)
    user = accounts.create_account(people["sysadmin"], "x1", password=PW, full_name="新同事", phone="13812345678")
    assert user.check_password(PW) and not user.is_staff
    event = Event.objects.get(action="account.created")
    assert event.after["password"] == "***" and event.after["phone"] == "138****5678"
    with pytest.raises(ValidationError):  # the configured password validators apply
        accounts.create_account(people["sysadmin"], "x2", password="123")
    with pytest.raises(ValidationError):  # the username is taken
        accounts.create_account(people["sysadmin"], "x1", password=PW)
    with pytest.raises(PermissionDenied):
        accounts.deactivate(people["supervisor"], user)
    accounts.deactivate(people["sysadmin"], user)
    user.refresh_from_db()
    assert not user.is_active
    accounts.activate(people["superuser"], user)
    with pytest.raises(ValidationError, match="不能停用自己的账户"):
        accounts.deactivate(people["sysadmin"], people["sysadmin"])
    with pytest.raises(ValidationError, match="不能删除自己的账户"):
        accounts.delete_account(people["sysadmin"], people["sysadmin"])
    accounts.delete_account(people["sysadmin"], user)
    assert not User.objects.filter(username="x1").exists()
    assert Event.objects.filter(action="account.deleted", object_repr="新同事").exists()


def test_passwords_set_by_oneself_or_the_sysadmin_never_journaled_in_clear(people):
    officer = people["officer"]
    accounts.set_password(officer, officer, NEW_PW)
    officer.refresh_from_db()
    assert officer.check_password(NEW_PW)
    with pytest.raises(PermissionDenied):
        accounts.set_password(people["supervisor"], officer, PW)
    with pytest.raises(ValidationError):
        accounts.set_password(officer, officer, "short")
    temporary = accounts.reset_password(people["sysadmin"], officer)
    officer.refresh_from_db()
    assert len(temporary) == accounts.RESET_LENGTH and officer.check_password(temporary)
    notes = list(Event.objects.filter(object_type="accounts.user").order_by("id").values_list("action", "note"))
    assert notes == [("account.password_set", "本人修改密码"), ("account.password_reset", "系统管理员重置密码")]
    assert not Event.objects.filter(after__icontains=temporary).exists()
    assert not Event.objects.filter(after__icontains=NEW_PW).exists()


def test_agency_screen_edits_contact_details_for_the_supervisor(client, agency_tree, people):
    dept = agency_tree["dept"]
    detail, edit = reverse("agencies:detail", args=[dept.pk]), reverse("agencies:edit", args=[dept.pk])
    client.force_login(people["officer"])
    assert edit not in client.get(detail).content.decode()  # a button shown is a button allowed
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"phone": "1"}).status_code == 403
    client.force_login(people["supervisor"])
    assert edit in client.get(detail).content.decode()
    assert client.get(edit).status_code == 200
    data = {"address": "江阳区酒城大道1号", "postcode": "646000", "phone": "0830-3118000", "website": "",
            "disclosure_office": "办公室", "office_hours": "工作日"}
    resp = client.post(edit, data)
    assert resp.status_code == 302 and resp.url == detail
    dept.refresh_from_db()
    assert dept.phone == "0830-3118000"
    assert Event.objects.get(action="agency.updated").actor == people["supervisor"]
    resp = client.post(edit, {**data, "website": "不是网址", "postcode": "1234567"})
    assert resp.status_code == 200 and "有效" in resp.content.decode()
    client.force_login(people["county_supervisor"])  # the county's supervisor does not see the city's bureau
    assert client.get(edit).status_code == 404


def test_password_page_goes_through_the_action(client, people):
    officer = people["officer"]
    client.force_login(officer)
    resp = client.post(reverse("accounts:password_change"),
                       {"old_password": PW, "new_password1": NEW_PW, "new_password2": NEW_PW})
    assert resp.status_code == 302 and resp.url == reverse("workbench:home")
    assert client.get(reverse("workbench:home")).status_code == 200  # still logged in
    officer.refresh_from_db()
    assert officer.check_password(NEW_PW)
    assert Event.objects.get(action="account.password_set").actor == officer
    resp = client.post(reverse("accounts:password_change"),
                       {"old_password": "wrong", "new_password1": PW, "new_password2": PW})
    assert resp.status_code == 200 and Event.objects.filter(action="account.password_set").count() == 1


def test_admin_site_saves_through_the_actions(client, agency_tree, people):
    client.force_login(people["superuser"])
    resp = client.post("/sysadmin/accounts/user/add/", {"username": "viaadmin", "usable_password": "true",
                                                        "password1": NEW_PW, "password2": NEW_PW})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    user = User.objects.get(username="viaadmin")
    assert user.check_password(NEW_PW)
    assert Event.objects.get(action="account.created").actor == people["superuser"]
    resp = client.post(f"/sysadmin/accounts/user/{user.pk}/password/",
                       {"usable_password": "true", "password1": PW, "password2": PW})
    assert resp.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PW)
    assert Event.objects.get(action="account.password_set").note == "系统管理员设置密码"
    resp = client.post("/sysadmin/agencies/agency/add/", {
        "name": "测试市审计局", "slug": "t-audit", "parent": agency_tree["city"].pk, "level": "city",
        "kind": "department", "sort_order": "0", "may_receive_applications": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000", "memberships-0-user": user.pk, "memberships-0-role": "officer"})
    assert resp.status_code == 302, resp.content.decode()[:3000]
    audit = Agency.objects.get(slug="t-audit")
    assert Membership.objects.filter(user=user, agency=audit, role="officer").exists()
    assert Event.objects.filter(action="agency.created", object_id=str(audit.pk)).exists()
    assert Event.objects.get(action="membership.granted").agency == audit
    # an agency cannot be put below its own subtree: a form error, not a 500
    city = agency_tree["city"]
    resp = client.post(f"/sysadmin/agencies/agency/{city.pk}/change/", {
        "name": city.name, "slug": city.slug, "parent": audit.pk, "level": "city", "kind": "government",
        "sort_order": "0", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"})
    assert resp.status_code == 200 and "上级机关不能是它自己或它的下级机关" in resp.content.decode()


def test_demo_agencies_load_through_the_actions_and_a_rerun_writes_nothing(db):
    from gongkai.agencies import demo

    demo.load()
    counts = {a: Event.objects.filter(action=a).count()
              for a in ("agency.created", "account.created", "membership.granted")}
    assert counts == {"agency.created": len(demo.AGENCIES), "account.created": len(demo.USERS),
                      "membership.granted": len(demo.USERS)}
    assert set(Event.objects.values_list("actor_name", flat=True)) == {"系统"}
    before = Event.objects.count()
    demo.load()
    assert Event.objects.count() == before
    tjj = Agency.objects.get(slug="luzhou-tjj")
    agencies.update_agency(SYSTEM, tjj, address="自定义地址", disclosure_office="被改过的办公室")
    demo.load()  # the demo's office comes back; an address someone entered stays
    tjj.refresh_from_db()
    assert tjj.address == "自定义地址" and tjj.disclosure_office == "泸州市统计局办公室"


def test_admin_inline_role_edits_and_deletions_go_through_the_actions(client, agency_tree, people, make_user):
    dept = agency_tree["dept"]
    target = make_user(None, username="inline_target")
    m = agencies.grant_role(people["sysadmin"], target, dept, "officer")
    client.force_login(people["superuser"])
    url = f"/sysadmin/agencies/agency/{dept.pk}/change/"
    base = {k: ("" if v is None else v) for k, v in client.get(url).context["adminform"].form.initial.items()
            if k != "parent"}
    members = list(dept.memberships.order_by("pk"))
    rows = {"memberships-TOTAL_FORMS": str(len(members)), "memberships-INITIAL_FORMS": str(len(members)),
            "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"}
    for i, member in enumerate(members):
        rows.update({f"memberships-{i}-id": member.pk, f"memberships-{i}-agency": dept.pk,
                     f"memberships-{i}-user": member.user_id, f"memberships-{i}-role": member.role})
    i = members.index(m)
    resp = client.post(url, {**base, "parent": dept.parent_id, **rows, f"memberships-{i}-role": "reviewer"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    moved = Membership.objects.get(user=target)
    assert moved.role == "reviewer"
    assert [e.action for e in Event.objects.filter(object_type="agencies.membership").order_by("id")] == [
        "membership.granted", "membership.revoked", "membership.granted"]
    rows[f"memberships-{i}-id"] = moved.pk
    resp = client.post(url, {**base, "parent": dept.parent_id, **rows, f"memberships-{i}-role": "reviewer",
                             f"memberships-{i}-DELETE": "on"})
    assert resp.status_code == 302 and not Membership.objects.filter(user=target).exists()
    assert Event.objects.filter(object_type="agencies.membership").latest("id").action == "membership.revoked"
    assert not Event.objects.filter(action="agency.updated").exists()  # the agency's own fields did not change
