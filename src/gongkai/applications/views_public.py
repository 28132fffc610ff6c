"""Public pages: apply online, receipt (回执), status lookup by tracking code + query password.

The password is shown once (confirmation and receipt, from the session) and never put in a URL.
A status session holds only the id of the one application unlocked by its password.
"""

from __future__ import annotations

import functools
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.applications import actions, letters, lookup_limits, passwords, public_status
from gongkai.applications import password_reset as resets
from gongkai.applications.forms import (
    CorrectionAnswerForm,
    PasswordResetRequestForm,
    PublicApplyForm,
    StatusLookupForm,
)
from gongkai.applications.models import Application
from gongkai.applications.terms import TERMS
from gongkai.common import ratelimit
from gongkai.common.forms import clean_input
from gongkai.serving import formcache, receipts

APPLY_LIMIT = (10, 3600)  # submissions per IP per hour
SESSION_NEW = "apply_new"
SESSION_STATUS = "status_app"
SESSION_STATUS_KEY = "status_key"  # fingerprint of the password hash it was opened with
SESSION_RECEIPTS = "apply_receipts"  # token -> {id, password}: the receipts this browser was given
SESSION_FORM_SHOWN = "apply_form_shown"
REPLAYED_ELSEWHERE = "这份申请表已经提交过，不会重复登记。如果是您本人提交的，请凭查询码和查询密码查询办理进度。"


