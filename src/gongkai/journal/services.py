"""Writing the journal. Every action function calls `record` in the same transaction as its change."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models, transaction

from gongkai.common.privacy import mask_email, mask_id, mask_name, mask_phone, mask_text
from gongkai.journal.actors import actor_name
from gongkai.journal.models import Event

# Field names whose values never go into the journal in clear (personal data, secrets): masked.
SECRET_FIELDS = {"password", "query_password", "query_password_hash", "query_hash", "submit_token"}
MASKERS = {
    "id_number": mask_id,
    "phone": mask_phone,
    "mobile": mask_phone,
    "contact_phone": mask_phone,
    "email": mask_email,
    "applicant_name": mask_name,
    "writer_name": mask_name,
    "contact_person": mask_name,
    "legal_representative": mask_name,
    "appellant": mask_name,
    "address": mask_text,
    "postal_address": mask_text,
}
SENSITIVE_FIELDS = SECRET_FIELDS | set(MASKERS)


def mask_value(field: str, value: Any) -> Any:
    if value in (None, ""):
        return value
    if field in SECRET_FIELDS:
        return "***"
    return MASKERS[field](str(value)) if field in MASKERS else value


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values (foreign keys as ids), sensitive ones masked."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.name] = jsonable(mask_value(f.name, getattr(obj, f.attname)))
    return data


def record(
    action: str,
    *,
    actor,
    obj: models.Model | None = None,
    agency=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    ip: str | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> Event:
    """Append one event. Must run inside the caller's transaction (atomic with the change)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal.record() must be called inside transaction.atomic() with the change")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if agency is None:
            agency = getattr(obj, "agency", None)
    name = actor_name(actor)  # raises MissingActor: every event names who acted
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return Event.objects.create(
        actor=actor_obj,
        actor_name=name[:150],
        agency=agency,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        note=note,
        ip=ip,
    )


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose value changed, for compact before → after entries."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
