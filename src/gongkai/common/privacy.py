"""Personal data: masking for lists, exports and the journal, and removal before text is published."""

from __future__ import annotations

import re

PHONE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
ID_RE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PLACEHOLDER = "***"


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """At most the first three and the last four characters stay; short values keep less."""
    digits = (phone or "").strip()
    n = len(digits)
    if n <= 4:
        return "*" * n
    if n <= 7:
        return "*" * (n - 2) + digits[-2:]
    head = 3 if n >= 11 else 1
    return digits[:head] + "*" * (n - head - 4) + digits[-4:]


def mask_id(value: str, keep_head: int = 4, keep_tail: int = 4) -> str:
    """ID and credit-code numbers: the first and last four characters stay (short values keep one)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep_head + keep_tail:
        return value[:1] + "*" * (len(value) - 1)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


def mask_text(value: str) -> str:
    """Free text that may identify a person (an address): only the first two characters stay."""
    value = (value or "").strip()
    return value[:2] + "***" if len(value) > 2 else "*" * len(value)


def mask_email(email: str) -> str:
    email = (email or "").strip()
    if "@" not in email:
        return mask_phone(email)
    local, domain = email.split("@", 1)
    return (local[:1] or "*") + "***@" + domain


class Masked:
    """A read-only attribute of a model that shows one of its fields masked, for pages and exports that
    show personal data only in part: `masked_phone = Masked("phone", mask_phone)`."""

    def __init__(self, field: str, mask) -> None:
        self.field, self.mask = field, mask

    def __get__(self, obj, owner=None):
        return self if obj is None else self.mask(getattr(obj, self.field))


def personal_data_found(text: str, writer_name: str = "", phone: str = "", email: str = "") -> list[str]:
    """The kinds of personal data still in `text` (Chinese labels), empty when none is found."""
    found = []
    if PHONE_RE.search(text) or LANDLINE_RE.search(text) or (phone and phone in text):
        found.append("电话号码")
    if ID_RE.search(text):
        found.append("身份证号码")
    if EMAIL_RE.search(text) or (email and email in text):
        found.append("电子邮箱")
    if writer_name and len(writer_name.strip()) >= 2 and writer_name.strip() in text:
        found.append("来信人姓名")
    return found


def redact(text: str, writer_name: str = "", phone: str = "", email: str = "") -> str:
    """A proposal for the published text: phone numbers, ID numbers, e-mails and the writer's name removed."""
    out = text or ""
    for value in (phone, email):
        if value:
            out = out.replace(value, PLACEHOLDER)
    out = ID_RE.sub(PLACEHOLDER, out)
    out = EMAIL_RE.sub(PLACEHOLDER, out)
    out = PHONE_RE.sub(PLACEHOLDER, out)
    out = LANDLINE_RE.sub(PLACEHOLDER, out)
    name = (writer_name or "").strip()
    if len(name) >= 2:
        out = out.replace(name, mask_name(name))
    return out


# ---- the explicit reveal: staff who must call or write to a person see the full data on request ----------
# Lists, exports, the 案卷 and the journal stay masked; a page shows the full phone, ID number, address or
# e-mail to the one staff member who asked, for REVEAL_MINUTES, and every ask is journaled (who, when, which
# record). Both the applications' case page and the mailbox's letter page use these two functions.

REVEAL_MINUTES = 10


def record_reveal(actor, obj, action: str, what: str, roles):
    """Journal that `actor` asked to see the full personal data `what` of `obj` (through the action
    envelope: role check at the object's agency, nothing saved). Call it from the app's @action."""
    from gongkai.journal.envelope import change

    return change(actor, obj, action, lambda locked: f"查看{what}", roles=roles, states=None, save=False)


def revealed_to(user, obj, action: str, minutes: int = REVEAL_MINUTES) -> bool:
    """Whether `user` asked to see `obj`'s full data (journal `action`) within the last `minutes`."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.journal.models import Event

    if not getattr(user, "is_authenticated", False):
        return False
    since = timezone.now() - dt.timedelta(minutes=minutes)
    return Event.objects.for_object(obj).filter(action=action, actor=user, at__gte=since).exists()
