"""What can be done to an API token from the workbench: revoke it (asked by the page and by the view)."""

from gongkai.api import actions
from gongkai.common.actionview import Action, Menu

TOKENS = Menu([
    Action("revoke", "吊销", lambda user, token, data: actions.revoke_token(user, token), roles=actions.ADMIN_ROLES,
           when=lambda token: token.is_active, style="danger",
           confirm="吊销后使用该令牌的系统将无法再写入，且不能恢复。确定吊销？", success="令牌已吊销。"),
])
available_actions = TOKENS.available
