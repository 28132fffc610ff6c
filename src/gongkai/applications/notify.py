"""Messages to applicants on each step that concerns them, and the staff daily digest.

A notifier is anything with `name` and `send(app, subject, body) -> bool`. Email is built in; an SMS
gateway plugs in by subclassing `SmsNotifier` (implement `deliver(phone, text)`) and listing the class
in settings.GONGKAI_NOTIFIERS (dotted paths; default: email only).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from gongkai.applications.models import Application
from gongkai.rules.clock import DUE_SOON_WORKDAYS, FEE_PAYMENT_WORKDAYS

log = logging.getLogger("gongkai.applications.notify")

STEP_TEXT = {
    "submitted": "您的政府信息公开申请已提交，我们将与您确认收到申请的日期。",
    "received": "我们已确认收到您的政府信息公开申请，收到申请之日为 {receipt}，答复期限为 {due}。",
    "correction_requested": "您的申请需要补正：{correction}。请于 {correction_deadline} 前在申请查询页面提交补正。",
    "correction_received": "我们已收到您的补正，答复期限自收到补正之日起重新计算，现为 {due}。",
    "paused": "您的申请正在征求意见，征求意见所需时间不计算在答复期限内。",
    "resumed": "您的申请已恢复计时，答复期限为 {due}。",
    "extended": "经批准，您的申请答复期限延长至 {due}。",
    "fee_notice": "您的申请需缴纳信息处理费 {fee} 元，请在收到通知次日起{payment_days}个工作日内缴纳，逾期视为放弃申请。",
    "replied": "您的申请已作出答复（{outcome}），请凭查询码和查询密码在申请查询页面查看告知书。",
}


class Notifier(Protocol):
    name: str

    def send(self, app: Application, subject: str, body: str) -> bool: ...


class EmailNotifier:
    name = "email"

    def send(self, app: Application, subject: str, body: str) -> bool:
        if not app.email:
            return False
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [app.email], fail_silently=False) == 1


class SmsNotifier:
    """Base for an SMS gateway: subclass and implement `deliver`."""

    name = "sms"
    max_length = 200

    def deliver(self, phone: str, text: str) -> bool:  # pragma: no cover - the gateway's part
        raise NotImplementedError

    def send(self, app: Application, subject: str, body: str) -> bool:
        if not app.phone:
            return False
        return bool(self.deliver(app.phone, f"【{app.agency.short_name or app.agency.name}】{body}"[: self.max_length]))


def notifiers() -> list[Notifier]:
    paths = getattr(settings, "GONGKAI_NOTIFIERS", ["gongkai.applications.notify.EmailNotifier"])
    return [import_string(p)() for p in paths]


def _d(value: dt.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "（暂停计算）"


def message_for(app: Application, step: str) -> tuple[str, str]:
    template = STEP_TEXT.get(step)
    if template is None:
        raise ValueError(f"未知的通知事项：{step}")
    body = template.format(
        receipt=_d(app.receipt_date), due=_d(app.due_date) + ("（暂定）" if app.clock_provisional else ""),
        correction=app.correction_items, correction_deadline=_d(app.correction_deadline),
        fee=app.fee_amount, payment_days=FEE_PAYMENT_WORKDAYS, outcome=app.get_outcome_display() if app.outcome else "",
    )
    subject = f"【{app.agency.name}】政府信息公开申请 {app.tracking_code} 办理进度"
    body = (f"{app.applicant_name}：\n\n{body}\n\n查询码：{app.tracking_code}\n"
            f"办理进度和告知书请在申请查询页面查看（输入查询码和查询密码）：{status_page_url()}\n{app.agency.name}")
    return subject, body


def status_page_url() -> str:
    """The absolute address of the public status page (settings.GONGKAI_SITE_URL + its path). It carries
    neither the tracking code nor the password: the applicant enters both on the page."""
    from django.urls import reverse

    return settings.GONGKAI_SITE_URL + reverse("applications_public:status")


def notify_step(application_id: int, step: str) -> int:
    """Send the message for `step` through every notifier; returns how many went out."""
    app = Application.objects.select_related("agency").filter(pk=application_id).first()
    if app is None:
        return 0
    subject, body = message_for(app, step)
    sent = 0
    for notifier in notifiers():
        try:
            if notifier.send(app, subject, body):
                sent += 1
        except Exception:  # noqa: BLE001 - a failing channel must not stop the others
            log.exception("notify failed: application=%s step=%s channel=%s", app.pk, step, notifier.name)
    return sent


def daily_digest(today: dt.date | None = None) -> int:
    """Mail each agency's handling staff the cases due within DUE_SOON_WORKDAYS working days or overdue. Returns mails sent."""
    from gongkai.agencies.models import Agency, Membership, Role
    from gongkai.applications.deadlines import today as local_today
    from gongkai.workcalendar.service import due_soon_limit

    day = today or local_today()
    qs = Application.objects.filter(is_open=True)
    limit = due_soon_limit(day)
    urgent = qs.filter(due_date__lte=limit).select_related("agency").order_by("agency_id", "due_date")
    by_agency: dict[int, list[Application]] = {}
    for app in urgent:
        by_agency.setdefault(app.agency_id, []).append(app)
    sent = 0
    roles = (Role.OFFICER, Role.REVIEWER, Role.LEADER)
    emails_by_agency: dict[int, set[str]] = {}
    for agency_id, email in (Membership.objects.filter(agency_id__in=by_agency, role__in=roles, user__is_active=True)
                             .exclude(user__email="").values_list("agency_id", "user__email")):
        emails_by_agency.setdefault(agency_id, set()).add(email)
    for agency in Agency.objects.filter(id__in=by_agency):
        emails = sorted(emails_by_agency.get(agency.pk, ()))
        if not emails:
            continue
        apps = by_agency[agency.pk]
        late = [a for a in apps if a.due_date < day]
        soon = [a for a in apps if a.due_date >= day]
        lines = [f"{agency.name} 依申请公开期限提醒（{day:%Y-%m-%d}）", ""]
        if late:
            lines.append(f"已超期 {len(late)} 件：")
            lines += [f"  {a.tracking_code} 期限 {a.due_date:%Y-%m-%d} {a.info_name or a.info_description[:30]}" for a in late]
        if soon:
            lines.append(f"{DUE_SOON_WORKDAYS}个工作日内到期 {len(soon)} 件：")
            lines += [f"  {a.tracking_code} 期限 {a.due_date:%Y-%m-%d}{'（暂定）' if a.clock_provisional else ''} "
                      f"{a.info_name or a.info_description[:30]}" for a in soon]
        subject = f"【期限提醒】{agency.name}：超期 {len(late)} 件，即将到期 {len(soon)} 件"
        sent += send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, emails)
    return sent
