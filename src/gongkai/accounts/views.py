from django.contrib.auth import views as auth_views
from django.db import transaction
from django.views.decorators.http import require_POST

from gongkai.accounts.forms import LockoutAuthenticationForm
from gongkai.accounts.security import client_ip, home_agency
from gongkai.journal.services import record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    user = request.user
    if user.is_authenticated:
        with transaction.atomic():
            record("account.logout", actor=user, obj=user, agency=home_agency(user.username), ip=client_ip(request))
    return auth_views.LogoutView.as_view()(request)
