"""信息处理费 under 国办函〔2020〕109号 (rules.md §3).

Two ways of charging, both 超额累进; an agency picks one per application, never both:
- by count (按件, Art. 4): per applicant, per natural month, cumulative over the applications;
  the k-th application of the month costs 0 (k ≤ 10), 100 元 (11–30), then 100 元 more for every
  further band of 10 (31–40: 200, 41–50: 300, …);
- by volume (按量, Art. 5): per application, by pages: ≤30 free, 31–100 at 10 元/页,
  101–200 at 20 元/页, from 201 at 40 元/页, each rate for the part within its band.

How electronic data or non-A4 paper converts into pages is not fixed by the text retrieved (rules.md
§3 "do not guess"), so `PageConversion` is configuration supplied by the agency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

FREE_ITEMS_PER_MONTH = 10
FIRST_BAND_LAST_ITEM = 30
ITEM_BAND_SIZE = 10
ITEM_BASE_FEE = 100

# (first page of the band, last page of the band or None, 元 per page)
VOLUME_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)
FREE_PAGES = 30
# the payment window (20 working days from the day after the notice) is rules.clock.FEE_PAYMENT_WORKDAYS


class FeeMethod(StrEnum):
    BY_COUNT = "by_count"
    BY_VOLUME = "by_volume"


FEE_METHOD_LABELS = {FeeMethod.BY_COUNT: "按件计收", FeeMethod.BY_VOLUME: "按量计收"}


def fee_per_item(k: int) -> int:
    """Fee in 元 for the k-th application (1-based) of one applicant within one natural month."""
    if k < 1:
        raise ValueError("申请序号须从 1 开始")
    if k <= FREE_ITEMS_PER_MONTH:
        return 0
    if k <= FIRST_BAND_LAST_ITEM:
        return ITEM_BASE_FEE
    return ITEM_BASE_FEE * (2 + (k - FIRST_BAND_LAST_ITEM - 1) // ITEM_BAND_SIZE)


def fee_by_count(earlier_this_month: int, items: int = 1) -> int:
    """Fee for `items` applications (after splitting 一事一申请) of an applicant who already made
    `earlier_this_month` counted applications in the same natural month."""
    if earlier_this_month < 0 or items < 0:
        raise ValueError("件数不能为负数")
    return sum(fee_per_item(k) for k in range(earlier_this_month + 1, earlier_this_month + items + 1))


def fee_by_volume(pages: int) -> int:
    """Fee in 元 for one application of `pages` pages."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    total = 0
    for first, last, rate in VOLUME_BANDS:
        upper = pages if last is None else min(pages, last)
        if upper >= first:
            total += rate * (upper - first + 1)
    return total


@dataclass(frozen=True)
class PageConversion:
    """How many pages one unit of each material counts as. "A4" (one printed A4 page) is always 1.

    Example configuration: {"A3": Decimal(2), "电子数据MB": Decimal(10)}. Fractions round up per material.
    """

    per_unit: Mapping[str, Decimal] = field(default_factory=dict)

    def pages(self, material: str, units: Decimal | int) -> int:
        units = Decimal(units)
        if units < 0:
            raise ValueError(f"“{material}”的数量不能为负数")
        if material == "A4":
            factor = Decimal(1)
        elif material in self.per_unit:
            factor = Decimal(self.per_unit[material])
        else:
            known = "、".join(["A4", *self.per_unit]) or "A4"
            raise ValueError(f"未配置“{material}”折算页数的标准，请先在收费设置中配置（已配置：{known}）。")
        return int((units * factor).to_integral_value(rounding=ROUND_CEILING))

    def total_pages(self, materials: Iterable[tuple[str, Decimal | int]]) -> int:
        return sum(self.pages(m, u) for m, u in materials)


def compute_fee(method: FeeMethod | str, *, earlier_this_month: int = 0, items: int = 1, pages: int = 0) -> int:
    method = FeeMethod(method)
    if method is FeeMethod.BY_COUNT:
        return fee_by_count(earlier_this_month, items)
    return fee_by_volume(pages)


def fee_basis_text(method: FeeMethod | str) -> str:
    method = FeeMethod(method)
    if method is FeeMethod.BY_COUNT:
        return ("依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第四条按件计收：同一申请人一个自然月内"
                "累计申请10件以下（含10件）不收费，11—30件（含30件）的部分每件100元，31件以上的部分以10件为一档，"
                "每增加一档，收费标准提高100元/件。")
    return ("依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第五条按量计收：30页以下（含30页）不收费，"
            "31—100页（含100页）的部分每页10元，101—200页（含200页）的部分每页20元，201页以上的部分每页40元。")
