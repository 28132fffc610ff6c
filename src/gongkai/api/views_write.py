"""Write endpoints (a token of the agency, with the endpoint's scope): register an application received
through another system, submit a disclosure item draft. Each calls the app's own action with the token
as the actor, so deadlines, tenancy and the journal apply exactly as on the workbench."""


import datetime as dt

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


def _not_before_first_year(day: dt.date | None, label: str) -> None:
    if day is not None and day.year < FIRST_YEAR:
        raise ApiError(400, "bad_request", f"{label}（{day}）早于 {FIRST_YEAR} 年，请核对。")


def _application_out(app: Application, password: str | None) -> dict:
    """The answer for a registered application; `password` None: the external id's earlier registration."""
    return {"id": app.pk, "tracking_code": app.tracking_code, "query_password": password,
            "created": password is not None, "state": app.state, "state_label": app.get_state_display(),
            "receipt_date": app.receipt_date, "due_date": app.due_date}


def _write(path: str, scope: str, response: dict, summary: str, description: str):
    """A write endpoint: token authentication with `scope`, the write errors, the scope named in the docs."""
    return router.post(path, auth=TokenAuth(scope), response={**response, **WRITE_ERRORS}, summary=summary,
                       description=f"{description}需要权限范围 {scope}。")


def _caller(request, payload) -> tuple[ApiToken, Agency]:
    """The authenticated token and the agency it writes for (its own; see `_target`)."""
    token: ApiToken = request.auth
    return token, _target(token, payload.agency)


@_write("/applications", REGISTER_APPLICATION, {201: ApplicationOut, 200: ApplicationOut},
        summary="登记经其他系统收到的依申请公开申请",
        description="如12345热线、省级政务公开平台转来的申请。与工作台登记相同：按渠道确定收到申请之日并计算"
                    "答复期限，记入操作日志（操作人为该接口令牌）。")
def register_application(request, payload: ApplicationIn):
    token, agency = _caller(request, payload)
    _not_before_first_year(payload.arrival_date, "到达日期")
    _not_before_first_year(payload.confirmed_date, "确认收到日期")
    data = payload.model_dump(exclude={"agency", "external_id", "channel", "arrival_date", "confirmed_date"})
    data = {k: (v.value if hasattr(v, "value") else v) for k, v in data.items() if v is not None}
    # a date after today, and a repeat of the same external id, are the registration action's own rules
    app, password = application_actions.register(
        tokens.actor_for(token), agency, data, channel=payload.channel.value, arrival=payload.arrival_date,
        confirmed=payload.confirmed_date,
        token=f"api{token.pk}:{payload.external_id}" if payload.external_id else None)
    return Status(201 if password is not None else 200, _application_out(app, password))


@_write("/disclosures/drafts", DRAFT_DISCLOSURE, {201: DraftOut}, summary="提交主动公开信息草稿",
        description="在本机关的主动公开台账中新建一条草稿；公开前仍须经内容审核和保密审查。")
def submit_draft(request, payload: DraftIn):
    token, agency = _caller(request, payload)
    if payload.formed_on > timezone.localdate():
        raise ApiError(400, "bad_request", f"成文日期（{payload.formed_on}）晚于今天，请填写实际日期。")
    _not_before_first_year(payload.formed_on, "成文日期")
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
