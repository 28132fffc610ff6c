"""Token authentication for the write endpoints (`Authorization: Bearer gk_…`). No session, no cookie:
a logged-in browser cannot write through the API, so the endpoints need no CSRF token."""

from __future__ import annotations

from ninja.security import HttpBearer

from gongkai.api import limits, tokens
from gongkai.api.errors import ApiError
from gongkai.api.models import ApiToken
from gongkai.api.scopes import SCOPES


class TokenAuth(HttpBearer):
    """Accepts an active token holding `scope`; refuses with 401 (no or unknown token) or 403 (scope)."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        limits.check_body_size(request)
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer ") or not header[7:].strip():
            raise ApiError(401, "unauthorized", "缺少接口令牌：请在请求头中提供 Authorization: Bearer <令牌>。"
                                                "令牌由本机关分管领导在工作台“接口令牌”页面创建。",
                           headers={"WWW-Authenticate": "Bearer"})
        return self.authenticate(request, header[7:].strip())

    def authenticate(self, request, token: str) -> ApiToken:
        limits.check_auth_failures(request)
        found = tokens.find(token)
        if found is None:
            limits.count_auth_failure(request)
            raise ApiError(401, "unauthorized", "接口令牌无效或已被吊销，请联系本机关分管领导重新创建。",
                           headers={"WWW-Authenticate": "Bearer"})
        if self.scope not in found.scopes:
            raise ApiError(403, "forbidden", f"该接口令牌没有“{SCOPES[self.scope]}”的权限。")
        # counted per token by its prefix (random and unique), not its row id, which a database restored or
        # rolled back may give to another token while the old count is still running
        limits.check("write", found.prefix, limits.write_limit())
        tokens.touch(found)
        request.api_token = found
        return found
