"""Ledger rows for the statistics tests (the workflows that write them are tested by their own apps)."""

from __future__ import annotations

import datetime as dt
import itertools

_seq = itertools.count(1)


def application(agency, received: dt.date, closed: dt.date | None = None, outcome_row: str = "",
                applicant_type: str = "natural_person", **extra):
    from gongkai.applications.models import Application

    n = next(_seq)
    return Application.objects.create(
        agency=agency, tracking_code=f"ST{n:08d}", applicant_type=applicant_type, applicant_name=f"统计测试人{n}",
        info_description="所需信息", channel="in_person", arrival_date=received, receipt_date=received,
        state="archived" if closed else "registered", is_open=closed is None, closed_on=closed,
        outcome_row=outcome_row, **extra,
    )
