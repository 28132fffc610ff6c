"""Legal remedies against a reply (救济途径), stated at the end of every reply letter.

- 行政复议: within 60 days of learning of the act (《中华人民共和国行政复议法》第二十条);
- 行政诉讼: within 6 months of learning of the act (《中华人民共和国行政诉讼法》第四十六条).
- 复议机关: since the revised 行政复议法 took effect (2024-01-01, 第二十四条) a department of a local
  government is answerable to 本级人民政府; a government to the government one level up. Vertical systems
  (海关、金融、外汇、税务、国家安全) go to the department one level up — so the body is configured per agency,
  with `default_reconsideration_body` as the default.
"""

from __future__ import annotations

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
DEFAULT_COURT = "有管辖权的人民法院"


def default_reconsideration_body(*, is_government: bool, own_government: str, upper_government: str) -> str:
    """The 复议机关 by the default rule: a department → its 本级人民政府; a government → the one above."""
    if is_government:
        return upper_government or "上一级人民政府"
    return own_government or "本级人民政府"


def remedy_notice(body: str = "", court: str = "") -> str:
    """The sentence of a reply letter telling the applicant where and by when to seek a remedy."""
    to_body = f"向{body}" if body else ""
    return (f"如对本答复不服，可以自收到本告知书之日起{RECONSIDERATION_DAYS}日内{to_body}依法申请行政复议，"
            f"或者自收到本告知书之日起{LITIGATION_MONTHS}个月内依法向{court or DEFAULT_COURT}提起行政诉讼。")
