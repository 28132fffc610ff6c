"""主动公开 rules as data and plain functions (rules.md §1.1–1.2): the Art. 20 categories, the Art. 21
extras by agency level, the 主题分类 list, Art. 26 timeliness, index-number patterns and the validity of
normative documents. No Django import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from gongkai.rules.clock import PUBLICATION_WORKDAYS
from gongkai.rules.workdays import Calendar

# --- Art. 20: the fifteen mandatory categories (verbatim) -----------------------------------------
ART20_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("A20_01", "（一）", "行政法规、规章和规范性文件"),
    ("A20_02", "（二）", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("A20_03", "（三）", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("A20_04", "（四）", "国民经济和社会发展统计信息"),
    ("A20_05", "（五）", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    ("A20_06", "（六）", "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
    ("A20_07", "（七）", "财政预算、决算信息"),
    ("A20_08", "（八）", "行政事业性收费项目及其依据、标准"),
    ("A20_09", "（九）", "政府集中采购项目的目录、标准及实施情况"),
    ("A20_10", "（十）", "重大建设项目的批准和实施情况"),
    ("A20_11", "（十一）", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("A20_12", "（十二）", "突发公共事件的应急预案、预警信息及应对情况"),
    ("A20_13", "（十三）", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("A20_14", "（十四）", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("A20_15", "（十五）", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)
ART20_CODES = frozenset(code for code, _, _ in ART20_ITEMS)


def art20_choices() -> list[tuple[str, str]]:
    return [(code, f"第二十条{num} {text}") for code, num, text in ART20_ITEMS]


# --- Art. 21: extras for 设区的市级、县级 governments and their departments, and for 乡（镇） ---------
ART21_EXTRAS: dict[str, tuple[tuple[str, str], ...]] = {
    "city_county": (
        ("A21_SZJS", "市政建设"),
        ("A21_GGFW", "公共服务"),
        ("A21_GYSY", "公益事业"),
        ("A21_TDZS", "土地征收"),
        ("A21_FWZS", "房屋征收"),
        ("A21_ZAGL", "治安管理"),
        ("A21_SHJZ", "社会救助"),
    ),
    "township": (
        ("A21_NYNC", "贯彻落实农业农村政策"),
        ("A21_RJHJ", "治理村庄人居环境"),
        ("A21_TDLZ", "土地承包经营权流转"),
        ("A21_ZJD", "宅基地使用情况审核"),
        ("A21_TDZS", "土地征收"),
        ("A21_FWZS", "房屋征收"),
        ("A21_CZCL", "筹资筹劳"),
        ("A21_SHJZ", "社会救助"),
    ),
}
_LEVEL_GROUP = {"city": "city_county", "county": "city_county", "township": "township"}


def art21_extras(level: str) -> tuple[tuple[str, str], ...]:
    """The Art. 21 categories an agency of `level` (province/city/county/township) may select."""
    group = _LEVEL_GROUP.get(level)
    return ART21_EXTRAS[group] if group else ()


def art21_label(code: str) -> str:
    for extras in ART21_EXTRAS.values():
        for c, label in extras:
            if c == code:
                return label
    return ""


# --- 主题分类 (the 国务院 subject classification used on 公开目录 pages) ----------------------------
TOPICS: tuple[tuple[str, str], ...] = (
    ("01", "综合政务"),
    ("02", "国民经济管理、国有资产监管"),
    ("03", "财政、金融、审计"),
    ("04", "国土资源、能源"),
    ("05", "农业、林业、水利"),
    ("06", "工业、交通"),
    ("07", "商贸、海关、旅游"),
    ("08", "市场监管、安全生产监管"),
    ("09", "城乡建设、环境保护"),
    ("10", "科技、教育"),
    ("11", "文化、广电、新闻出版"),
    ("12", "卫生、体育"),
    ("13", "人口与计划生育、妇女儿童工作"),
    ("14", "劳动、人事、监察"),
    ("15", "公安、安全、司法"),
    ("16", "民政、扶贫、救灾"),
    ("17", "民族、宗教"),
    ("18", "对外事务"),
    ("19", "港澳台侨工作"),
    ("20", "国防"),
    ("21", "统计"),
    ("99", "其他"),
)


# --- Art. 26: publication within 20 working days of forming or changing ---------------------------
@dataclass(frozen=True)
class Timeliness:
    workdays: int  # working days from formed_on (exclusive) to published_on (inclusive)
    limit: int
    late: bool
    due: dt.date  # last day to publish in time


def timeliness(
    formed_on: dt.date, published_on: dt.date, calendar: Calendar, special_basis: str = ""
) -> Timeliness:
    """Art. 26: late when more than 20 working days lie between forming and publication, unless another
    law or regulation sets the period (`special_basis` names it; such items are never flagged)."""
    used = calendar.workdays_between(formed_on, published_on)
    due = calendar.add_workdays(formed_on, PUBLICATION_WORKDAYS)
    late = used > PUBLICATION_WORKDAYS and not special_basis.strip()
    return Timeliness(workdays=used, limit=PUBLICATION_WORKDAYS, late=late, due=due)


# --- 索引号 patterns --------------------------------------------------------------------------------
# Placeholders: {统一社会信用代码} {机关代码} {年} {月} {序号} (序号 takes a zero-padding width: {序号:05}).
PLACEHOLDER = re.compile(r"\{([^{}:]+)(?::([^{}]*))?\}")
KNOWN_FIELDS = {"统一社会信用代码", "机关代码", "年", "月", "序号", "分类"}
DEFAULT_INDEX_PATTERN = "{统一社会信用代码}/{年}-{序号:05}"


class PatternError(ValueError):
    """A 索引号 pattern that cannot be used; the message is for the user (Chinese)."""


def validate_index_pattern(pattern: str) -> None:
    names = []
    for m in PLACEHOLDER.finditer(pattern):
        name, spec = m.group(1), m.group(2)
        if name not in KNOWN_FIELDS:
            raise PatternError(f"索引号规则中的“{{{name}}}”无法识别；可用：" + "、".join(f"{{{n}}}" for n in sorted(KNOWN_FIELDS)))
        if spec and not re.fullmatch(r"0?\d{1,2}", spec):
            raise PatternError(f"“{{{name}:{spec}}}”的格式不正确，序号宽度请写成如 {{序号:05}}。")
        names.append(name)
    if "序号" not in names:
        raise PatternError("索引号规则必须包含 {序号}，否则索引号会重复。")
    stripped = PLACEHOLDER.sub("", pattern)
    if "{" in stripped or "}" in stripped:
        raise PatternError("索引号规则中的花括号不成对。")


def format_index_no(
    pattern: str, *, seq: int, year: int, month: int = 1, credit_code: str = "", agency_code: str = "",
    category: str = "",
) -> str:
    """Render a 索引号, e.g. '11510500MB1234567X/2020-00001'. An empty credit code falls back to the
    agency code so the number stays unique."""
    validate_index_pattern(pattern)
    values = {
        "统一社会信用代码": credit_code or agency_code,
        "机关代码": agency_code,
        "年": year,
        "月": month,
        "序号": seq,
        "分类": category,
    }

    def render(m: re.Match) -> str:
        value, spec = values[m.group(1)], m.group(2)
        if spec and isinstance(value, int):
            return format(value, spec if spec.startswith("0") else "0" + spec)
        if m.group(1) == "月" and not spec:
            return f"{value:02d}"
        return str(value)

    return PLACEHOLDER.sub(render, pattern)


def pattern_uses_year(pattern: str) -> bool:
    return any(m.group(1) == "年" for m in PLACEHOLDER.finditer(pattern))


# --- validity of 规章 / 行政规范性文件 --------------------------------------------------------------
class Validity(StrEnum):
    VALID = "valid"
    REVISED = "revised"
    REPEALED = "repealed"
    EXPIRED = "expired"


VALIDITY_LABELS = {
    Validity.VALID: "有效",
    Validity.REVISED: "已修订",
    Validity.REPEALED: "已废止",
    Validity.EXPIRED: "已失效",
}
# Leaving force: a revised document is replaced by its new version (which is a document of its own),
# a repealed or expired one simply ends. Only repeal and expiry count as 废止 in the 2021 table.
ENDS_FORCE = frozenset({Validity.REVISED, Validity.REPEALED, Validity.EXPIRED})
COUNTS_AS_REPEALED = frozenset({Validity.REPEALED, Validity.EXPIRED})


def in_force_on(
    day: dt.date, *, effective_on: dt.date | None, validity: str, changed_on: dt.date | None
) -> bool:
    """Whether a document was in force on `day`."""
    if effective_on is None or effective_on > day:
        return False
    if validity in ENDS_FORCE and changed_on is not None and changed_on <= day:
        return False
    return True


def check_validity_change(current: str, new: str, changed_on: dt.date | None, effective_on: dt.date | None) -> None:
    """Raise ValueError (Chinese) for a change the ledger should refuse."""
    if new not in {v.value for v in Validity}:
        raise ValueError("效力状态无法识别。")
    if current in ENDS_FORCE and new == Validity.VALID:
        raise ValueError("已修订、已废止或已失效的文件不能恢复为有效；请另行登记新文件。")
    if new in ENDS_FORCE and changed_on is None:
        raise ValueError(f"请填写{VALIDITY_LABELS[Validity(new)]}的日期。")
    if new in ENDS_FORCE and effective_on is not None and changed_on is not None and changed_on < effective_on:
        raise ValueError("失效、废止或修订日期不能早于施行日期。")


# Default wording for the statutory parts of a 公开指南 (Art. 42 and 109号 on fees; remedies under Art. 51).
GUIDE_DEFAULT_FEES = (
    "依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
    "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。"
)
GUIDE_DEFAULT_REMEDIES = (
    "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者"
    "政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。"
)
