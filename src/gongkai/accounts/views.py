from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts import actions, security
from gongkai.accounts.forms import LockoutAuthenticationForm, OwnPasswordChangeForm
from gongkai.accounts.security import client_ip, home_agency
from gongkai.journal.services import record


class LoginView(auth_views.LoginView):
    """The staff login. A POST passes the per-address throttle and reserves its guess at the username
    (security.reserve_guess) before the form hashes anything."""

    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not security.ip_allowed(request):
            return self._refused(security.ip_message(), status=429)
        username = (request.POST.get("username") or "").strip()
        if not username:
            return super().post(request, *args, **kwargs)
        if not security.reserve_guess(username):
            security.note_attempt(request, username, success=False)
            locked = self.get_form_class().error_messages["locked"]
            return self._refused(locked % {"minutes": settings.LOGIN_LOCKOUT_MINUTES})
        try:
            return super().post(request, *args, **kwargs)
        finally:
            security.release_guess(username)

    def _refused(self, message: str, status: int = 200):
        """The login page with `message` as the form's error, without validating (hashing) anything."""
        form = self.get_form()
        form._errors = ErrorDict()
        form.cleaned_data = {}
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form), status=status)


@require_POST
def logout_view(request):
    user = request.user
    if user.is_authenticated:
        with transaction.atomic():
            record("account.logout", actor=user, obj=user, agency=home_agency(user.username), ip=client_ip(request))
    return auth_views.LogoutView.as_view()(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password (old one first), set through accounts.actions.set_password (journaled)."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("workbench:home")

    def form_valid(self, form):
        actions.set_password(self.request.user, form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "密码已修改。")
        return HttpResponseRedirect(self.get_success_url())
