from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from gongkai.accounts.security import is_locked, note_attempt
from gongkai.common.forms import CleanInputMixin


class LockoutAuthenticationForm(CleanInputMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。请注意区分大小写；连续失败 %(limit)s 次将暂时锁定账户。",
        "inactive": "该账户已停用，请联系系统管理员。",
        "locked": "登录失败次数过多，账户已暂时锁定。请 %(minutes)s 分钟后再试，或联系系统管理员。",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username and is_locked(username):
            note_attempt(self.request, username, success=False)
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            note_attempt(self.request, username, success=False)
            raise
        if self.get_user() is None:
            # A field was missing or refused (an empty form, a password of control characters only), so
            # Django's clean() authenticated nobody: a failed attempt, never a login without an account.
            if username:
                note_attempt(self.request, username, success=False)
            return cleaned
        note_attempt(self.request, username, success=True, user=self.get_user())
        return cleaned

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.LOGIN_LOCKOUT_FAILURES},
        )


class OwnPasswordChangeForm(CleanInputMixin, PasswordChangeForm):
    """A user's own new password (old one first); the validators of settings.AUTH_PASSWORD_VALIDATORS apply."""
