"""Tenancy: walk every staff URL pattern (/work/…) as a user of another agency, and as the supervisor.

Each app declares, for every staff pattern with parameters, how to address an object of a given agency
(`TENANCY_SAMPLES = {url_name: lambda agency: kwargs}`) or why it is not agency data
(`TENANCY_EXEMPT = {url_name: reason}`), in its urls module or in `gongkai.<app>.tenancy`.
A new pattern without either fails this test.
"""

import importlib

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency


def staff_patterns():
    """(namespace, url name, urls module, has parameters) for every pattern below /work/."""
    found = []

    def walk(patterns, prefix, namespace, module):
        for p in patterns:
            if isinstance(p, URLResolver):
                mod = getattr(p.urlconf_module, "__name__", module)
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace, mod)
            elif isinstance(p, URLPattern) and prefix.startswith("work/") and p.name:
                found.append((namespace, p.name, module, bool(p.pattern.converters)))

    walk(get_resolver().url_patterns, "", None, None)
    return found


@pytest.fixture
def demo(db):
    call_command("demo", stdout=open("/dev/null", "w"))
    return {
        "owner": Agency.objects.get(slug="luzhou-tjj"),
        "outsider": User.objects.get(username="jy_officer"),
        "supervisor": User.objects.get(username="supervisor"),
    }


@pytest.mark.django_db
def test_every_staff_url_refuses_another_agency_and_serves_the_supervisor(client, demo):
    patterns = staff_patterns()
    assert len(patterns) >= 5
    checked, missing = [], []
    for namespace, name, module, has_params in patterns:
        urls = importlib.import_module(module)
        samples = dict(getattr(urls, "TENANCY_SAMPLES", {}))
        exempt = dict(getattr(urls, "TENANCY_EXEMPT", {}))
        try:
            extra = importlib.import_module(module.rsplit(".", 1)[0] + ".tenancy")
        except ModuleNotFoundError:
            extra = None
        if extra is not None:
            samples.update(getattr(extra, "TENANCY_SAMPLES", {}))
            exempt.update(getattr(extra, "TENANCY_EXEMPT", {}))
        if not has_params:
            client.force_login(demo["outsider"])
            resp = client.get(reverse(f"{namespace}:{name}"))
            assert resp.status_code in (200, 302, 403, 405), (name, resp.status_code)
            continue
        if name not in samples:
            missing.append(f"{namespace}:{name}")
            continue
        kwargs = samples[name](demo["owner"])
        if kwargs is None:
            continue
        url = reverse(f"{namespace}:{name}", kwargs=kwargs)
        if name in exempt:
            continue
        client.force_login(demo["outsider"])
        resp = client.get(url)
        if resp.status_code == 405:
            resp = client.post(url)
        assert resp.status_code in (403, 404), (url, resp.status_code)
        # the supervisor sees its descendants' data: detail pages answer 200; management pages may refuse
        client.force_login(demo["supervisor"])
        resp = client.get(url)
        expected = (200,) if name.endswith("detail") else (200, 403, 404, 405)
        assert resp.status_code in expected, (url, resp.status_code)
        checked.append(url)
    assert not missing, f"these staff URL patterns declare no TENANCY_SAMPLES entry: {missing}"
    assert checked


@pytest.mark.django_db
def test_demo_is_idempotent(demo):
    from django.apps import apps

    def counts():
        return {m._meta.label: m.objects.count() for m in apps.get_models()
                if m._meta.app_label not in ("journal", "sessions", "admin", "contenttypes", "auth")}

    before = counts()
    call_command("demo", stdout=open("/dev/null", "w"))
    assert counts() == before
