"""The action envelope, written once: lock → check state → check permission → mutate → diff → journal,
in one transaction. Every app's action functions are thin wrappers around `change` and `create`.

    def approve(actor, item, note=""):
        def mutate(locked):
            locked.status = Status.PUBLISHED
            return note                                   # the journal note (optional)
        return change(actor, item, "disclosure.approve", mutate, roles=APPROVE_ROLES,
                      states={Status.REVIEW})

`roles` is required and checked for every actor except `SYSTEM` (see journal.actors). A mutate
function may raise ValidationError (nothing is written) and may save related rows itself; the
envelope saves the locked object after it and journals only the fields that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from gongkai.journal.actors import authorize, require_actor
from gongkai.journal.services import changes, record, snapshot

M = TypeVar("M", bound=models.Model)

IGNORED_FIELDS = frozenset({"updated_at", "modified_at"})


def lock(obj: M) -> M:
    """The object's row, re-read under a row lock (SELECT … FOR UPDATE; SQLite serialises writers)."""
    return obj._meta.model._default_manager.select_for_update().get(pk=obj.pk)  # also for request.user


def state_error(obj: models.Model, state_field: str, allowed: Collection[str] | None = None) -> ValidationError:
    label = getattr(obj, f"get_{state_field}_display", lambda: getattr(obj, state_field))()
    what = obj._meta.verbose_name
    text = f"{what}当前处于“{label}”状态，不能执行此操作。"
    field = obj._meta.get_field(state_field)
    if allowed and field.choices:
        names = dict(field.flatchoices)
        text = text[:-1] + f"（只有在“{'、'.join(str(names.get(s, s)) for s in allowed)}”状态下才可以）。"
    return ValidationError(text)


def check_state(obj: models.Model, states: Collection[str] | None, state_field: str = "state") -> None:
    if states is not None and getattr(obj, state_field) not in states:
        raise state_error(obj, state_field, states)


def change(
    actor,
    obj: M,
    action: str,
    mutate: Callable[[M], str | None],
    *,
    roles: Iterable[str],
    agency=None,
    states: Collection[str] | None = None,
    state_field: str = "state",
    fields: list[str] | None = None,
    before_save: Callable[[M], None] | None = None,
    save: bool = True,
    journal_obj: models.Model | None = None,
    extra: Callable[[M], tuple[dict, dict]] | None = None,
    allow: Callable[[Any, M], bool] | None = None,
) -> M:
    """Change one object under its row lock and journal what changed. Returns the locked object;
    the caller's `obj` is refreshed from the database afterwards. `allow(actor, locked)`: a rule under
    which a staff actor may act without holding `roles` (a user changing their own password)."""
    require_actor(actor)
    with transaction.atomic():
        locked = lock(obj)
        check_state(locked, states, state_field)
        if not (allow is not None and getattr(actor, "is_authenticated", False) and allow(actor, locked)):
            authorize(actor, agency if agency is not None else getattr(locked, "agency", None), roles)
        before = snapshot(locked, fields)
        extra_before = extra(locked)[0] if extra else {}
        note = mutate(locked) or ""
        if before_save is not None:
            before_save(locked)
        if save:
            locked.save()
        b, a = changes(before, snapshot(locked, fields))
        for key in IGNORED_FIELDS:
            b.pop(key, None)
            a.pop(key, None)
        if extra:
            extra_after = extra(locked)[1]
            eb, ea = changes(extra_before, extra_after)
            b.update(eb)
            a.update(ea)
        record(action, actor=actor, obj=journal_obj or locked, agency=_owner(locked, agency),
               before=b, after=a, note=note)
    if obj is not locked:
        obj.refresh_from_db()
    return locked


def _owner(obj: models.Model, agency=None):
    """The agency an event is filed under: the object's own `agency`, else the one the action named
    (an agency's own changes, a staff account's)."""
    owner = getattr(obj, "agency", None)
    return owner if owner is not None else agency


def create(
    actor,
    agency,
    action: str,
    build: Callable[[], M],
    *,
    roles: Iterable[str],
    fields: list[str] | None = None,
    note: str = "",
    ip: str | None = None,
) -> M:
    """Create an object (`build` saves it and returns it) and journal its snapshot (with the client's
    `ip` when a member of the public submitted it)."""
    require_actor(actor)
    with transaction.atomic():
        authorize(actor, agency, roles)
        obj = build()
        record(action, actor=actor, obj=obj, agency=agency, after=snapshot(obj, fields), note=note, ip=ip)
    return obj


def record_batch(actor, agency, action: str, objects: Iterable[models.Model], note: str = "") -> Any:
    """One journal event for a bulk load (demo data, imports of thousands of rows): it lists the ids of
    every record created, so each record is still traceable to who loaded it and when. Must run in the
    transaction that created them."""
    require_actor(actor)
    objs = list(objects)
    if not objs:
        return None
    label = objs[0]._meta.label_lower
    return record(action, actor=actor, agency=agency, object_type=label, object_id=f"{len(objs)} 条",
                  object_repr=f"{objs[0]._meta.verbose_name} {len(objs)} 条",
                  after={"ids": [o.pk for o in objs]}, note=note)


def delete(
    actor,
    obj: M,
    action: str,
    *,
    roles: Iterable[str],
    agency=None,
    check: Callable[[M], str | None] | None = None,
    states: Collection[str] | None = None,
    state_field: str = "state",
    fields: list[str] | None = None,
    note: str = "",
) -> M:
    """Delete one object under its row lock: lock → check state → check permission → `check(locked)`
    (raises ValidationError to refuse, e.g. "it still has children"; may return the journal note) →
    journal its last snapshot → delete. Everything `check` reads is read under the lock. `agency` is
    the agency whose role is checked (default: the object's own) and under which the event is filed
    when the object has none. Rows that cascade with it are not journaled one by one."""
    require_actor(actor)
    with transaction.atomic():
        locked = lock(obj)
        check_state(locked, states, state_field)
        authorize(actor, agency if agency is not None else getattr(locked, "agency", None), roles)
        note = (check(locked) if check is not None else "") or note
        record(action, actor=actor, obj=locked, agency=_owner(locked, agency),
               before=snapshot(locked, fields), note=note)
        locked.delete()
    return locked