@functools.lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Checked against on an unknown code, so a wrong code costs the same time as a wrong password."""
    return passwords.make(uuid.uuid4().hex)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _remember_receipt(request, token: str, app, password) -> None:
    kept = dict(list((request.session.get(SESSION_RECEIPTS) or {}).items())[-4:])
    kept[token] = {"id": app.pk, "password": password}
    request.session[SESSION_RECEIPTS] = kept
    request.session[SESSION_NEW] = {"id": app.pk, "password": password}


def _replay(request, token: str):
    """The receipt this browser was already given for `token` (a lost answer, a double submit), or None."""
    rec = (request.session.get(SESSION_RECEIPTS) or {}).get(token)
    if not rec or not Application.objects.filter(pk=rec["id"], submit_token=token).exists():
        return None
    request.session[SESSION_NEW] = {"id": rec["id"], "password": rec["password"], "duplicate": True}
    return redirect("applications_public:apply_done")


def apply(request):
    if request.method == "POST":
        form = PublicApplyForm(request.POST, request.FILES)
        token = (request.POST.get("token") or "")[:64]
        replayed = _replay(request, token) if token else None
        if replayed is not None:
            return replayed
        ip = ratelimit.client_ip(request)
        if not ratelimit.hit("apply", ip, *APPLY_LIMIT):
            form.is_valid()
            form.add_error(None, "提交过于频繁，请稍后再试（每小时最多提交10件申请）。")
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("agency", "attachments", "token", "confirm")}
            try:
                # The application and the session holding its receipt commit together (serving.receipts).
                with transaction.atomic():
                    app, password, created = actions.submit_online(
                        actions.APPLICANT_ONLINE, form.cleaned_data["agency"], data, token=form.cleaned_data["token"], ip=ip,
                        files=form.cleaned_data["attachments"])
                    if created:
                        _remember_receipt(request, token, app, password)
                        receipts.save_in_transaction(request)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                if created:
                    return redirect("applications_public:apply_done")
                form.add_error(None, REPLAYED_ELSEWHERE)  # another browser's token: nothing personal shown
    else:
        initial = {"token": uuid.uuid4().hex}
        slug = request.GET.get("agency")
        if slug:
            from gongkai.agencies.models import Agency

            initial["agency"] = Agency.objects.filter(slug=slug).first()
        # The session (and its cookie) must exist before the submission, whose answer might be lost;
        # setdefault writes it only once per browser.
        request.session.setdefault(SESSION_FORM_SHOWN, True)
        return formcache.render_form_page(request, "applications/public/apply.html",
                                          lambda: {"form": PublicApplyForm(initial=initial)},
                                          tokens=[initial["token"]],
                                          variant=initial["agency"].slug if initial.get("agency") else "")
    return render(request, "applications/public/apply.html", {"form": form})


def _new_app(request):
    info = request.session.get(SESSION_NEW)
    if not info:
        return None, None
    app = Application.objects.select_related("agency").filter(pk=info["id"]).first()
    return app, info.get("password")


def _duplicate(request) -> bool:
    return bool((request.session.get(SESSION_NEW) or {}).get("duplicate"))


def apply_done(request):
    app, password = _new_app(request)
    if app is None:
        return redirect("applications_public:apply")
    return render(request, "applications/public/apply_done.html", {"app": app, "password": password,
                                                                   "duplicate": _duplicate(request)})


def receipt(request):
    app, password = _new_app(request)
    if app is None:
        return redirect("applications_public:apply")
    return render(request, "applications/public/receipt.html", {"app": app, "password": password, "terms": TERMS,
                                                                "issued_on": app.created_at})


def status_receipt(request):
    """The 申请回执 printed again from the status page (within the session the query password opened);
    the password itself is not shown again — only its hash is kept."""
    app = _status_app(request)
    return render(request, "applications/public/receipt.html", {"app": app, "password": None, "terms": TERMS,
                                                                "issued_on": app.created_at, "reprint": True})


def status(request):
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = ratelimit.client_ip(request)
        code = form.cleaned_data["tracking_code"].strip().upper()
        wait = lookup_limits.take_turn(ip, code)
        if wait:
            form.add_error(None, lookup_limits.message(wait))
        else:
            app = Application.objects.filter(tracking_code=code).only("pk", "query_password_hash").first()
            ok = passwords.check(form.cleaned_data["password"].strip(), app.query_password_hash if app else dummy_hash())
            if app is not None and ok:
                lookup_limits.succeeded(ip, code)
                request.session.cycle_key()
                request.session[SESSION_STATUS] = app.pk
                request.session[SESSION_STATUS_KEY] = passwords.fingerprint(app.query_password_hash)
                return redirect("applications_public:status_detail")
            lookup_limits.failed(ip, code)
            form.add_error(None, "查询码或查询密码不正确。")
    return render(request, "applications/public/status.html", {"form": form})


def _session_app(request) -> Application | None:
    """The application this status session was opened for, while its query password is the one it was
    opened with (a reset closes the sessions opened with the old password)."""
    pk = request.session.get(SESSION_STATUS)
    app = Application.objects.select_related("agency").filter(pk=pk).first() if pk else None
    if app is None or request.session.get(SESSION_STATUS_KEY) != passwords.fingerprint(app.query_password_hash):
        return None
    return app


def _status_app(request) -> Application:
    app = _session_app(request)
    if app is None:
        raise Http404("请先输入查询码和查询密码。")
    return app


def status_detail(request):
    app = _session_app(request)
    if app is None:
        return redirect("applications_public:status")
    from gongkai.workcalendar.service import get_calendar, provisional_note

    if app.pause_reason == "fee" and app.fee_notice_on and not app.fee_notice_received_on:
        # the 收费通知书 is shown here: that is its delivery online (109号: payment from the next day)
        try:
            actions.record_fee_notice_delivery(actions.APPLICANT_ONLINE, app, "online")
        except ValidationError:
            pass  # e.g. a notice dated after today: it is delivered when it is due to be shown
        app.refresh_from_db()
    return render(request, "applications/public/status_detail.html", _status_context(
        app, correction_form=CorrectionAnswerForm() if app.awaiting_correction else None,
        note=provisional_note(get_calendar(), app.receipt_date, app.due_date) if app.clock_provisional else ""))


def _status_context(app: Application, **extra) -> dict:
    return {"app": app, "documents": applicant_documents(app), "status": public_status.describe(app), **extra}


@require_POST
def status_correction(request):
    app = _status_app(request)
    form = CorrectionAnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.answer_correction(actions.APPLICANT_ONLINE, app, form.cleaned_data["text"],
                                      files=form.cleaned_data["attachments"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            from django.contrib import messages

            messages.success(request, "补正内容已提交，答复期限自收到补正之日起重新计算。")
            return redirect("applications_public:status_detail")
    return render(request, "applications/public/status_detail.html", _status_context(app, correction_form=form))


@require_POST
def status_withdraw(request):
    app = _status_app(request)
    from django.contrib import messages

    try:
        reason = clean_input(request.POST).get("reason", "")[:200]  # a form of one field: the form layer's rule
        actions.withdraw(actions.APPLICANT_ONLINE, app, reason)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "申请已撤回。")
    return redirect("applications_public:status_detail")


def attachment_response(att) -> FileResponse:
    """An attachment from private storage, always as a download (never rendered inline)."""
    from gongkai.applications.storage import open_file

    try:
        handle = open_file(att.file)
    except FileNotFoundError:
        raise Http404("附件文件不存在，请联系受理机关。") from None
    resp = FileResponse(handle, as_attachment=True, filename=att.name, content_type="application/octet-stream")
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


def status_attachment(request, att_id: int):
    """The applicant's own attachments, only within the status session unlocked by the query password."""
    app = _status_app(request)
    att = app.attachments.filter(pk=att_id).first()
    if att is None:
        raise Http404("没有这个附件。")
    return attachment_response(att)


