"""The appeal actions name who performs them: without an actor they fail first and write nothing."""

import datetime as dt
import inspect

import pytest

from gongkai.appeals import actions
from gongkai.appeals.models import Appeal
from gongkai.journal.actors import SYSTEM, MissingActor
from gongkai.journal.models import Event


def test_every_public_function_is_an_action():
    public = {name: fn for name, fn in inspect.getmembers(actions, inspect.isfunction)
              if fn.__module__ == actions.__name__ and not name.startswith("_")}
    assert set(public) == {"create", "update"}
    assert all(getattr(fn, "is_action", False) for fn in public.values())


def test_create_and_update_refuse_a_missing_actor(agency_tree):
    data = {"kind": "reconsideration", "filed_on": dt.date(2026, 4, 1), "result": "pending"}
    with pytest.raises(MissingActor):
        actions.create(None, agency_tree["dept"], data)
    with pytest.raises(MissingActor):
        actions.create(actor=None, agency=agency_tree["dept"], data=data)
    assert not Appeal.objects.exists() and not Event.objects.exists()
    appeal = actions.create(SYSTEM, agency_tree["dept"], data)
    with pytest.raises(MissingActor):
        actions.update(None, appeal, {**data, "result": "upheld", "closed_on": dt.date(2026, 5, 1)})
    appeal.refresh_from_db()
    assert appeal.result == "pending"
    assert list(Event.objects.values_list("action", "actor_name")) == [("appeal.created", "系统")]
