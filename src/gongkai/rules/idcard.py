"""The 18-digit 公民身份号码 (居民身份证号码) of GB 11643-1999: 17 digits (address code, date of birth,
sequence code) and a check character computed by ISO 7064 MOD 11-2 — each digit weighted by 2^(17-i)
mod 11, the weighted sum taken mod 11 and mapped to "10X98765432" (10 is written X)."""

from __future__ import annotations

import datetime as dt

WEIGHTS: tuple[int, ...] = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)


def check_char(first17: str) -> str:
    """The check character of the 17 leading digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdecimal()):
        raise ValueError("须为17位数字")
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize(number: str) -> str:
    return (number or "").strip().upper()


def problem(number: str) -> str:
    """What is wrong with `number` as an 18-digit 居民身份证号码, in Chinese ("" when it is valid)."""
    num = normalize(number)
    if len(num) != 18 or not (num.isascii() and num[:17].isdecimal() and (num[17].isdecimal() or num[17] == "X")):
        return f"居民身份证号码应为18位（前17位为数字，最后一位为数字或X），现为{len(num)}位，请核对。"
    try:
        dt.date(int(num[6:10]), int(num[10:12]), int(num[12:14]))
    except ValueError:
        return f"居民身份证号码第7至14位应为出生日期，“{num[6:14]}”不是有效日期，请核对。"
    expected = check_char(num[:17])
    if num[17] != expected:
        return (f"居民身份证号码的校验码不正确：按前17位计算，最后一位应为“{expected}”，现为“{num[17]}”。"
                "请对照证件逐位核对，常见原因是某一位数字录错。")
    return ""


def is_valid(number: str) -> bool:
    return problem(number) == ""
