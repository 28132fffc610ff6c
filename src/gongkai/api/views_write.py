"""Write endpoints (a token of the agency, with the endpoint's scope): register an application received
through another system, submit a disclosure item draft. Each calls the app's own action with the token
as the actor, so deadlines, tenancy and the journal apply exactly as on the workbench."""


import datetime as dt

from django.db import IntegrityError
from django.utils import timezone
from ninja import Router, Status

from gongkai.agencies.models import Agency
from gongkai.api import tokens
from gongkai.api.auth import TokenAuth
from gongkai.api.errors import ApiError
from gongkai.api.models import ApiToken
from gongkai.api.schemas import ApplicationIn, ApplicationOut, DraftIn, DraftOut, ErrorOut
from gongkai.api.scopes import DRAFT_DISCLOSURE, REGISTER_APPLICATION
from gongkai.applications import actions as application_actions
from gongkai.applications.models import Application
from gongkai.disclosures import actions as disclosure_actions

router = Router(tags=["写入（需要接口令牌）"])
WRITE_ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 413, 429)}
FIRST_YEAR = 2008


def _target(token: ApiToken, slug: str | None) -> Agency:
    """The agency written for: the token's own. Naming another one is refused (403), never followed."""
    if slug and slug != token.agency.slug:
        raise ApiError(403, "forbidden", f"接口令牌“{token.name}”属于{token.agency.name}，"
                                         f"不能为其他机关（{slug[:50]}）写入数据。")
    return token.agency


def _check_day(day: dt.date | None, label: str) -> None:
    if day is None:
        return
    today = timezone.localdate()
    if day > today:
        raise ApiError(400, "bad_request", f"{label}（{day}）晚于今天，请填写实际日期。")
    if day.year < FIRST_YEAR:
        raise ApiError(400, "bad_request", f"{label}（{day}）早于 {FIRST_YEAR} 年，请核对。")


def _application_out(app: Application, password: str | None, created: bool) -> dict:
    return {"id": app.pk, "tracking_code": app.tracking_code, "query_password": password, "created": created,
            "state": app.state, "state_label": app.get_state_display(), "receipt_date": app.receipt_date,
            "due_date": app.due_date}


@router.post("/applications", auth=TokenAuth(REGISTER_APPLICATION),
             response={201: ApplicationOut, 200: ApplicationOut, **WRITE_ERRORS},
             summary="登记经其他系统收到的依申请公开申请",
             description="如12345热线、省级政务公开平台转来的申请。与工作台登记相同：按渠道确定收到申请之日并计算"
                         "答复期限，记入操作日志（操作人为该接口令牌）。需要权限范围 applications.register。")
def register_application(request, payload: ApplicationIn):
    token: ApiToken = request.auth
    agency = _target(token, payload.agency)
    _check_day(payload.arrival_date, "到达日期")
    _check_day(payload.confirmed_date, "确认收到日期")
    submit_token = f"api{token.pk}:{payload.external_id}" if payload.external_id else None
    if submit_token and (existing := Application.objects.filter(submit_token=submit_token).first()):
        return Status(200, _application_out(existing, None, False))
    data = payload.model_dump(exclude={"agency", "external_id", "channel", "arrival_date", "confirmed_date"})
    data = {k: (v.value if hasattr(v, "value") else v) for k, v in data.items() if v is not None}
    try:
        app, password = application_actions.register(
            tokens.actor_for(token), agency, data, channel=payload.channel.value, arrival=payload.arrival_date,
            confirmed=payload.confirmed_date, token=submit_token)
    except IntegrityError:
        existing = Application.objects.filter(submit_token=submit_token).first() if submit_token else None
        if existing is None:
            raise
        return Status(200, _application_out(existing, None, False))
    return Status(201, _application_out(app, password, True))


@router.post("/disclosures/drafts", auth=TokenAuth(DRAFT_DISCLOSURE), response={201: DraftOut, **WRITE_ERRORS},
             summary="提交主动公开信息草稿",
             description="在本机关的主动公开台账中新建一条草稿；公开前仍须经内容审核和保密审查。"
                         "需要权限范围 disclosures.draft。")
def submit_draft(request, payload: DraftIn):
    token: ApiToken = request.auth
    agency = _target(token, payload.agency)
    _check_day(payload.formed_on, "成文日期")
    data = {
        "title": payload.title, "doc_no": payload.doc_no, "publisher": payload.publisher,
        "formed_on": payload.formed_on, "topic": payload.topic.value, "doc_type": payload.doc_type.value,
        "art20_item": payload.art20_item.value if payload.art20_item else "", "body": payload.body,
        "channels": [c.value for c in payload.channels], "requires_interpretation": payload.requires_interpretation,
        "effective_on": payload.effective_on,
    }
    item = disclosure_actions.create_item(tokens.actor_for(token), agency, data)
    return Status(201, {"id": item.pk, "title": item.title, "status": item.status,
                        "status_label": item.get_status_display(), "agency": {"slug": agency.slug, "name": agency.name}})
