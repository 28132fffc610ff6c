"""The fixed list of application outcomes (答复类型, rules.md §1.5), each with its legal basis, the
reply-letter type, and exactly one table-3 row in each report format.

Outcomes are stored by `code`; the 2021 row key (`row_2021`) is what the ledgers aggregate on; the 2019
format folds （六）1–3 into its single （六） row (r6).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.rules.formats import ReportFormat


class LetterType(StrEnum):
    DISCLOSE = "disclose"
    PARTIAL = "partial"
    REFUSE = "refuse"
    UNAVAILABLE = "unavailable"
    NOT_HANDLED = "not_handled"
    TERMINATED = "terminated"


LETTER_TITLES: dict[LetterType, str] = {
    LetterType.DISCLOSE: "政府信息公开申请答复告知书（予以公开）",
    LetterType.PARTIAL: "政府信息公开申请答复告知书（部分公开）",
    LetterType.REFUSE: "政府信息公开申请答复告知书（不予公开）",
    LetterType.UNAVAILABLE: "政府信息公开申请答复告知书（无法提供）",
    LetterType.NOT_HANDLED: "政府信息公开申请不予处理告知书",
    LetterType.TERMINATED: "政府信息公开申请终止办理告知书",
}

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str  # what staff pick from
    basis: str  # the legal basis cited in the reply letter
    letter: LetterType
    row_2021: str
    # the sentence of the reply letter stating the decision
    decision: str

    @property
    def row_2019(self) -> str:
        return "r6" if self.row_2021.startswith("r6_") else self.row_2021

    def row(self, fmt: ReportFormat | str) -> str:
        code = fmt if isinstance(fmt, str) else fmt.code
        return self.row_2019 if code == "2019" else self.row_2021


def _o(code, label, article, letter, row, decision) -> Outcome:
    basis = f"{REGULATION}{article}" if article.startswith("第") else article
    return Outcome(code, label, basis, LetterType(letter), row, decision)


OUTCOMES: tuple[Outcome, ...] = (
    _o("already_public", "已主动公开，告知获取方式和途径", "第三十六条第（一）项", "disclose", "r1",
       "您申请的政府信息已经主动公开，现告知您获取该政府信息的方式和途径。"),
    _o("disclosed", "予以公开，提供信息", "第三十六条第（二）项", "disclose", "r1",
       "您申请的政府信息属于可以公开的政府信息，现向您提供。"),
    _o("partial", "部分公开（区分处理）", "第三十七条", "partial", "r2",
       "您申请的政府信息中含有不应当公开的内容，但能够作区分处理，现向您提供可以公开的部分，并说明不予公开部分的理由。"),
    _o("state_secret", "不予公开：属于国家秘密", "第十四条", "refuse", "r3_1",
       "您申请的政府信息属于国家秘密，依法不予公开。"),
    _o("prohibited_by_law", "不予公开：其他法律行政法规禁止公开", "第十四条", "refuse", "r3_2",
       "您申请的政府信息属于法律、行政法规禁止公开的政府信息，依法不予公开。"),
    _o("three_safety", "不予公开：危及“三安全一稳定”", "第十四条", "refuse", "r3_3",
       "您申请的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。"),
    _o("third_party", "不予公开：保护第三方合法权益", "第十五条、第三十二条", "refuse", "r3_4",
       "您申请的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，依法不予公开。"),
    _o("internal_affairs", "不予公开：属于三类内部事务信息", "第十六条第一款", "refuse", "r3_5",
       "您申请的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，依法不予公开。"),
    _o("process_info", "不予公开：属于四类过程性信息", "第十六条第二款", "refuse", "r3_6",
       "您申请的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，依法不予公开。"),
    _o("enforcement_file", "不予公开：属于行政执法案卷", "第十六条第二款", "refuse", "r3_7",
       "您申请的政府信息属于行政执法案卷信息，依法不予公开。"),
    _o("administrative_query", "不予公开：属于行政查询事项", "第三十六条第（七）项", "refuse", "r3_8",
       "您申请的信息属于工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定，请依照有关法律、行政法规的规定办理。"),
    _o("not_held", "无法提供：经检索没有所申请的信息", "第三十六条第（四）项", "unavailable", "r4_1",
       "经检索，本机关没有制作或者获取您申请的政府信息，该政府信息不存在。"),
    _o("not_responsible", "无法提供：不属于本机关负责公开", "第三十六条第（五）项", "unavailable", "r4_1",
       "您申请的政府信息不属于本机关负责公开。"),
    _o("needs_creation", "无法提供：没有现成信息需要另行制作", "第三十八条", "unavailable", "r4_2",
       "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。"),
    _o("unclear_after_correction", "无法提供：补正后申请内容仍不明确", "第三十条", "unavailable", "r4_3",
       "您补正后的申请内容仍不明确，本机关无法确定您所申请的政府信息。"),
    _o("petition", "不予处理：信访举报投诉类申请", "第三十九条第一款", "not_handled", "r5_1",
       "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，请通过相应渠道提出。"),
    _o("repeated", "不予处理：重复申请", "第三十六条第（六）项", "not_handled", "r5_2",
       "本机关已就您申请的政府信息作出过答复，您重复申请公开相同政府信息，本机关不予重复处理。"),
    _o("publication", "不予处理：要求提供公开出版物", "第三十九条第二款", "not_handled", "r5_3",
       "您要求提供政府公报、报刊、书籍等公开出版物，请通过相应途径获取。"),
    _o("excessive", "不予处理：无正当理由大量反复申请", "第三十五条", "not_handled", "r5_4",
       "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。"),
    _o("confirm_reissue", "不予处理：要求确认或重新出具已获取信息", "工作惯例（表三（五）5）", "not_handled", "r5_5",
       "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。"),
    _o("correction_lapsed", "其他处理：逾期不补正", "第三十条", "terminated", "r6_1",
       "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    _o("fee_unpaid", "其他处理：逾期未缴纳信息处理费", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
       "terminated", "r6_2", "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    _o("withdrawn", "其他处理：申请人主动撤回", "申请人撤回申请", "terminated", "r6_3",
       "您已主动撤回政府信息公开申请，本机关终止办理。"),
    _o("other", "其他处理：其他情形", "其他", "terminated", "r6_3",
       "本机关对您的申请作出其他处理。"),
)

BY_CODE: dict[str, Outcome] = {o.code: o for o in OUTCOMES}
OUTCOME_CHOICES: tuple[tuple[str, str], ...] = tuple((o.code, o.label) for o in OUTCOMES)
# Outcomes that closing actions set themselves (not picked in the reply form)
SYSTEM_OUTCOMES = frozenset({"correction_lapsed", "fee_unpaid", "withdrawn"})


# Table-3 groups whose letters refuse or partly refuse: （二）部分公开, （三）不予公开, （四）无法提供,
# （五）不予处理. Their letters go to the reviewer for sign-off before they are issued (where the agency
# keeps that rule). （一）予以公开 grants the request; （六）其他处理 records what the applicant did
# (withdrew, did not correct, did not pay) and is closed by those steps, not decided by the agency.
SIGNOFF_GROUPS = frozenset({"r2", "r3", "r4", "r5"})


def needs_signoff(code: str) -> bool:
    """Whether the reply letter of outcome `code` refuses or partly refuses (see SIGNOFF_GROUPS)."""
    return get(code).row_2021.split("_")[0] in SIGNOFF_GROUPS


def get(code: str) -> Outcome:
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"未知的答复类型：{code}") from None


def row_for(code: str, fmt: ReportFormat | str) -> str:
    return get(code).row(fmt)


def codes_for_row(row_key: str) -> tuple[str, ...]:
    """Outcome codes counted in a table-3 row key of either format (r6 collects r6_1..r6_3)."""
    if row_key == "r6":
        return tuple(o.code for o in OUTCOMES if o.row_2019 == "r6")
    return tuple(o.code for o in OUTCOMES if o.row_2021 == row_key)


