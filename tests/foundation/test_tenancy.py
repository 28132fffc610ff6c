"""Tenancy: walk every staff URL pattern (/work/…) as an officer of another agency and as the supervisor
above the agency that owns the data. Nothing is skipped silently:

- A pattern with parameters has a sample in its app (`TENANCY_SAMPLES = {url_name: lambda agency: kwargs}`
  in its urls module or in `gongkai.<app>.tenancy`) that finds data of the owner (泸州市统计局) in the demo
  data (plus the few records `demo` below adds); a sample that finds nothing fails the walk.
- The outsider (江阳区教体局's officer) gets 403 or 404 on every page of the owner's data; where a pattern
  only takes POST (GET answers 405), its POST gets 403 or 404.
- The supervisor (市政务公开办) gets exactly 200 on every page of its member agencies' data, and exactly
  405 on a GET of a POST-only pattern (its POSTs are not walked: they would change the data).
- A pattern without parameters (a list of the user's own agencies' data) answers exactly 200 to both
  (405 to both when it only takes POST; such a POST acts on the user's own agency and is not walked).

Every exception to these rules is in EXCEPTIONS below, with its reason: the one place to review them.
A new staff pattern without a sample (or an exception), an app declaring exemptions of its own, and an
exception no pattern needs any more all fail the test.
"""

import datetime as dt
import importlib
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency

REFUSED = (403, 404)


@dataclass(frozen=True)
class Expect:
    reason: str
    outsider: tuple[int, ...] = REFUSED  # for a pattern without parameters the default is (200,)
    supervisor: tuple[int, ...] = (200,)


# The reviewed exceptions, "namespace:name" → what the outsider and the supervisor get instead, and why.
EXCEPTIONS: dict[str, Expect] = {
    # not agency data
    "workcalendar:year": Expect("全国统一的工作日历，不属于任何机关：所有员工都能查看", outsider=(200,)),
    "stats:section": Expect("统计看板的栏目以栏目名区分，不是某个机关的记录：每个员工看到的是自己有权查看的机关"
                            "（?agency= 选择，stats.scope 限定；见 tests/stats 的范围测试）", outsider=(200,)),
    # pages that need a role the outsider (an officer) or the supervisor does not hold
    "journal:list": Expect("操作日志只给政务公开办和安全审计员看，公开专员无权查看", outsider=(403,)),
    "workcalendar:confirm": Expect("确认节假日安排限系统管理员和最上级政务公开办", outsider=(403,)),
    "applications:register": Expect("登记申请是受理机关公开专员的工作，政务公开办不登记", outsider=(200,),
                                    supervisor=(403,)),
    "applications:import": Expect("导入台账同登记申请，政务公开办不导入", outsider=(200,), supervisor=(403,)),
    "appeals:create": Expect("复议诉讼由被申请机关登记，政务公开办不登记", outsider=(200,), supervisor=(403,)),
    "interactions:survey_new": Expect("发起调查限本机关的公开专员和审核人；政务公开办被转回调查列表",
                                      outsider=(200,), supervisor=(302,)),
    "disclosures:catalogue_home": Expect("只管理一个机关目录的用户被直接转到该机关的目录", outsider=(302,)),
    # management pages of the agency's own catalogue: the supervisor reads it on the public site
    **{f"disclosures:{name}": Expect("公开目录、指南、设置和渠道统计由本机关公开专员、审核人、分管领导维护；"
                                     "政务公开办在门户网站查看", supervisor=(404,))
       for name in ("catalogue", "node", "guide", "settings", "tallies")},
    "appeals:edit": Expect("复议诉讼记录由被申请机关维护；政务公开办在列表和报告中查看", supervisor=(403,)),
}


def staff_patterns():
    """(namespace, url name, urls module, has parameters) for every named pattern below /work/."""
    found = []

    def walk(patterns, prefix, namespace, module):
        for p in patterns:
            if isinstance(p, URLResolver):
                mod = getattr(p.urlconf_module, "__name__", module)
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace, mod)
            elif isinstance(p, URLPattern) and prefix.startswith("work/"):
                found.append((namespace, p.name, module, bool(p.pattern.converters)))

    walk(get_resolver().url_patterns, "", None, None)
    return found


def declarations(module: str) -> tuple[dict, dict]:
    """The samples of a urls module and of its app's `tenancy` module, and any exemptions they declare."""
    samples, exempt = {}, {}
    names = [module]
    try:
        importlib.import_module(module.rsplit(".", 1)[0] + ".tenancy")
        names.append(module.rsplit(".", 1)[0] + ".tenancy")
    except ModuleNotFoundError:
        pass
    for name in names:
        mod = importlib.import_module(name)
        samples.update(getattr(mod, "TENANCY_SAMPLES", {}))
        exempt.update(getattr(mod, "TENANCY_EXEMPT", {}))
    return samples, exempt


