"""Legal remedies against a reply (救济途径), stated at the end of every reply letter.

- 行政复议: within 60 days of learning of the act (《中华人民共和国行政复议法》第二十条);
- 行政诉讼: within 6 months of learning of the act (《中华人民共和国行政诉讼法》第四十六条).
"""

from __future__ import annotations

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6


def remedy_notice() -> str:
    """The sentence of a reply letter telling the applicant where and by when to seek a remedy."""
    return (f"如对本答复不服，可以自收到本告知书之日起{RECONSIDERATION_DAYS}日内依法申请行政复议，"
            f"或者自收到本告知书之日起{LITIGATION_MONTHS}个月内依法向人民法院提起行政诉讼。")
