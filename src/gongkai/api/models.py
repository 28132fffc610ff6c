"""API tokens: per agency, scoped to write endpoints, revocable. Only a hash of the secret is stored; the
secret is shown once, when the token is created (`gongkai.api.tokens`)."""

from __future__ import annotations

from django.db import models

from gongkai.api.scopes import SCOPES
from gongkai.common.models import AgencyOwned, done_by


class ApiToken(AgencyOwned):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="api_tokens")
    name = models.CharField("名称", max_length=60, help_text="对接的系统，如“12345热线”。")
    prefix = models.CharField("令牌前缀", max_length=12, unique=True)  # shown in lists; finds the row
    secret_hash = models.CharField(max_length=64)  # SHA-256 of the whole token (256 random bits)
    scopes = models.JSONField("权限范围", default=list)
    created_by = done_by("创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = done_by("吊销人")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["agency__path", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def scope_labels(self) -> list[str]:
        return [SCOPES.get(s, s) for s in self.scopes]