@pytest.fixture
def demo(db, demo_data, settings, tmp_path):
    """The demo data, plus the records it has none of for the owner: an appeal, an applicant's attachment and
    an attachment of a published disclosure item."""
    from django.core.files.base import ContentFile

    from gongkai.appeals.models import Appeal
    from gongkai.applications.models import Application, Attachment
    from gongkai.disclosures.models import Attachment as ItemAttachment
    from gongkai.disclosures.models import DisclosureItem, Status

    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    owner = Agency.objects.get(slug="luzhou-tjj")
    Appeal.objects.create(agency=owner, kind="reconsideration", case_no="泸市府复〔2026〕1号", filed_on=dt.date(2026, 3, 2))
    app = Application.objects.filter(agency=owner).order_by("pk").first()
    attachment = Attachment(application=app, name="申请书.pdf", size=13, content_type="application/pdf")
    attachment.file.save("申请书.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    item = DisclosureItem.objects.filter(agency=owner, status=Status.PUBLISHED).order_by("pk").first()
    item_file = ItemAttachment(item=item, original_name="附件.pdf", kind="pdf", size=13, sha256="0" * 64)
    item_file.file.save("附件.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {
        "owner": owner,
        "outsider": User.objects.get(username="jy_officer"),
        "supervisor": User.objects.get(username="supervisor"),
    }


def undeclared(patterns) -> list[str]:
    """Patterns with parameters that have no sample (an exception changes what is expected, never whether
    a pattern is walked)."""
    return [f"{ns}:{name}" for ns, name, module, has_params in patterns
            if has_params and name not in declarations(module)[0]]


def test_every_pattern_with_parameters_has_a_sample():
    assert undeclared(staff_patterns()) == []
    # a new pattern without one is caught (the walk below fails on it too)
    assert undeclared([("agencies", "merge", "gongkai.agencies.urls", True)]) == ["agencies:merge"]


def test_exemptions_live_in_one_place():
    declared = {f"{ns}:{name}": exempt for ns, name, module, _ in staff_patterns()
                for exempt in [declarations(module)[1]] if name in exempt}
    assert not declared, f"exemptions belong in tests/foundation/test_tenancy.EXCEPTIONS, not in the apps: {declared}"


@pytest.mark.django_db
def test_every_staff_url_refuses_another_agency_and_serves_the_supervisor(client, demo):
    patterns = staff_patterns()
    unnamed = [module for _, name, module, _ in patterns if not name]
    assert not unnamed, f"staff URL patterns without a name cannot be walked: {unnamed}"
    problems, walked = [], []

    def get(user, url, method="get"):
        client.force_login(demo[user])
        return getattr(client, method)(url).status_code

    def check(key, who, got, expected):
        if got not in expected:
            problems.append(f"{key} {who}: {got}, expected {'/'.join(map(str, expected))}")

    for namespace, name, module, has_params in patterns:
        key = f"{namespace}:{name}"
        rule = EXCEPTIONS.get(key)
        if has_params:
            samples, _ = declarations(module)
            if name not in samples:
                problems.append(f"{key}: no TENANCY_SAMPLES entry (add one in gongkai.{namespace}.tenancy)")
                continue
            kwargs = samples[name](demo["owner"])
            if not kwargs or None in kwargs.values():
                problems.append(f"{key}: the sample found no data of {demo['owner'].name}: {kwargs}")
                continue
            url = reverse(key, kwargs=kwargs)
            outsider, supervisor = (rule.outsider, rule.supervisor) if rule else (REFUSED, (200,))
        else:
            url = reverse(key)
            outsider, supervisor = (rule.outsider, rule.supervisor) if rule else ((200,), (200,))
        got = get("outsider", url)
        if got == 405 and not rule:  # POST only: the outsider's POST on the owner's data must be refused
            if has_params:
                check(key, "outsider POST", get("outsider", url, "post"), REFUSED)
            check(key, "supervisor GET", get("supervisor", url), (405,))
        else:
            check(key, "outsider", got, outsider)
            check(key, "supervisor", get("supervisor", url), supervisor)
        walked.append(key)
    assert not problems, "\n".join(problems)
    stale = set(EXCEPTIONS) - set(walked)
    assert not stale, f"exceptions for patterns that no longer exist: {sorted(stale)}"
    assert len(walked) == len(patterns) >= 40


@pytest.mark.django_db
def test_demo_is_idempotent(demo):
    from django.apps import apps

    def counts():
        return {m._meta.label: m.objects.count() for m in apps.get_models()
                if m._meta.app_label not in ("journal", "sessions", "admin", "contenttypes", "auth")}

    before = counts()
    call_command("demo", stdout=open("/dev/null", "w"))
    assert counts() == before
