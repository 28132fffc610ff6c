"""Art. 49 of the 条例: by when an agency publishes the annual report of a statistics year.

Since the 2019 revision (in force 15 May 2019, so from the 2019 reports on): 县级以上人民政府部门 by
31 January of the next year, 县级以上地方人民政府 (its 政府信息公开工作主管部门) by 31 March. Under the
2008 条例 everybody had until 31 March. One table, used for the stored deadlines, the reminders and
every sentence that states the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    month: int
    day: int  # of the year after the statistics year

    def date(self, year: int) -> dt.date:
        return dt.date(year + 1, self.month, self.day)

    @property
    def phrase(self) -> str:
        return f"次年{self.month}月{self.day}日"


REVISED_FROM_YEAR = 2019  # first statistics year reported under the revised Art. 49
DEPARTMENT = Deadline(1, 31)
GOVERNMENT = Deadline(3, 31)
BEFORE_REVISION = Deadline(3, 31)  # 2008 条例: everybody


def deadline_rule(year: int, is_government: bool) -> Deadline:
    if year < REVISED_FROM_YEAR:
        return BEFORE_REVISION
    return GOVERNMENT if is_government else DEPARTMENT


def publication_deadline(year: int, is_government: bool) -> dt.date:
    """The last day to publish the report of statistics year `year`."""
    return deadline_rule(year, is_government).date(year)


def rule_sentence(year: int = REVISED_FROM_YEAR) -> str:
    """The rule in one Chinese sentence, e.g. for help text: "部门应于次年1月31日前、人民政府应于次年3月31日前发布"."""
    dept, gov = deadline_rule(year, False), deadline_rule(year, True)
    if dept == gov:
        return f"部门和人民政府均应于{dept.phrase}前发布"
    return f"部门应于{dept.phrase}前、人民政府应于{gov.phrase}前发布"


def who(is_government: bool) -> str:
    """How Art. 49 names the agency bound by the deadline."""
    return "人民政府" if is_government else "政府部门"
