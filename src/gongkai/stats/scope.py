"""Which agencies a dashboard covers: the chosen agency's subtree, limited to what the user may see
(`gongkai.agencies.scoping`): a supervisor its whole subtree, an agency's leader or officer its own agency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import visible_agency_ids
from gongkai.common.params import parse_int, parse_year
from gongkai.common.period import Period, parse_range

FIRST_YEAR = 2008


@dataclass
class Selection:
    root: Agency
    agencies: list[Agency]  # the root's subtree that the user may see, by path (root first)
    choices: list[Agency]  # every agency the user may choose
    period: Period  # a calendar year or a date range
    error: str = ""  # what was wrong with the requested period (a Chinese message), when it was replaced

    @property
    def year(self) -> int:
        """The year the period ends in (the annual reports shown; the year picker's value)."""
        return self.period.last.year

    @property
    def ids(self) -> list[int]:
        return [a.pk for a in self.agencies]


def select(request, today: dt.date) -> Selection:
    """The selection from ?agency=<id>&year=<yyyy> or ?agency=<id>&from=<date>&to=<date>; an agency the
    user may not see is a 404 (as if it did not exist), a bad year falls back to this year, a bad range to
    the year with a message saying what was wrong."""
    visible = visible_agency_ids(request.user)
    if not visible:
        raise Http404("您没有可查看统计的机关。")
    choices = list(Agency.objects.filter(id__in=visible).order_by("path"))
    raw = request.GET.get("agency")
    if raw:
        wanted = parse_int(raw, minimum=1)
        root = next((a for a in choices if a.pk == wanted), None)
        if root is None:
            raise Http404("没有这个机关，或您无权查看它的统计。")
    else:
        root = min(choices, key=lambda a: (len(a.path), a.path))
    year = parse_year(request.GET.get("year"), today.year)
    if year < FIRST_YEAR or year > today.year + 1:
        year = today.year
    period, error = Period.of_year(year), ""
    raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
    if raw_from or raw_to:
        ranged, error = parse_range(raw_from, raw_to, FIRST_YEAR, dt.date(today.year + 1, 12, 31))
        period = ranged or period
    agencies = [a for a in choices if a.path.startswith(root.path)]
    return Selection(root, agencies, choices, period, error)
