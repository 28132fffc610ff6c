"""What the annual report takes from the 主动公开 ledger (the reporting contract): table 2 item (一), the
channel counts, 政策解读 and Art. 26 timeliness. One aggregate query per figure group; each figure has a
drilldown returning the records it counts.

Conventions:
- an item counts as disclosed in year Y when it was first published in Y (`published_on`) and has not
  been withdrawn (撤回 takes it out of every count; 过期 keeps it);
- channel figures count publications (`ItemChannel`) dated in Y plus the monthly tallies of Y;
- normative documents: made = 成文日期 in Y; published = 发布日期 in Y; repealed = 已废止/已失效 dated in
  Y; in force = published by 31 Dec of Y and in force on that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from gongkai.disclosures.models import (
    NEW_MEDIA,
    TRADITIONAL,
    Channel,
    ChannelTally,
    DisclosureItem,
    DocType,
    ItemChannel,
    Status,
    Validity,
)

NORMATIVE_KINDS = {"regulations": DocType.REGULATION, "normative": DocType.NORMATIVE}
NORMATIVE_FIGURES = ("made", "published", "repealed", "in_force")
CHANNEL_KEYS = ("total", "website", "new_media", "wechat", "weibo", "other_new_media", "traditional")
_CHANNEL_GROUPS = {
    "website": (Channel.WEBSITE,),
    "wechat": (Channel.WECHAT,),
    "weibo": (Channel.WEIBO,),
    "other_new_media": (Channel.OTHER_NEW_MEDIA,),
    "new_media": NEW_MEDIA,
    "traditional": TRADITIONAL,
    "total": tuple(Channel.values),
}


def _ids(agency_ids: Iterable[int]) -> list[int]:
    return list(agency_ids)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _normative_q(year: int) -> dict[str, Q]:
    end = _year_end(year)
    ended = Q(validity__in=[Validity.REVISED, Validity.REPEALED, Validity.EXPIRED], validity_changed_on__lte=end)
    return {
        "made": Q(formed_on__year=year),
        "published": Q(published_on__year=year),
        "repealed": Q(validity__in=[Validity.REPEALED, Validity.EXPIRED], validity_changed_on__year=year),
        "in_force": Q(published_on__lte=end) & ~ended & (Q(effective_on__isnull=True) | Q(effective_on__lte=end)),
    }


def _normative_base(agency_ids: Iterable[int]) -> QuerySet:
    return DisclosureItem.objects.counted().filter(
        agency_id__in=_ids(agency_ids), doc_type__in=list(NORMATIVE_KINDS.values())
    )


def normative_counts(agency_ids: Iterable[int], year: int) -> dict[str, dict[str, int]]:
    """{"regulations"|"normative": {"made", "published", "repealed", "in_force"}}."""
    conditions = _normative_q(year)
    rows = (
        _normative_base(agency_ids)
        .values("doc_type")
        .annotate(**{key: Count("id", filter=q) for key, q in conditions.items()})
    )
    by_type = {row["doc_type"]: row for row in rows}
    return {
        kind: {key: int(by_type.get(doc_type, {}).get(key, 0) or 0) for key in NORMATIVE_FIGURES}
        for kind, doc_type in NORMATIVE_KINDS.items()
    }


def normative_drilldown(agency_ids: Iterable[int], year: int, kind: str, figure: str) -> QuerySet:
    if kind not in NORMATIVE_KINDS or figure not in NORMATIVE_FIGURES:
        raise ValueError(f"未知的统计项：{kind}/{figure}")
    return _normative_base(agency_ids).filter(doc_type=NORMATIVE_KINDS[kind]).filter(_normative_q(year)[figure])


def _publications(agency_ids: Iterable[int], year: int) -> QuerySet:
    return ItemChannel.objects.filter(
        item__agency_id__in=_ids(agency_ids), published_on__year=year, item__published_on__isnull=False
    ).exclude(item__status=Status.WITHDRAWN)


def _tallies(agency_ids: Iterable[int], year: int) -> QuerySet:
    return ChannelTally.objects.filter(agency_id__in=_ids(agency_ids), month__year=year)


def channel_counts(agency_ids: Iterable[int], year: int) -> dict[str, int]:
    """Keys total, website, new_media, wechat, weibo, other_new_media, traditional;
    total = website + new_media + traditional, new_media = wechat + weibo + other_new_media."""
    ids = _ids(agency_ids)
    per_channel = {c: 0 for c in Channel.values}
    for row in _publications(ids, year).values("channel").annotate(n=Count("id")):
        per_channel[row["channel"]] += row["n"]
    for row in _tallies(ids, year).values("channel").annotate(n=Sum("count")):
        per_channel[row["channel"]] += row["n"] or 0
    return {key: sum(per_channel[c] for c in channels) for key, channels in _CHANNEL_GROUPS.items()}


def channel_drilldown(agency_ids: Iterable[int], year: int, key: str) -> QuerySet:
    """The item publications behind a channel figure (tallies: `channel_tally_drilldown`)."""
    if key not in _CHANNEL_GROUPS:
        raise ValueError(f"未知的渠道统计项：{key}")
    return _publications(agency_ids, year).filter(channel__in=_CHANNEL_GROUPS[key]).select_related("item")


def channel_tally_drilldown(agency_ids: Iterable[int], year: int, key: str) -> QuerySet:
    if key not in _CHANNEL_GROUPS:
        raise ValueError(f"未知的渠道统计项：{key}")
    return _tallies(agency_ids, year).filter(channel__in=_CHANNEL_GROUPS[key])


def _interpretation_sets(agency_ids: Iterable[int], year: int) -> dict[str, QuerySet]:
    ids = _ids(agency_ids)
    items = DisclosureItem.objects.counted().filter(agency_id__in=ids)
    live_interpretation = DisclosureItem.objects.counted().filter(
        doc_type=DocType.INTERPRETATION, interprets=OuterRef("pk")
    )
    requiring = items.filter(requires_interpretation=True, published_on__year=year)
    return {
        "interpretations": items.filter(doc_type=DocType.INTERPRETATION, published_on__year=year),
        "documents_requiring": requiring,
        "documents_interpreted": requiring.filter(Exists(live_interpretation)),
    }


def interpretation_stats(agency_ids: Iterable[int], year: int) -> dict:
    """{"interpretations", "documents_requiring", "documents_interpreted", "rate"} — rate is the 解读率
    in percent (None when no document requires an interpretation)."""
    sets = _interpretation_sets(agency_ids, year)
    ids = _ids(agency_ids)
    agg = DisclosureItem.objects.filter(agency_id__in=ids).aggregate(
        interpretations=Count("id", filter=Q(id__in=sets["interpretations"].values("id"))),
        documents_requiring=Count("id", filter=Q(id__in=sets["documents_requiring"].values("id"))),
        documents_interpreted=Count("id", filter=Q(id__in=sets["documents_interpreted"].values("id"))),
    )
    stats = {k: int(v or 0) for k, v in agg.items()}
    req = stats["documents_requiring"]
    stats["rate"] = round(100 * stats["documents_interpreted"] / req, 2) if req else None
    return stats


def interpretation_drilldown(agency_ids: Iterable[int], year: int, key: str) -> QuerySet:
    sets = _interpretation_sets(agency_ids, year)
    if key not in sets:
        raise ValueError(f"未知的解读统计项：{key}")
    return sets[key]


def late_drilldown(agency_ids: Iterable[int], year: int) -> QuerySet:
    """Items published in `year` more than 20 working days after they were formed (Art. 26)."""
    return DisclosureItem.objects.counted().filter(agency_id__in=_ids(agency_ids), published_on__year=year, late=True)


def late_count(agency_ids: Iterable[int], year: int) -> int:
    return late_drilldown(agency_ids, year).count()


def items_count(agency_ids: Iterable[int], year: int) -> int:
    """Items first published in `year` (the ledger's own total, beside the channel figures)."""
    return DisclosureItem.objects.counted().filter(agency_id__in=_ids(agency_ids), published_on__year=year).count()
