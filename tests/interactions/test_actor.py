"""Every action of the mailbox, the surveys and the calendar names who performs it: called without an
actor it fails first (MissingActor) and writes nothing; every public function that writes is an action."""

import datetime as dt
import inspect

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.interactions import actions
from gongkai.journal.actors import MissingActor
from gongkai.journal.models import Event
from gongkai.workcalendar import actions as calendar_actions

# Public functions that only read (each is run below and shown to write nothing).
READ_ONLY = {
    actions: {"mailbox_settings", "compute_due", "find_letter", "session_hash"},
    calendar_actions: {"can_manage_calendar"},
}


def public_functions(module):
    return {name: fn for name, fn in inspect.getmembers(module, inspect.isfunction)
            if fn.__module__ == module.__name__ and not name.startswith("_")}


def action_functions(module):
    return {name: fn for name, fn in public_functions(module).items() if getattr(fn, "is_action", False)}


def call_without_actor(fn, **actor):
    """Call `fn` with placeholders for every argument but the actor (which the decorator checks first)."""
    args, kwargs = [], dict(actor)
    for p in inspect.signature(fn).parameters.values():
        if p.name == "actor" or p.default is not inspect.Parameter.empty:
            continue
        if p.kind == p.KEYWORD_ONLY:
            kwargs[p.name] = object()
        elif p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            args.append(object())
    if "actor" not in actor:  # positional: the actor in its place
        position = list(inspect.signature(fn).parameters).index("actor")
        args.insert(position, None)
    return fn(*args, **kwargs)


@pytest.mark.parametrize("module", [actions, calendar_actions], ids=lambda m: m.__name__)
def test_every_public_function_that_writes_is_an_action(module):
    undecorated = set(public_functions(module)) - set(action_functions(module)) - READ_ONLY[module]
    assert not undecorated, f"{module.__name__}: public functions without @action: {sorted(undecorated)}"
    assert len(action_functions(module)) >= (16 if module is actions else 1)


@pytest.mark.django_db
@pytest.mark.parametrize("name, fn", [(f"{m.__name__}.{n}", f) for m in (actions, calendar_actions)
                                      for n, f in sorted(action_functions(m).items())])
@pytest.mark.parametrize("how", ["positional", "keyword"])
def test_every_action_refuses_a_missing_actor(name, fn, how):
    with pytest.raises(MissingActor, match="必须指明执行者"):
        if how == "keyword":
            call_without_actor(fn, actor=None)
        else:
            call_without_actor(fn)
    assert not Event.objects.exists()


def test_the_read_only_functions_write_nothing(write_letter, agency_tree, make_user):
    letter = write_letter()
    before = Event.objects.count()
    calls = [
        lambda: actions.mailbox_settings(agency_tree["county_dept"]),
        lambda: actions.compute_due(dt.date(2026, 6, 1), 10),
        lambda: actions.find_letter(letter.tracking_code, "secret-123"),
        lambda: actions.session_hash("abc"),
        lambda: calendar_actions.can_manage_calendar(make_user(agency_tree["dept"], "officer")),
    ]
    assert len(calls) == sum(len(names) for names in READ_ONLY.values())
    for call in calls[:-1]:
        with CaptureQueriesContext(connection) as ctx:
            call()
        writes = [q["sql"] for q in ctx.captured_queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE",
                                                                                           "DELETE"}]
        assert writes == []
    assert calls[-1]() is False
    assert Event.objects.count() == before
