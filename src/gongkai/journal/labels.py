"""Chinese names of the journal's action codes. The codes stay in the database (stable, searchable);
every page shows these names instead. `action_label` never returns a bare code."""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    # accounts and agencies
    "account.login": "登录",
    "account.login_failed": "登录失败",
    "account.locked": "账号锁定",
    "account.logout": "退出登录",
    "account.idle_timeout": "空闲超时退出",
    "account.created": "新建账号",
    "account.updated": "修改账号",
    "account.deleted": "删除账号",
    "account.password_set": "设置密码",
    "account.password_reset": "重置密码",
    "agency.created": "新建机关",
    "agency.updated": "修改机关信息",
    "agency.deleted": "删除机关",
    "agency.role_granted": "分配岗位",
    "membership.granted": "分配岗位",
    "membership.revoked": "取消岗位",
    "api_token.created": "创建接口令牌",
    "api_token.revoked": "吊销接口令牌",
    "calendar.year_confirmed": "确认年度节假日安排",
    # 依申请公开
    "application.submitted": "网上提交申请",
    "application.registered": "登记申请",
    "application.document_issued": "出具文书",
    "application.document_files_stored": "生成文书文件",
    "application.fee_notice_delivered": "登记收费通知书送达",
    "application.contact_revealed": "查看申请人完整联系信息",
    "application.password_reset": "重置查询密码",
    "application.promoted": "转为主动公开",
    "application.receipt_confirmed": "确认收到申请",
    "application.assigned": "指定承办人",
    "application.accepted": "受理申请",
    "application.correction_requested": "告知补正",
    "application.correction_received": "收到补正材料",
    "application.correction_lapsed": "逾期未补正",
    "application.consultation_third_party_started": "征求第三方意见",
    "application.consultation_inter_agency_started": "征求其他机关意见",
    "application.consultation_ended": "结束征求意见",
    "application.extension_requested": "申请延期答复",
    "application.extension_approved": "批准延期答复",
    "application.extension_rejected": "不批准延期答复",
    "application.delayed": "登记延迟答复",
    "application.fee_notice": "发出收费通知",
    "application.fee_paid": "登记缴费",
    "application.fee_lapsed": "逾期未缴费",
    "application.transferred": "转送其他机关",
    "application.transferred_in": "收到转送的申请",
    "application.withdrawn": "申请人撤回申请",
    "application.reply_submitted": "答复稿提交签发",
    "application.reply_signed_off": "签发答复",
    "application.reply_returned": "退回答复稿",
    "application.replied": "作出答复",
    "application.imported_closed": "导入已办结申请",
    "application.delivered": "送达答复",
    "application.archived": "归档",
    "application.deadline_recomputed": "重新计算答复期限",
    # 主动公开
    "disclosure.create": "新建公开信息",
    "disclosure.update": "修改公开信息",
    "disclosure.revise": "修订已公开信息",
    "disclosure.submit": "提交审核",
    "disclosure.content_approve": "内容审核通过",
    "disclosure.approve": "保密审查通过",
    "disclosure.return": "退回修改",
    "disclosure.publish": "发布",
    "disclosure.republish": "重新发布",
    "disclosure.withdraw": "撤销公开",
    "disclosure.expire": "标记失效",
    "disclosure.validity": "变更效力状态",
    "disclosure.channel": "登记渠道发布",
    "disclosure.channel_bulk_load": "批量登记渠道发布",
    "disclosure.tally": "登记渠道发布数量",
    "disclosure.attach": "添加附件",
    "disclosure.detach": "删除附件",
    "disclosure.import": "导入公开信息",
    "disclosure.bulk_load": "批量导入公开信息",
    "disclosure.settings": "修改索引号规则",
    "disclosure.lateness_recomputed": "重新计算是否超期公开",
    "catalogue.save": "保存公开目录栏目",
    "catalogue.delete": "删除公开目录栏目",
    "catalogue.bulk_load": "批量导入公开目录",
    "guide.save": "保存公开指南",
    # 领导信箱、网上调查
    "interactions.letter_received": "收到来信",
    "interactions.contact_revealed": "查看来信人完整联系信息",
    "interactions.reply_drafted": "起草答复",
    "interactions.reply_returned": "退回修改",
    "interactions.reply_approved": "审核通过",
    "interactions.reply_sent": "发送答复",
    "interactions.letter_closed": "办结（不予答复）",
    "interactions.letter_published": "公开问答",
    "interactions.letter_unpublished": "撤下公开",
    "interactions.letter_due_recomputed": "重新计算答复期限",
    "interactions.settings_changed": "修改信箱设置",
    "interactions.survey_created": "新建网上调查",
    "interactions.survey_changed": "修改网上调查",
    "interactions.survey_opened": "发布调查",
    "interactions.survey_closed": "结束调查",
    "interactions.survey_question_added": "添加调查问题",
    "interactions.survey_question_removed": "删除调查问题",
    "interactions.survey_response": "收到调查答卷",
    "interactions.survey_results_published": "公布调查结果",
    # 行政复议、行政诉讼
    "appeal.created": "登记复议或诉讼",
    "appeal.updated": "修改复议或诉讼",
    # 年度报告
    "report.create": "新建年度报告",
    "report.refresh": "按台账重新计算",
    "report.texts": "修改报告文字",
    "report.members": "选择汇总单位",
    "report.manual_figure": "填报手工数字",
    "report.review": "审核通过",
    "report.check": "发布前检查",
    "report.publish": "发布年度报告",
    "report.reopen": "退回修改",
    "report.reminder": "发送报告提醒",
    "audit_batch.create": "批量审查年度报告",
    "audit_batch.start": "开始批量审查",
    "audit_batch.finish": "批量审查完成",
    "audit_batch.fail": "批量审查中断",
}

ADMIN_VERBS = {"created_in_admin": "新建", "changed_in_admin": "修改", "deleted_in_admin": "删除"}


def action_label(code: str, model_name: str = "") -> str:
    """The Chinese name of an action code; a code without a name still reads as Chinese."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    head, _, verb = code.rpartition(".")
    if verb in ADMIN_VERBS:
        return f"在系统管理中{ADMIN_VERBS[verb]}{model_name or '记录'}"
    return f"{model_name or '记录'}变更"


def action_choices() -> list[tuple[str, str]]:
    """(code, 名称) pairs for the journal's filter, sorted by code so a domain's actions stay together."""
    return sorted(ACTION_LABELS.items())
