"""Demo agencies and one user per role (idempotent), written through the actions as SYSTEM.

Every agency, account and role grant is its own action and its own journal event (agency.created,
account.created, membership.granted; agency.updated when a rerun finds a field changed): there are a
few dozen of them, so one event per record costs nothing and keeps each record traceable on its own
page. A rerun that finds everything in place writes no event. (`record_batch`, one event listing the
ids, is for loaders of thousands of rows, such as a ledger's demo items.)

`ensure_staff` is the one way a demo loader (this one or an app's) makes a demo account with a role.
"""

from django.db import transaction

from gongkai.accounts import actions as accounts
from gongkai.accounts.models import User
from gongkai.agencies import actions
from gongkai.agencies.models import Agency, Kind, Level, Role
from gongkai.journal.actors import SYSTEM

DEMO_PASSWORD = "Yanshi-Zhanghao-2026"

AGENCIES = [
    # slug, name, short, parent slug, level, kind, office
    ("luzhou", "泸州市人民政府", "泸州市政府", None, Level.CITY, Kind.GOVERNMENT, "泸州市人民政府办公室（政务公开办）"),
    ("luzhou-tjj", "泸州市统计局", "市统计局", "luzhou", Level.CITY, Kind.DEPARTMENT, "泸州市统计局办公室"),
    ("luzhou-sthjj", "泸州市生态环境局", "市生态环境局", "luzhou", Level.CITY, Kind.DEPARTMENT, "泸州市生态环境局办公室"),
    ("luzhou-rsj", "泸州市人力资源和社会保障局", "市人社局", "luzhou", Level.CITY, Kind.DEPARTMENT, "泸州市人力资源和社会保障局办公室"),
    ("jiangyang", "泸州市江阳区人民政府", "江阳区政府", "luzhou", Level.COUNTY, Kind.GOVERNMENT, "江阳区人民政府办公室"),
    ("jiangyang-jyj", "泸州市江阳区教育和体育局", "江阳区教体局", "jiangyang", Level.COUNTY, Kind.DEPARTMENT, "江阳区教育和体育局办公室"),
]

USERS = [
    # username, full name, agency slug, role, superuser
    ("officer", "王公开（统计局公开专员）", "luzhou-tjj", Role.OFFICER, False),
    ("reviewer", "李审核（统计局审核人）", "luzhou-tjj", Role.REVIEWER, False),
    ("secrecy", "赵保密（统计局保密审查员）", "luzhou-tjj", Role.SECRECY_REVIEWER, False),
    ("leader", "陈分管（统计局分管领导）", "luzhou-tjj", Role.LEADER, False),
    ("supervisor", "刘督导（市政务公开办）", "luzhou", Role.SUPERVISOR, False),
    ("auditor", "孙审计（市安全审计员）", "luzhou", Role.AUDITOR, False),
    ("jy_officer", "周专员（江阳区教体局公开专员）", "jiangyang-jyj", Role.OFFICER, False),
    ("admin", "系统管理员", "luzhou", Role.SYSADMIN, True),
]


DEFAULT_CONTACT = {"address": "四川省泸州市江阳区", "postcode": "646000", "office_hours": "工作日 9:00-12:00，13:30-17:30"}


def ensure_staff(username: str, full_name: str, agency: Agency, role: str, *, superuser: bool = False) -> User:
    """The demo account `username` (created with the demo password if missing), holding `role` at `agency`."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = accounts.create_account(SYSTEM, username, password=DEMO_PASSWORD, full_name=full_name,
                                       is_staff=superuser, is_superuser=superuser)
    actions.grant_role(SYSTEM, user, agency, role)
    return user


def _ensure_agency(order: int, slug, name, short, parent, level, kind, office) -> Agency:
    values = {"name": name, "short_name": short, "level": level, "kind": kind, "parent": parent,
              "disclosure_office": office, "sort_order": order}
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        del values["name"], values["parent"]
        return actions.create_agency(SYSTEM, name=name, slug=slug, parent=parent, **DEFAULT_CONTACT, **values)
    # contact details someone has entered stay; empty ones get the demo's
    values.update({k: v for k, v in DEFAULT_CONTACT.items() if not getattr(agency, k)})
    return actions.update_agency(SYSTEM, agency, **values)


def load(stdout=None) -> None:
    with transaction.atomic():
        by_slug: dict[str, Agency] = {}
        for order, (slug, name, short, parent, level, kind, office) in enumerate(AGENCIES):
            by_slug[slug] = _ensure_agency(order, slug, name, short, by_slug.get(parent), level, kind, office)
        for username, full_name, slug, role, superuser in USERS:
            ensure_staff(username, full_name, by_slug[slug], role, superuser=superuser)
