"""What can be done to a disclosure item from its page, and by whom: one `Action` per button. The item
page renders its buttons from `ITEM_ACTIONS.forms(item, user)` and the action view
(`disclosures:act`, `common.actionview.action_view`) accepts exactly these — a button shown is a
button allowed. The action functions check role and state again under the row lock.
"""

from __future__ import annotations

from gongkai.common.actionview import Action, Menu
from gongkai.disclosures import actions
from gongkai.disclosures.forms import (
    AttachmentForm,
    ChannelForm,
    DetachForm,
    ReasonForm,
    ReviewForm,
    ValidityForm,
)
from gongkai.disclosures.models import Status


def _in(*states: str):
    return lambda item: item.status in states


def _channels_open(item) -> bool:
    """Published at some time and not withdrawn (expired items still get channel posts and validity)."""
    return item.published_on is not None and item.status != Status.WITHDRAWN


def _upload(user, item, data):
    upload = data["file"]
    return actions.add_attachment(user, item, upload.name, upload.read())


def _review_step(state: str, roles, names: tuple[str, str], label: str, approve, success: str) -> list[Action]:
    """The two buttons of a review step (内容审核, 保密审查) at an item in `state`: pass it with `approve`,
    or return the item to its drafter; both take the reviewer's note."""
    pass_name, return_name = names
    return [
        Action(pass_name, label, lambda user, item, data: approve(user, item, data["note"]),
               roles=roles, when=_in(state), form=ReviewForm, success=success),
        Action(return_name, "退回修改", lambda user, item, data: actions.return_to_draft(user, item, data["note"]),
               roles=roles, when=_in(state), form=ReviewForm, style="secondary",
               success="已退回，等待公开专员修改后重新提交。"),
    ]


ITEM_ACTIONS = Menu([
    Action("submit", "提交内容审核", lambda user, item, data: actions.submit_item(user, item),
           roles=actions.EDIT_ROLES, when=_in(Status.DRAFT), success="已提交审核，等待审核人（或分管领导）进行内容审核。"),
    *_review_step(Status.CONTENT_REVIEW, actions.REVIEW_ROLES, ("approve", "return"),
                  "内容审核通过", actions.approve_content, "内容审核通过，已转保密审查，等待保密审查员处理。"),
    *_review_step(Status.SECRECY_REVIEW, actions.SECRECY_ROLES, ("secrecy", "return_secrecy"),
                  "保密审查通过并公开", actions.approve_secrecy, "保密审查通过，信息已公开。"),
    Action("withdraw", "撤回", lambda user, item, data: actions.withdraw_item(user, item, data["reason"]),
           roles=actions.REVIEW_ROLES, when=_in(Status.PUBLISHED, Status.EXPIRED), form=ReasonForm,
           style="secondary", success="信息已撤回。"),
    Action("expire", "标记过期", lambda user, item, data: actions.expire_item(user, item, data["reason"]),
           roles=actions.MANAGE_ROLES, when=_in(Status.PUBLISHED), form=ReasonForm, style="secondary",
           success="信息已标记为过期。"),
    Action("validity", "保存效力状态",
           lambda user, item, data: actions.set_validity(user, item, data["validity"], data["changed_on"], data["note"]),
           roles=actions.MANAGE_ROLES, when=lambda item: item.is_normative and _channels_open(item),
           form=ValidityForm, style="secondary", success="效力状态已更新。"),
    Action("channel", "登记",
           lambda user, item, data: actions.record_publication(user, item, data["channel"], data["published_on"],
                                                               data["account"], data["url"]),
           roles=actions.MANAGE_ROLES, when=_channels_open, form=ChannelForm,
           initial=lambda item: {"published_on": item.published_on}, style="secondary", success="渠道发布已登记。"),
    Action("attach", "上传附件", _upload, roles=actions.EDIT_ROLES, when=_in(Status.DRAFT), form=AttachmentForm,
           style="secondary", success="附件已上传。"),
    Action("detach", "删除", lambda user, item, data: actions.remove_attachment(user, data["attachment"]),
           roles=actions.EDIT_ROLES, when=lambda item: item.status == Status.DRAFT and item.attachments.exists(),
           form=DetachForm, form_kwargs=lambda item: {"item": item}, style="link", success="附件已删除。"),
])


def page_actions(item, user) -> dict[str, dict]:
    """For the item page: {name: {"label", "form"}} of every available action (the page lays them out)."""
    return {a.name: {"label": a.label, "form": form} for a, form in ITEM_ACTIONS.forms(item, user)}


def available_actions(item, user) -> list[Action]:
    """The actions `user` may perform on `item` now (the role held at its agency and its status allow)."""
    return ITEM_ACTIONS.available(item, user)
