"""Was a report published on time (条例 Art. 49: a department by 31 January, a government by 31 March
of the following year — rules.report_deadline), judged from the portal's publication record: the
first version's publication time (a later 更正 does not move it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

ON_TIME, LATE, OVERDUE, PENDING = "on_time", "late", "overdue", "pending"
BADGE = {ON_TIME: "ok", LATE: "bad", OVERDUE: "bad", PENDING: ""}


@dataclass(frozen=True)
class Timeliness:
    status: str  # ON_TIME, LATE (published after the deadline), OVERDUE (not published, deadline passed), PENDING
    deadline: dt.date
    published_on: dt.date | None
    days: int  # late: days after the deadline; pending: days left

    @property
    def label(self) -> str:
        if self.status == ON_TIME:
            return f"按期发布（{self.published_on:%Y-%m-%d}）"
        if self.status == LATE:
            return f"逾期发布（{self.published_on:%Y-%m-%d}，晚 {self.days} 天）"
        if self.status == OVERDUE:
            return f"逾期未发布（期限 {self.deadline:%Y-%m-%d}，已过 {self.days} 天）"
        return f"未发布（期限 {self.deadline:%Y-%m-%d}，还有 {self.days} 天）"

    @property
    def badge(self) -> str:
        return BADGE[self.status]


def judge(deadline: dt.date, published_on: dt.date | None, today: dt.date) -> Timeliness:
    if published_on is not None:
        late = (published_on - deadline).days
        return Timeliness(LATE if late > 0 else ON_TIME, deadline, published_on, max(late, 0))
    left = (deadline - today).days
    return Timeliness(OVERDUE if left < 0 else PENDING, deadline, None, abs(left))


def timeliness(report, today: dt.date) -> Timeliness:
    """The report against its deadline, from its first publication on the portal."""
    first = report.first_published_at or report.published_at
    return judge(report.deadline, timezone.localdate(first) if first else None, today)
