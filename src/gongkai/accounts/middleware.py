"""Idle session timeout: a staff session unused for SESSION_IDLE_MINUTES is logged out."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction

from gongkai.accounts.security import home_agency
from gongkai.journal.services import record

KEY = "gongkai_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(KEY)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                with transaction.atomic():
                    record("account.idle_timeout", actor=user, obj=user, agency=home_agency(user.username), note="空闲超时自动退出")
                logout(request)
                messages.info(request, f"您已超过 {settings.SESSION_IDLE_MINUTES} 分钟未操作，已自动退出，请重新登录。")
            else:
                request.session[KEY] = now
        return self.get_response(request)
