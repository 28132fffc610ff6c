"""Demo agencies and one user per role (idempotent)."""

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role

DEMO_PASSWORD = "Gongkai-demo-2026"

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


def load(stdout=None) -> None:
    with transaction.atomic():
        by_slug = {}
        for order, (slug, name, short, parent, level, kind, office) in enumerate(AGENCIES):
            agency = Agency.objects.filter(slug=slug).first()
            if agency is None:
                agency = Agency(slug=slug)
            agency.name, agency.short_name, agency.level, agency.kind = name, short, level, kind
            agency.parent = by_slug.get(parent)
            agency.disclosure_office = office
            agency.address = agency.address or "四川省泸州市江阳区"
            agency.postcode = agency.postcode or "646000"
            agency.office_hours = agency.office_hours or "工作日 9:00-12:00，13:30-17:30"
            agency.sort_order = order
            agency.save()
            by_slug[slug] = agency
        for username, full_name, slug, role, superuser in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name, is_staff=superuser, is_superuser=superuser)
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, agency=by_slug[slug], role=role)
