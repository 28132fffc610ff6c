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
