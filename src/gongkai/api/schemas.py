"""The open API's request and response bodies (pydantic, through django-ninja), which are also its
OpenAPI schema. Choices and lengths come from the models and the rules, so they are written once."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, StringConstraints

from gongkai.applications.models import Application, DeliveryMethod, IdType, ProvisionForm
from gongkai.common.cleantext import clean_text
from gongkai.disclosures.models import Channel, DisclosureItem, DocType
from gongkai.rules import disclosure as disclosure_rules
from gongkai.rules.formats import APPLICANT_TYPES
from gongkai.rules.receipt import CHANNEL_LABELS
from gongkai.rules.receipt import Channel as ReceiptChannel

SURROGATES = re.compile("[\ud800-\udfff]")


def _clean(value: Any) -> Any:
    """Input text without control characters or lone surrogates (which no database column can hold)."""
    return SURROGATES.sub("", clean_text(value)).strip() if isinstance(value, str) else value


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def Text(model=None, name: str = "", *, max_length: int | None = None, required: bool = False):  # noqa: N802
    limit = max_length or _max(model, name)
    return Annotated[str, BeforeValidator(_clean), StringConstraints(max_length=limit, min_length=1 if required else 0)]


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("电子邮箱格式不正确") from None
    return value


def _enum(name: str, pairs) -> type[Enum]:
    return Enum(name, {str(k): str(k) for k, _ in pairs}, type=str)


def _described(pairs) -> str:
    return "；".join(f"{k}：{v}" for k, v in pairs)


ApplicantType = _enum("ApplicantType", APPLICANT_TYPES)
ApplicationChannel = _enum("ApplicationChannel", [(c.value, "") for c in ReceiptChannel])
IdTypeEnum = _enum("IdType", IdType.choices)
ProvisionFormEnum = _enum("ProvisionForm", ProvisionForm.choices)
DeliveryEnum = _enum("DeliveryMethod", DeliveryMethod.choices)
DocTypeEnum = _enum("DocType", DocType.choices)
ChannelEnum = _enum("DisclosureChannel", Channel.choices)
TopicEnum = _enum("Topic", disclosure_rules.TOPICS)
Art20Enum = _enum("Art20Item", [(c, "") for c, _, _ in disclosure_rules.ART20_ITEMS])


class ErrorBody(Schema):
    code: str = Field(..., description="错误代码，如 bad_request、unauthorized、forbidden、not_found、rate_limited")
    message: str = Field(..., description="中文说明：哪里有误、如何改正")
    details: list[dict[str, Any]] | None = None


class ErrorOut(Schema):
    error: ErrorBody


class AgencyRef(Schema):
    slug: str = Field(..., description="机关的网址标识（其他接口的 agency 参数）")
    name: str = Field(..., description="机关名称")


class AgencyOut(AgencyRef):
    short_name: str = Field(..., description="简称")
    parent: str | None = Field(None, description="上级机关的网址标识")
    level: str = Field(..., description="层级：province、city、county、township")
    kind: str = Field(..., description="类型：government（人民政府）、department（政府部门）、dispatched、other")


# --- catalogue ---------------------------------------------------------------------------------
class ItemOut(Schema):
    id: int = Field(..., description="编号")
    title: str = Field(..., description="标题")
    index_no: str = Field(..., description="索引号")
    doc_no: str = Field(..., description="文号")
    publisher: str = Field(..., description="发布机构")
    formed_on: dt.date = Field(..., description="成文日期")
    published_on: dt.date | None = Field(None, description="发布日期")
    topic: str = Field(..., description="主题分类代码")
    topic_label: str
    doc_type: str = Field(..., description="信息类型：" + _described(DocType.choices))
    doc_type_label: str
    art20_item: str = Field(..., description="《条例》第二十条事项代码")
    validity: str = Field(..., description="效力状态（规章、行政规范性文件）")
    validity_label: str
    status: str = Field(..., description="published（已公开）或 expired（已过期）")
    agency: AgencyRef
    url: str = Field(..., description="门户网站上的页面")


class ItemDetailOut(ItemOut):
    body: str = Field(..., description="正文（已清理的 HTML）")
    channels: list[str]
    effective_on: dt.date | None = None
    version: int


class ItemPage(Schema):
    total: int = Field(..., description="符合条件的总条数")
    page: int
    page_size: int
    items: list[ItemOut]


class SearchPage(ItemPage):
    capped: bool = Field(..., description="total 为估计值时为 true（门户显示为“约N条”）")
    terms: list[str] = Field(..., description="实际用于检索的词")


# --- statistics --------------------------------------------------------------------------------
class Table3Row(Schema):
    key: str
    label: str
    values: list[int] = Field(..., description="自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计")


class Column(Schema):
    key: str
    label: str


Number = int | float | None


class StatRow(Schema):
    model_config = ConfigDict(extra="allow")
    agency: str
    slug: str
    year: int
    received: int
    answered: int
    within_period: int
    within_period_rate: Number = None
    median_workdays: Number = None
    p90_workdays: Number = None
    table3: list[Table3Row]


class StatsOut(Schema):
    year: int
    columns: list[Column] = Field(..., description="每行数据的字段及中文名称（与数据开放下载一致）")
    rows: list[dict[str, Any]] = Field(..., description="每个机关一行：columns 中的字段，另有 slug 和 table3")


# --- annual reports ----------------------------------------------------------------------------
class ReportOut(Schema):
    id: int
    agency: AgencyRef
    year: int
    format: str = Field(..., description="报告格式：2019 或 2021")
    title: str
    published_version: int
    published_at: dt.datetime | None
    url: str
    json_url: str


class ReportPage(Schema):
    total: int
    page: int
    page_size: int
    items: list[ReportOut]


class FindingOut(Schema):
    code: str
    severity: str
    where: str
    message: str


class ReportInterchange(Schema):
    """The JSON interchange of the design notes (as `gongkai report build` writes it)."""

    format: str
    agency: str | None = None
    year: int | None = None
    table2: dict[str, list[int | float | None]]
    table3: dict[str, list[int]]
    table4: list[int]
    findings: list[FindingOut]
    blanks: list[list[str | int]] = []
    sections: dict[str, str] = {}
    extra: dict[str, Any] | None = Field(None, description="其他数据（如收费金额、办理概况）")


# --- working days ------------------------------------------------------------------------------
class NamedDay(Schema):
    date: dt.date
    name: str


class WorkdaysOut(Schema):
    start: dt.date
    workdays: int
    due: dt.date = Field(..., description="第 workdays 个工作日（起算日当天不计）")
    holidays: list[NamedDay] = Field(..., description="期间跳过的法定节假日")
    makeup_workdays: list[NamedDay] = Field(..., description="期间计入的调休上班日")
    weekend_days: int
    provisional: bool = Field(..., description="期间有年度的节假日安排尚未公布（暂定）时为 true")
    provisional_years: list[int]


# --- writes ------------------------------------------------------------------------------------
A = Application


class ApplicationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    agency: Text(max_length=50) | None = Field(None, description="受理机关的网址标识；省略时为令牌所属机关")
    external_id: Text(max_length=40) | None = Field(
        None, description="来源系统中的编号（如12345工单号）；同一令牌重复提交同一编号只登记一次")
    channel: ApplicationChannel = Field(..., description="申请渠道：" + _described(
        [(k.value, v) for k, v in CHANNEL_LABELS.items()]))
    arrival_date: dt.date = Field(..., description="申请到达本机关之日")
    confirmed_date: dt.date | None = Field(None, description="网上申请双方确认收到之日（online 渠道）")
    applicant_type: ApplicantType = Field(..., description=_described(APPLICANT_TYPES))
    applicant_name: Text(A, "applicant_name", required=True)
    id_type: IdTypeEnum | None = None
    id_number: Text(A, "id_number") = ""
    credit_code: Text(A, "credit_code") = ""
    legal_representative: Text(A, "legal_representative") = ""
    contact_person: Text(A, "contact_person") = ""
    phone: Text(A, "phone") = ""
    email: Annotated[Text(A, "email"), AfterValidator(_email)] = ""
    address: Text(A, "address") = ""
    postcode: Text(A, "postcode") = ""
    info_name: Text(A, "info_name") = ""
    doc_no: Text(A, "doc_no") = ""
    info_description: Text(max_length=5000) = ""
    purpose: Text(A, "purpose") = ""
    provision_form: ProvisionFormEnum | None = None
    delivery_method: DeliveryEnum | None = None


class ApplicationOut(Schema):
    id: int
    tracking_code: str = Field(..., description="查询码")
    query_password: str | None = Field(None, description="查询密码（只在首次登记时返回一次，请转告申请人）")
    created: bool = Field(..., description="false：该 external_id 已登记过，返回原申请")
    state: str
    state_label: str
    receipt_date: dt.date | None = Field(None, description="收到申请之日（起算日）")
    due_date: dt.date | None = Field(None, description="答复期限")


D = DisclosureItem


class DraftIn(Schema):
    model_config = ConfigDict(extra="forbid")
    agency: Text(max_length=50) | None = Field(None, description="机关的网址标识；省略时为令牌所属机关")
    title: Text(D, "title", required=True)
    doc_no: Text(D, "doc_no") = ""
    publisher: Text(D, "publisher") = Field("", description="省略时为本机关名称")
    formed_on: dt.date = Field(..., description="成文日期")
    topic: TopicEnum = Field(TopicEnum("01"), description="主题分类：" + _described(disclosure_rules.TOPICS))
    doc_type: DocTypeEnum = Field(DocTypeEnum("ordinary"), description=_described(DocType.choices))
    art20_item: Art20Enum | None = Field(None, description="《条例》第二十条事项代码（A20_01 … ）")
    body: Annotated[str, BeforeValidator(_clean), StringConstraints(max_length=60000)] = Field(
        "", description="正文 HTML（保存时清理）")
    channels: list[ChannelEnum] = Field(default_factory=lambda: [ChannelEnum("website")],
                                        description="计划公开渠道：" + _described(Channel.choices))
    requires_interpretation: bool = False
    effective_on: dt.date | None = Field(None, description="施行日期（规章、行政规范性文件）")


class DraftOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    agency: AgencyRef
