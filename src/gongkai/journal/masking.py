"""What the security auditor (安全审计员) reads in the journal (issue 15, item 13; docs/design-notes.md).

The auditor audits conduct, not content: who did what, when, from which agency, to which record, and how
the record's workflow moved (states, dates, codes, roles, flags). Business text — request descriptions,
letter subjects and bodies, replies, reasons, titles, names typed by the public — is not theirs to read
(separation of duties: the auditor holds no business role). So for an auditor every value in an event's
before/after is shown only when its field is one of `AUDIT_FIELDS`; other fields keep their name (the
auditor sees *that* the body changed) with the value replaced by `MASK`. The object's label (often the
request's or letter's title) becomes its type and number, and the free-text note is hidden. Account and
role events (logins, lockouts, passwords set, roles granted) are the auditor's core matter and are shown
in full; they hold no business text. A user who also supervises the
event's agency (政务公开办) reads the event in full, as the business pages already show them all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MASK = "（已隐去）"

# Fields whose values say how a record moved, never what it says.
AUDIT_FIELDS: frozenset[str] = frozenset({
    "agency", "user", "username", "role", "is_active", "is_staff", "is_superuser", "password",
    "tracking_code", "index_no", "state", "status", "is_open", "outcome", "outcome_row", "clock_paused",
    "channel", "applicant_type", "provision_form", "delivery_method", "kind", "category", "format", "year",
    "version", "published_version", "late", "validity", "consent_publish", "assigned_to", "reply_days",
    "arrival_date", "confirmed_date", "receipt_date", "due_date", "closed_on", "due_on", "due_provisional",
    "received_on", "answered_on", "published_on", "formed_on", "effective_on", "validity_changed_on",
    "opens_on", "closes_on", "results_published_on", "computed_at", "reviewed_at", "published_at",
    "first_published_at",
})
# security events: shown in full (API tokens are credentials: who issued or revoked one is audit matter)
OPEN_NOTE_PREFIXES = ("account.", "membership.", "agency.role_", "api_token.")


@dataclass
class AuditorView:
    """An event as the auditor sees it (the attributes the journal page shows)."""

    pk: int
    at: Any
    actor_name: str
    agency: Any
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    note: str


def mask_values(values: Any) -> Any:
    if not isinstance(values, dict):
        return values if values in (None, "", {}) else MASK
    return {k: (v if k in AUDIT_FIELDS else MASK) for k, v in values.items()}


def for_auditor(event) -> AuditorView:
    security_event = event.action.startswith(OPEN_NOTE_PREFIXES)
    if security_event:
        return event
    return AuditorView(
        pk=event.pk, at=event.at, actor_name=event.actor_name, agency=event.agency, action=event.action,
        object_type=event.object_type, object_id=event.object_id,
        object_repr="",  # the record's label may be its title: the page names its kind and number instead
        before=mask_values(event.before), after=mask_values(event.after),
        note=event.note and MASK,
    )


def as_seen_by(events, business_agency_ids: set[int]) -> list:
    """The events of a page: in full where the reader supervises the agency, else as the auditor sees them."""
    return [e if e.agency_id in business_agency_ids else for_auditor(e) for e in events]
