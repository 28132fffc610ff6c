"""The contract of disclosures.actions: every public function changes state through the envelope, is an
@action, refuses a missing actor before anything runs, and reads what it checks under the row lock."""

import datetime as dt
import inspect

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.disclosures import actions
from gongkai.disclosures.models import CatalogueNode, DisclosureItem, Status
from gongkai.journal import envelope
from gongkai.journal.actors import SYSTEM, MissingActor, public
from gongkai.journal.models import Event


def public_functions():
    return sorted(
        (name, fn) for name, fn in vars(actions).items()
        if inspect.isfunction(fn) and not name.startswith("_") and fn.__module__ == actions.__name__
    )


def test_every_public_function_of_actions_is_an_action():
    names = [name for name, _ in public_functions()]
    # every public function of the module writes (helpers are private): the list is the module's API
    assert {"create_item", "update_item", "submit_item", "approve_content", "return_to_draft", "approve_secrecy",
            "withdraw_item", "expire_item", "set_validity", "add_attachment", "remove_attachment",
            "record_publication", "save_tallies", "import_items", "bulk_load_items", "bulk_create_nodes",
            "save_node", "delete_node", "save_guide", "set_index_pattern", "recompute_lateness"} <= set(names)
    undecorated = [name for name, fn in public_functions() if not getattr(fn, "is_action", False)]
    assert undecorated == []


def _call_without_actor(fn, actor):
    """Call `fn` with `actor` and None for every other required argument (positional or keyword-only)."""
    sig = inspect.signature(fn)
    args, kwargs = [], {}
    for name, param in sig.parameters.items():
        value = actor if name == "actor" else None
        if param.kind is param.KEYWORD_ONLY:
            if param.default is param.empty or name == "actor":
                kwargs[name] = value
        elif param.default is param.empty or name == "actor":
            args.append(value)
    return fn(*args, **kwargs)


@pytest.mark.parametrize(("name", "fn"), public_functions(), ids=[n for n, _ in public_functions()])
@pytest.mark.parametrize("missing", [None, "系统"], ids=["none", "bare-string"])
def test_every_action_refuses_a_missing_actor(name, fn, missing, db):
    before = Event.objects.count()
    with pytest.raises(MissingActor):
        _call_without_actor(fn, missing)
    assert Event.objects.count() == before


def test_actor_given_by_keyword_is_also_checked(staff):
    with pytest.raises(MissingActor):
        actions.create_item(actor=None, agency=staff["agency"], data={"title": "t"})
    with pytest.raises(MissingActor):
        actions.recompute_lateness(actor=None, years={2020})


def test_system_acts_and_is_journaled_as_system(staff):
    item = actions.create_item(SYSTEM, staff["agency"], {"title": "系统建的草稿", "formed_on": dt.date(2020, 1, 2)})
    assert item.created_by is None
    assert Event.objects.for_object(item).get().actor_name == "系统"


def test_public_actor_cannot_act_on_the_ledger(staff):
    with pytest.raises(PermissionDenied):
        actions.create_item(public(), staff["agency"], {"title": "t", "formed_on": dt.date(2020, 1, 2)})
    assert not DisclosureItem.objects.exists()


def test_recompute_lateness_needs_someone_who_may_change_the_calendar(staff):
    with pytest.raises(PermissionDenied):
        actions.recompute_lateness(staff["reviewer"], {2020})
    assert actions.recompute_lateness(SYSTEM, {2020}) == 0


# --- lock, then check: what a check reads is read under the row lock ----------------------------------
def _meanwhile(monkeypatch, before_lock):
    """Run `before_lock(obj)` right before the envelope takes its row lock: another request's change
    landing between the caller's read and the lock."""
    real_lock = envelope.lock

    def lock(obj):
        before_lock(obj)
        return real_lock(obj)

    monkeypatch.setattr(envelope, "lock", lock)


def test_delete_node_checks_emptiness_under_the_lock(staff, monkeypatch):
    agency, officer = staff["agency"], staff["officer"]
    node = actions.save_node(officer, agency, name="统计公报")
    _meanwhile(monkeypatch, lambda n: CatalogueNode.objects.create(agency=agency, parent=n, name="月报"))
    with pytest.raises(ValidationError, match="下级栏目"):
        actions.delete_node(officer, node)
    assert CatalogueNode.objects.filter(pk=node.pk).exists()
    assert not Event.objects.filter(action="catalogue.delete").exists()

    monkeypatch.undo()
    empty = actions.save_node(officer, agency, name="空栏目")
    _meanwhile(monkeypatch, lambda n: DisclosureItem.objects.create(
        agency=agency, node=n, title="刚放进来的信息", publisher="x", formed_on=dt.date(2020, 1, 2)))
    with pytest.raises(ValidationError, match="还有 1 条信息"):
        actions.delete_node(officer, empty)
    assert CatalogueNode.objects.filter(pk=empty.pk).exists()


def test_delete_node_journals_the_deleted_node(staff):
    node = actions.save_node(staff["officer"], staff["agency"], name="临时栏目")
    actions.delete_node(staff["reviewer"], node)
    event = Event.objects.get(action="catalogue.delete")
    assert event.object_id == str(node.pk) and event.before["name"] == "临时栏目"
    assert event.actor == staff["reviewer"]
    assert not CatalogueNode.objects.filter(pk=node.pk).exists()


def test_return_to_draft_decides_the_role_from_the_locked_state(staff, monkeypatch):
    """The reviewer opened the item in content review; meanwhile it passed content review. Sending it
    back now needs the secrecy reviewer: the reviewer is refused, and the item stays where it is."""
    item = actions.create_item(staff["officer"], staff["agency"], {"title": "t", "formed_on": dt.date(2020, 1, 2)})
    actions.submit_item(staff["officer"], item)
    stale = DisclosureItem.objects.get(pk=item.pk)
    assert stale.status == Status.CONTENT_REVIEW
    _meanwhile(monkeypatch, lambda obj: DisclosureItem.objects.filter(pk=obj.pk).update(
        status=Status.SECRECY_REVIEW))
    with pytest.raises(PermissionDenied):
        actions.return_to_draft(staff["reviewer"], stale, "标题有误")
    # (the simulated concurrent change ran inside the refused transaction, so it is rolled back with it)
    assert DisclosureItem.objects.get(pk=item.pk).status != Status.DRAFT
    assert not Event.objects.filter(action="disclosure.return").exists()
    monkeypatch.undo()
    DisclosureItem.objects.filter(pk=item.pk).update(status=Status.SECRECY_REVIEW)
    with pytest.raises(PermissionDenied):
        actions.return_to_draft(staff["reviewer"], stale, "标题有误")
    done = actions.return_to_draft(staff["secrecy"], stale, "涉及内部信息")
    assert done.status == Status.DRAFT


def test_withdraw_checks_the_state_under_the_lock(staff, publish, monkeypatch):
    item = publish()
    _meanwhile(monkeypatch, lambda obj: DisclosureItem.objects.filter(pk=obj.pk).update(status=Status.WITHDRAWN))
    with pytest.raises(ValidationError, match="当前状态为“已撤回”"):
        actions.expire_item(staff["officer"], item, "过时")
