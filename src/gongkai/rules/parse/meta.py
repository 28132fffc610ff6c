"""Agency, year, format and sections of a report, from its title and text."""

from __future__ import annotations

import re
from collections import Counter

from gongkai.rules.formats import SECTIONS

_TITLE = re.compile(
    r"(?P<agency>[\u4e00-\u9fff()]{0,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:度\s*)?"
    r"(?:政府信息公开|政务公开|信息公开)[\u4e00-\u9fff]{0,6}?(?:年度)?\s*(?:工作)?\s*(?:年度)?报告"
)
_META_PREFIX = re.compile(r"^(?:名称|标题|文件名称|题名|当前位置|首页|正文|关于)[:：>]?")
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府|政府|委员会|管委会|管理委员会|办公室|办公厅|局|厅|委|办|院|署|部|中心|所|站|队|会|馆|镇|乡|街道|街道办事处|"
    r"办事处|区|县|市|州|盟|旗|处|室|集团|公司|研究院|学校|大学|医院|法院|检察院)$"
)
_GENERIC_AGENCIES = frozenset({"政府", "人民政府", "本机关", "本单位", "我局", "我委", "我办", "本局", "市", "区", "县"})
_PERIOD = re.compile(r"(?:统计期|统计时限|统计期限|所列数据)[^。]{0,20}?((?:19|20)\d{2})年\s*1\s*月\s*1\s*日")
_SECTION_HEAD = re.compile(r"(?P<num>[一二三四五六])\s*[、.,．]\s*")


_TITLE_YEAR_FIRST = re.compile(
    r"^(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?P<agency>[\u4e00-\u9fff()]{2,30}?)(?:政府信息公开|政务公开|信息公开)"
)


def find_title(lines: list[str]) -> tuple[str | None, int | None]:
    """(agency, year) from the report's title in its first lines ("泸州市统计局2020年政府信息公开工作
    年度报告", "2025年上海市人民政府办公厅政府信息公开工作年度报告", a title over two lines)."""
    seen: list[str] = []
    texts = [re.sub(r"\s+", "", x) for x in lines[:60] if x.strip()]
    for i, compact in enumerate(texts):
        m2 = _TITLE_YEAR_FIRST.search(re.sub(r"^#+|^正文", "", compact))
        joined = compact + (texts[i + 1] if i + 1 < len(texts) else "")
        if m2 and "报告" in joined[:60]:
            agency = _clean_agency(m2.group("agency"))
            if agency:
                return agency, int(m2.group("year"))
    content = [x for x in lines[:60] if x.strip()]
    for i, s in enumerate(content):
        compact = re.sub(r"\s+", "", s)
        m = _TITLE.search(compact) if "报告" in compact else None  # the title's last word: a cheap test first
        if m is None and i + 1 < len(content) and "报告" not in compact:
            # a long title wrapped over two lines ("…年度" / "报告")
            wrapped = compact + re.sub(r"\s+", "", content[i + 1])
            m2 = _TITLE.search(wrapped)
            m = m2 if m2 and m2.start("year") < len(compact) < m2.end() else None
            compact = wrapped if m else compact
        if m and m.start() < 60:
            agency = _clean_agency(m.group("agency"))
            if not agency:
                agency = next((_clean_agency(p) for p in reversed(seen[-2:]) if _clean_agency(p)), None)
            return agency or None, int(m.group("year"))
        seen.append(compact)
    return None, None


def _clean_agency(s: str) -> str:
    s = _META_PREFIX.sub("", s or "").strip("()（）:： ")
    if not s or len(s) < 2 or len(s) > 40 or not re.fullmatch(r"[\u4e00-\u9fff()]+", s):
        return ""
    if s in _GENERIC_AGENCIES:
        return ""
    return s if _AGENCY_SUFFIX.search(s) else ""


def fuller_agency(agency: str | None, text: str) -> str | None:
    """"洪泽区人民政府" → "淮安市洪泽区人民政府" when the text names the agency with its city."""
    if not agency or agency[:3].endswith(("省", "市", "州", "盟")):
        return agency
    best = None
    for m in re.finditer(re.escape(agency), text):
        before = text[max(0, m.start() - 4) : m.start()]
        if not before.endswith(("市", "省", "州", "盟")):
            continue
        for k in (4, 3):  # "张家口市", "淮安市": a prefix the text also uses on its own
            prefix = before[-k:]
            if len(prefix) == k and text.count(prefix) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", prefix):
                if best is None or len(prefix) > len(best):
                    best = prefix
                break
    return best + agency if best else agency


_AGENCY_IN_TEXT = (
    re.compile(r"(?:发布机构|来源)[:：]?([\u4e00-\u9fff()]{2,30}?)(?:发布|公开日期|发布时间|文号|\d)"),
    re.compile(r"本报告由([\u4e00-\u9fff()]{2,30}?)(?:根据|依据|按照|编制)"),
    re.compile(r"请与([\u4e00-\u9fff()]{2,30}?)联系"),
)


def agency_from_text(text: str) -> str | None:
    """The agency named in the text when the title does not name it."""
    head = text[:3000]
    for pattern in _AGENCY_IN_TEXT:
        m = pattern.search(head)
        if m:
            name = _clean_agency(m.group(1))
            if name.endswith("办公室") and name[:-3].endswith(("人民政府", "管委会", "管理委员会")):
                name = name[:-3]
            if name:
                return name
    return None


def find_year(text: str) -> int | None:
    m = _PERIOD.search(text)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})年", text[:5000]))
    return years.most_common(1)[0][0] if years else None


def split_sections(text: str) -> tuple[str, dict[str, str]]:
    """(preamble, {一…六: text}) by the standard section headings, in order."""
    positions: list[tuple[str, int, int]] = []
    cursor = 0
    for section in SECTIONS:
        titles = (section.title, *section.aliases)
        keys = [t[:6] for t in titles] + (["存在的主要问题", "存在问题"] if section.number == "五" else [])
        if section.number == "四":
            keys.append("行政复议")
        best: tuple[int, int] | None = None
        for m in _SECTION_HEAD.finditer(text, cursor):
            if m.group("num") != section.number:
                continue
            after = text[m.end() : m.end() + 40]
            if any(k in after[: len(k) + 12] for k in keys):
                best = (m.start(), m.end())
                break
        if best:
            positions.append((section.number, best[0], best[1]))
            cursor = best[1]
    sections: dict[str, str] = {}
    preamble = text[: positions[0][1]] if positions else text
    for i, (num, s, _e) in enumerate(positions):
        end = positions[i + 1][1] if i + 1 < len(positions) else len(text)
        sections[num] = text[s:end]
    return preamble, sections
