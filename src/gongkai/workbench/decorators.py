from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from gongkai.agencies.models import Membership


def staff_required(view):
    """Logged in, and holding at least one role somewhere (else 403 with a Chinese message)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not Membership.objects.filter(user_id=request.user.pk).exists() and not request.user.is_superuser:
            raise PermissionDenied("您的账户尚未分配任何机关岗位，请联系系统管理员。")
        return view(request, *args, **kwargs)

    return wrapped