def applicant_documents(app: Application):
    """The documents addressed to the applicant (not the letters to third parties or other agencies)."""
    return app.documents.exclude(kind="consultation").order_by("issued_on", "id")


def document_response(doc, fmt: str) -> HttpResponse:
    from gongkai.applications import documents

    if fmt not in ("docx", "pdf"):
        raise Http404("不支持的格式。")
    ctype = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}[fmt]
    resp = HttpResponse(documents.read(doc, fmt), content_type=ctype)
    from urllib.parse import quote

    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(doc.file_name(fmt))}"
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


def status_document(request, doc_id: int, fmt: str):
    app = _status_app(request)
    doc = applicant_documents(app).filter(pk=doc_id).first()
    if doc is None:
        raise Http404("没有这份文书。")
    return document_response(doc, fmt)


def status_letter(request, fmt: str):
    app = _status_app(request)
    if not app.outcome:
        raise Http404("尚未作出答复。")
    return letter_response(app, fmt)


@require_POST
def status_logout(request):
    request.session.pop(SESSION_STATUS, None)
    request.session.pop(SESSION_STATUS_KEY, None)
    return redirect("applications_public:status")


def letter_response(app: Application, fmt: str) -> HttpResponse:
    if fmt == "docx":
        body = letters.render_docx(app)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "pdf":
        body = letters.render_pdf(app)
        ctype = "application/pdf"
    else:
        raise Http404("不支持的格式。")
    resp = HttpResponse(body, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="reply-{app.tracking_code}.{fmt}"'
    return resp


# ---- a lost query password (applications.password_reset) -----------------------------------------------

def password_reset(request):
    """The request form: a tracking code; the same answer whatever the code (nothing personal shown)."""
    form = PasswordResetRequestForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["tracking_code"].strip().upper()
        if not resets.allowed(ratelimit.client_ip(request), code):
            form.add_error(None, "重置请求过于频繁，请稍后再试（每个查询码每天最多3次）。")
        else:
            from gongkai.applications import tasks

            # the site's public address, as every link in mail (not the request's Host header)
            prefix = settings.GONGKAI_SITE_URL + reverse("applications_public:password_reset")
            tasks.send_password_reset_link(code, prefix)
            sent = True
    return render(request, "applications/public/password_reset.html",
                  {"form": form, "sent": sent, "answer": resets.ANSWER})


def password_reset_confirm(request, token: str):
    """The link from the e-mail: GET shows a confirm button (mail scanners that fetch links change
    nothing); POST sets a new password through the action and shows it once."""
    try:
        app, fingerprint = resets.read_token(token)
    except ValidationError as exc:
        return render(request, "applications/public/password_reset_confirm.html", {"error": exc.messages[0]},
                      status=400)
    context: dict = {"code": app.tracking_code}
    if request.method == "POST":
        try:
            context["password"] = actions.reset_query_password(actions.APPLICANT_ONLINE, app, via="email",
                                                               link_fingerprint=fingerprint)
        except ValidationError as exc:
            return render(request, "applications/public/password_reset_confirm.html", {"error": exc.messages[0]},
                          status=400)
    response = render(request, "applications/public/password_reset_confirm.html", context)
    # the token stays out of other sites' logs; same-origin keeps the Origin header the CSRF check needs
    # ("no-referrer" makes the browser send Origin: null and the confirming POST is refused)
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response
