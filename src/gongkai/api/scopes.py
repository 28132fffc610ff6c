"""What an API token may write: one scope per write endpoint. Reads need no token."""

from __future__ import annotations

REGISTER_APPLICATION = "applications.register"
DRAFT_DISCLOSURE = "disclosures.draft"

SCOPES: dict[str, str] = {
    REGISTER_APPLICATION: "登记经其他系统收到的依申请公开申请（如12345热线、省级平台）",
    DRAFT_DISCLOSURE: "提交主动公开信息草稿（仍须经本机关审核、保密审查后公开）",
}
SCOPE_CHOICES = list(SCOPES.items())
