"""A lost 查询密码, reset through the contact channel the applicant gave (issue 9 item 8).

- E-mail: the public "忘记查询密码" form takes a tracking code; if that application has an e-mail address,
  a link is sent there: signed (django.core.signing, salted), expiring after RESET_MAX_AGE, and single-use
  (it carries a fingerprint of the password hash it was made for; the reset changes the hash, which voids
  it). Following it and confirming (POST) sets a new generated password, shown once — the action
  `reset_query_password(APPLICANT_ONLINE, …, via="email")`, journaled.
- Post/phone applicants (no e-mail): at the counter, by an officer, after checking their identity — the
  case page's action "重置查询密码（窗口办理）", journaled, showing the new password once.

Whoever only knows a tracking code learns nothing: the answer to the request is the same whether the code
exists, has an e-mail address or not. Requests are rate-limited per client and per tracking code.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail

from gongkai.applications import passwords
from gongkai.applications.models import Application
from gongkai.common import ratelimit

log = logging.getLogger("gongkai.applications.password_reset")

SALT = "gongkai.applications.query-password-reset"
RESET_MAX_AGE = 24 * 3600
PER_CLIENT = (5, 3600)  # requests per client address per hour
PER_CODE = (3, 24 * 3600)  # mails per tracking code per day (no flooding an applicant's mailbox)

ANSWER = ("如果该查询码对应的申请留有电子邮箱，重置链接已发送到该邮箱（24小时内有效，只能使用一次）。"
          "通过邮寄、电话等方式提交且未留电子邮箱的申请，请申请人携带身份证件到受理机关窗口办理重置。")


def make_token(app: Application) -> str:
    return signing.dumps({"a": app.pk, "f": passwords.fingerprint(app.query_password_hash)}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[Application, str]:
    """(application, fingerprint) of a valid, unexpired link; ValidationError in Chinese otherwise. Whether
    it was used already is checked by the action under the row lock."""
    try:
        data = signing.loads(token, salt=SALT, max_age=RESET_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("该重置链接已超过24小时有效期，请重新申请重置查询密码。") from None
    except signing.BadSignature:
        raise ValidationError("重置链接不完整或无效，请从邮件中完整复制链接，或重新申请。") from None
    app = Application.objects.select_related("agency").filter(pk=data.get("a")).first() if isinstance(data, dict) else None
    if app is None or passwords.fingerprint(app.query_password_hash) != data.get("f"):
        raise ValidationError("该重置链接已经使用过或已失效，请重新申请重置查询密码。")
    return app, data["f"]


def allowed(ip: str, code: str) -> bool:
    """Counts one request; False when the client or the tracking code has used up its quota."""
    return ratelimit.hit("qpw_reset_ip", ip, *PER_CLIENT) and ratelimit.hit("qpw_reset_code", code, *PER_CODE)


def send_link(code: str, link_for) -> bool:
    """Send the link for the application `code` to its e-mail address, if it has one; `link_for(token)`
    makes the absolute URL. Returns whether a mail went out (never shown to the requester)."""
    app = Application.objects.select_related("agency").filter(tracking_code=code).first()
    if app is None or not app.email:
        return False
    url = link_for(make_token(app))
    body = (f"您好：\n\n有人为政府信息公开申请（查询码 {app.tracking_code}，受理机关 {app.agency.name}）申请重置查询密码。"
            f"如果是您本人，请在24小时内打开下面的链接，确认后系统会生成新的查询密码（链接只能使用一次）：\n\n{url}\n\n"
            "如果不是您本人操作，请忽略本邮件，原查询密码仍然有效。\n")
    try:
        return send_mail("重置政府信息公开申请查询密码", body, settings.DEFAULT_FROM_EMAIL, [app.email]) == 1
    except OSError:
        log.warning("password reset mail for application %s could not be sent", app.pk)
        return False
