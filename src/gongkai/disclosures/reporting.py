"""What the annual report takes from the 主动公开 ledger (the reporting contract): table 2 item (一), the
channel counts, 政策解读 and Art. 26 timeliness. Each figure group is computed per agency by one GROUP
BY query (`*_by_agency`); the function for a set of agencies taken together is the sum of those, and each
figure has a drilldown filtering the same conditions, returning the records it counts.

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

from gongkai.common.period import Period, span
from gongkai.disclosures.models import (
    NEW_MEDIA,
    TRADITIONAL,
    Channel,
    ChannelTally,
    DisclosureItem,
    DocType,
    ItemChannel,
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


def _normative_q(year: int | Period) -> dict[str, Q]:
    _first, end = span(year)
    ended = Q(validity__in=[Validity.REVISED, Validity.REPEALED, Validity.EXPIRED], validity_changed_on__lte=end)
    return {
        "made": Q(formed_on__range=span(year)),
        "published": Q(published_on__range=span(year)),
        "repealed": Q(validity__in=[Validity.REPEALED, Validity.EXPIRED], validity_changed_on__range=span(year)),
        "in_force": Q(published_on__lte=end) & ~ended & (Q(effective_on__isnull=True) | Q(effective_on__lte=end)),
    }


def _normative_base(agency_ids: Iterable[int]) -> QuerySet:
    return DisclosureItem.objects.counted().filter(
        agency_id__in=_ids(agency_ids), doc_type__in=list(NORMATIVE_KINDS.values())
    )


def normative_counts_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, dict[str, dict[str, int]]]:
    """{agency id: {"regulations"|"normative": {"made", "published", "repealed", "in_force"}}} for every
    id (zeros when it has none), in one query grouped by agency and document type."""
    ids = _ids(agency_ids)
    out = {i: {kind: dict.fromkeys(NORMATIVE_FIGURES, 0) for kind in NORMATIVE_KINDS} for i in ids}
    kinds = {doc_type: kind for kind, doc_type in NORMATIVE_KINDS.items()}
    conditions = _normative_q(year)
    rows = (_normative_base(ids).values("agency_id", "doc_type")
            .annotate(**{key: Count("id", filter=q) for key, q in conditions.items()}).order_by())
    for row in rows:
        out[row["agency_id"]][kinds[row["doc_type"]]] = {key: int(row[key] or 0) for key in NORMATIVE_FIGURES}
    return out


def normative_counts(agency_ids: Iterable[int], year: int | Period) -> dict[str, dict[str, int]]:
    """{"regulations"|"normative": {"made", "published", "repealed", "in_force"}}, the agencies taken together."""
    total = {kind: dict.fromkeys(NORMATIVE_FIGURES, 0) for kind in NORMATIVE_KINDS}
    for counts in normative_counts_by_agency(agency_ids, year).values():
        for kind, figures in counts.items():
            for key, n in figures.items():
                total[kind][key] += n
    return total


def normative_drilldown(agency_ids: Iterable[int], year: int | Period, kind: str, figure: str) -> QuerySet:
    if kind not in NORMATIVE_KINDS or figure not in NORMATIVE_FIGURES:
        raise ValueError(f"未知的统计项：{kind}/{figure}")
    return _normative_base(agency_ids).filter(doc_type=NORMATIVE_KINDS[kind]).filter(_normative_q(year)[figure])


def _publications(agency_ids: Iterable[int], year: int | Period) -> QuerySet:
    """The publications counted in `year`: dated in it, of an item counted as disclosed (published at some
    time, not withdrawn). The item's agency and counted state are read from the publication's own copy
    (`ItemChannel.agency`, `.counted`), so the figures touch only the index disc_channel_agency_day."""
    return ItemChannel.objects.filter(agency_id__in=_ids(agency_ids), published_on__range=span(year), counted=True)


def _tallies(agency_ids: Iterable[int], year: int | Period) -> QuerySet:
    return ChannelTally.objects.filter(agency_id__in=_ids(agency_ids), month__range=span(year))


def channel_counts_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, dict[str, int]]:
    """{agency id: {total, website, new_media, wechat, weibo, other_new_media, traditional}} for every id:
    one query grouped by agency and channel over the publications, one over the monthly tallies."""
    ids = _ids(agency_ids)
    per_channel = {i: dict.fromkeys(Channel.values, 0) for i in ids}
    for row in _publications(ids, year).values("agency_id", "channel").annotate(n=Count("id")).order_by():
        per_channel[row["agency_id"]][row["channel"]] += row["n"]
    for row in _tallies(ids, year).values("agency_id", "channel").annotate(n=Sum("count")).order_by():
        per_channel[row["agency_id"]][row["channel"]] += row["n"] or 0
    return {
        i: {key: sum(counts[c] for c in channels) for key, channels in _CHANNEL_GROUPS.items()}
        for i, counts in per_channel.items()
    }


def channel_counts_by_month(agency_ids: Iterable[int], year: int | Period) -> dict[str, dict[tuple[int, int], int]]:
    """{key of CHANNEL_KEYS: {(year, month): n}}, the agencies taken together, months without any left out:
    the same publications and tallies as `channel_counts_by_agency`, one query each grouped by channel and
    date (at most 366 groups a year per channel; grouping by an extracted month would run a Python function
    per row on SQLite)."""
    ids = _ids(agency_ids)
    per_channel: dict[str, dict[tuple[int, int], int]] = {c: {} for c in Channel.values}
    pubs = _publications(ids, year).values_list("channel", "published_on").annotate(n=Count("id")).order_by()
    tallies = _tallies(ids, year).values_list("channel", "month").annotate(n=Sum("count")).order_by()
    for channel, day, n in [*pubs, *tallies]:
        months = per_channel[channel]
        months[(day.year, day.month)] = months.get((day.year, day.month), 0) + (n or 0)
    out: dict[str, dict[tuple[int, int], int]] = {}
    for key, channels in _CHANNEL_GROUPS.items():
        months = out[key] = {}
        for c in channels:
            for month, n in per_channel[c].items():
                months[month] = months.get(month, 0) + n
    return out


def channel_counts(agency_ids: Iterable[int], year: int | Period) -> dict[str, int]:
    """Keys total, website, new_media, wechat, weibo, other_new_media, traditional, the agencies taken
    together; total = website + new_media + traditional, new_media = wechat + weibo + other_new_media."""
    total = dict.fromkeys(CHANNEL_KEYS, 0)
    for counts in channel_counts_by_agency(agency_ids, year).values():
        for key, n in counts.items():
            total[key] += n
    return total


def channel_drilldown(agency_ids: Iterable[int], year: int | Period, key: str) -> QuerySet:
    """The item publications behind a channel figure (tallies: `channel_tally_drilldown`)."""
    if key not in _CHANNEL_GROUPS:
        raise ValueError(f"未知的渠道统计项：{key}")
    return _publications(agency_ids, year).filter(channel__in=_CHANNEL_GROUPS[key]).select_related("item")


def channel_tally_drilldown(agency_ids: Iterable[int], year: int | Period, key: str) -> QuerySet:
    if key not in _CHANNEL_GROUPS:
        raise ValueError(f"未知的渠道统计项：{key}")
    return _tallies(agency_ids, year).filter(channel__in=_CHANNEL_GROUPS[key])


INTERPRETATION_KEYS = ("interpretations", "documents_requiring", "documents_interpreted")


def _published_in(agency_ids: Iterable[int], year: int | Period) -> QuerySet:
    """Items first published in `year` and not withdrawn (what the year's item figures count)."""
    return DisclosureItem.objects.counted().filter(agency_id__in=_ids(agency_ids), published_on__range=span(year))


def _interpretation_q() -> dict[str, Q]:
    """Conditions on `_published_in` items: the 政策解读 published, the documents published that require an
    interpretation, and of them those a live (not withdrawn) interpretation interprets."""
    live_interpretation = DisclosureItem.objects.counted().filter(
        doc_type=DocType.INTERPRETATION, interprets=OuterRef("pk")
    )
    requiring = Q(requires_interpretation=True)
    return {
        "interpretations": Q(doc_type=DocType.INTERPRETATION),
        "documents_requiring": requiring,
        "documents_interpreted": requiring & Q(Exists(live_interpretation)),
    }


def _rate(stats: dict) -> float | None:
    req = stats["documents_requiring"]
    return round(100 * stats["documents_interpreted"] / req, 2) if req else None


def interpretation_stats_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, dict]:
    """{agency id: {"interpretations", "documents_requiring", "documents_interpreted", "rate"}} for every
    id, in one query grouped by agency (rate as in `interpretation_stats`)."""
    ids = _ids(agency_ids)
    out = {i: dict.fromkeys(INTERPRETATION_KEYS, 0) for i in ids}
    aggregates = {key: Count("id", filter=q) for key, q in _interpretation_q().items()}
    for row in _published_in(ids, year).values("agency_id").annotate(**aggregates).order_by():
        out[row["agency_id"]] = {key: int(row[key] or 0) for key in INTERPRETATION_KEYS}
    for stats in out.values():
        stats["rate"] = _rate(stats)
    return out


