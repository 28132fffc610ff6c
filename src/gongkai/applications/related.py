"""Earlier and similar requests, shown to the officer on the case page (and counted in the message after
registering a case): the same applicant's earlier cases (same ID number or 统一社会信用代码, or same name
and phone) and earlier cases asking for nearly the same information (rules.similarity). They support the
officer's judgement under 《条例》第三十五条 and 第三十六条第（六）项; nothing is closed or flagged by itself.

Kept fast and scoped: candidates come from one query bounded to the case's agency, the last `YEARS_BACK`
years and what the user may see (`Application.objects.for_user`), newest first, at most `MAX_CANDIDATES`
rows (index app_agency_arrival), read as plain tuples; only those are scored in Python, and only the
few hits are then read as rows. `bench/related_bench.py` times it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from gongkai.applications.models import Application
from gongkai.rules.similarity import SIMILAR_THRESHOLD, similarity_to

YEARS_BACK = 3
MAX_CANDIDATES = 500
MAX_SHOWN = 10
FIELDS = ("pk", "agency_id", "tracking_code", "arrival_date", "receipt_date", "info_name", "doc_no",
          "info_description", "state", "is_open", "outcome", "closed_on")


@dataclass(frozen=True)
class Related:
    app: Application
    score: float | None = None  # the similarity of the request texts (similar requests only)

    @property
    def percent(self) -> int:
        return round((self.score or 0) * 100)


def request_text(app: Application) -> str:
    return " ".join(x for x in (app.info_name, app.doc_no, app.info_description) if x)


def _earlier(user, app: Application):
    """The bounded candidate rows: same agency, the last YEARS_BACK years, earlier than `app`, visible to `user`."""
    since = dt.date(app.arrival_date.year - YEARS_BACK, 1, 1)
    return (Application.objects.for_user(user)
            .filter(agency_id=app.agency_id, arrival_date__gte=since)
            .filter(Q(arrival_date__lt=app.arrival_date) | Q(arrival_date=app.arrival_date, pk__lt=app.pk))
            .only(*FIELDS).order_by("-arrival_date", "-pk"))


def applicant_key(app: Application) -> Q | None:
    """Who the applicant is: ID number, credit code, or name + phone (None when nothing identifies them)."""
    key = Q()
    if app.id_number:
        key |= Q(id_number=app.id_number)
    if app.credit_code:
        key |= Q(credit_code=app.credit_code)
    if app.applicant_name and app.phone:
        key |= Q(applicant_name=app.applicant_name, phone=app.phone)
    return key or None


def same_applicant(user, app: Application, limit: int = MAX_SHOWN) -> list[Related]:
    key = applicant_key(app)
    if key is None:
        return []
    return [Related(a) for a in _earlier(user, app).filter(key)[:limit]]


def similar_requests(user, app: Application, limit: int = MAX_SHOWN,
                     threshold: float = SIMILAR_THRESHOLD) -> list[Related]:
    """Scored on plain tuples of the bounded candidates (cheap), then the few hits read as rows."""
    score = similarity_to(request_text(app))
    rows = _earlier(user, app).values_list("pk", "info_name", "doc_no", "info_description")[:MAX_CANDIDATES]
    scores = {pk: s for pk, *text in rows if (s := score(" ".join(t for t in text if t))) >= threshold}
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    if not best:
        return []
    found = {a.pk: a for a in Application.objects.filter(pk__in=best).only(*FIELDS)}
    return [Related(found[pk], scores[pk]) for pk in best if pk in found]


def related(user, app: Application) -> dict[str, list[Related]]:
    return {"same_applicant": same_applicant(user, app), "similar": similar_requests(user, app)}