def interpretation_stats(agency_ids: Iterable[int], year: int | Period) -> dict:
    """{"interpretations", "documents_requiring", "documents_interpreted", "rate"}, the agencies taken
    together — rate is the 解读率 in percent (None when no document requires an interpretation)."""
    stats = dict.fromkeys(INTERPRETATION_KEYS, 0)
    for one in interpretation_stats_by_agency(agency_ids, year).values():
        for key in INTERPRETATION_KEYS:
            stats[key] += one[key]
    stats["rate"] = _rate(stats)
    return stats


def interpretation_drilldown(agency_ids: Iterable[int], year: int | Period, key: str) -> QuerySet:
    conditions = _interpretation_q()
    if key not in conditions:
        raise ValueError(f"未知的解读统计项：{key}")
    return _published_in(agency_ids, year).filter(conditions[key])


def late_drilldown(agency_ids: Iterable[int], year: int | Period) -> QuerySet:
    """Items published in `year` more than 20 working days after they were formed (Art. 26)."""
    return _published_in(agency_ids, year).filter(late=True)


def _count_by_agency(qs: QuerySet, ids: list[int]) -> dict[int, int]:
    out = dict.fromkeys(ids, 0)
    for row in qs.values("agency_id").annotate(n=Count("id")).order_by():
        out[row["agency_id"]] = row["n"]
    return out


def late_count_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, int]:
    """{agency id: items published late in `year`} for every id, in one grouped query."""
    ids = _ids(agency_ids)
    return _count_by_agency(late_drilldown(ids, year), ids)


def late_count(agency_ids: Iterable[int], year: int | Period) -> int:
    return sum(late_count_by_agency(agency_ids, year).values())


def items_count_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, int]:
    """{agency id: items first published in `year`} for every id, in one grouped query."""
    ids = _ids(agency_ids)
    return _count_by_agency(_published_in(ids, year), ids)


def items_count(agency_ids: Iterable[int], year: int | Period) -> int:
    """Items first published in `year` (the ledger's own total, beside the channel figures)."""
    return sum(items_count_by_agency(agency_ids, year).values())


EXPIRING_DAYS = 90


def expiring_drilldown(agency_ids: Iterable[int], today: dt.date, days: int = EXPIRING_DAYS) -> QuerySet:
    """Regulations and normative documents still in force whose term of validity (有效期至) ends within the
    next `days` days, today included, the soonest first (not a year figure: it looks ahead from today)."""
    return (_normative_base(agency_ids)
            .filter(validity=Validity.VALID, valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=days))
            .order_by("valid_until", "id"))
