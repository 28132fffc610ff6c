"""The standing fuzz (issue 15): every route and every form of the portal and the workbench, as every role,
with hostile values (control characters, lone surrogates, RTL marks, very long strings, odd numbers, dates
and ids) in every GET parameter and every form field: no response may be a server error.

Each role crawls the pages it can reach (links and forms with the real ids of a small seeded world); routes
it does not reach are requested with odd ids. Hypothesis draws the values; examples per URL are bounded so
the quick run stays in the suite. `pytest -m fuzz_long tests/security/test_fuzz.py -s` runs many more
(excluded from the default run, like `deploy`). Both print the counts: routes covered, requests sent,
responses >= 500.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import traceback
import urllib.parse
import zlib
from collections import Counter, deque

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from reports import ledger

from . import fuzz_harness as fz

# pages: crawled per role; per_route: pages per route per role; *_examples: per URL or form; per_route_total:
# fuzzed URLs (or forms) per route over all roles; heavy_once: a file-rendering route fetched by one role only.
# derandomize: the quick run draws the same values every time (seeded per role and URL: a stable suite);
# the long run explores anew each time.
QUICK = {"pages": 30, "per_route": 1, "get_examples": 1, "post_examples": 2, "odd_paths": 1,
         "per_route_total": 2, "heavy_once": True, "derandomize": True}
LONG = {"pages": 400, "per_route": 3, "get_examples": int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", 20)),
        "post_examples": int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", 20)), "odd_paths": 6,
        "per_route_total": None, "heavy_once": False, "derandomize": False}
HEAVY = re.compile(r"download|letter$|case_file|export|rss|atom|drill")
ROLES = ["anonymous", "officer", "reviewer", "leader", "supervisor", "auditor", "sysadmin"]
STARTS = ["/", "/work/", "/open/", "/mailbox/", "/annual-reports/", "/audit/", "/apply/", "/apply/status/",
          "/mailbox/query/", "/accounts/login/", "/accounts/password/"]


def _seed(agency_tree, make_user) -> tuple[dict, dict]:
    """A small world: one record of each kind at the department; a user per role."""
    from gongkai.disclosures.models import CatalogueNode
    from gongkai.interactions.models import Survey, SurveyOption, SurveyQuestion, SurveyStatus
    from gongkai.reports import actions as report_actions

    dept, city = agency_tree["dept"], agency_tree["city"]
    day = dt.date.today() - dt.timedelta(days=20)
    users = {role: make_user(dept if role in ("officer", "reviewer", "leader") else city, role,
                             username=f"fz_{role}", is_staff=role == "sysadmin")
             for role in ROLES if role != "anonymous"}
    app = ledger.application(dept, day)
    item = ledger.item(dept, day)
    letter = ledger.letter(dept, day, answered=day, published=day)
    appeal = ledger.appeal(dept, "reconsideration", day)
    survey = Survey.objects.create(agency=dept, title="满意度调查", opens_on=day,
                                   closes_on=dt.date.today() + dt.timedelta(days=30), status=SurveyStatus.OPEN)
    question = SurveyQuestion.objects.create(survey=survey, position=1, text="满意吗", kind="single")
    SurveyOption.objects.create(question=question, position=1, text="满意")
    node = CatalogueNode.objects.create(agency=dept, name="统计数据")
    report = report_actions.create_report(users["officer"], dept, dt.date.today().year - 1)
    ids = {
        "pk": [str(x.pk) for x in (app, item, letter, appeal, survey, report)],
        "agency_id": [str(dept.pk), str(city.pk)], "node_id": [str(node.pk)], "att_id": [], "position": ["1"],
        "year": [str(dt.date.today().year), "2099"], "version": ["1"], "col": ["0", "6"],
        "slug": [dept.slug], "fmt": ["docx", "pdf", "xlsx"], "ext": ["docx", "pdf", "xlsx", "html"],
        "name": ["reply", "withdraw", "publish"], "table": ["table3", "table2"], "key": ["r1", "x"],
    }
    return users, ids


class Fuzzer:
    def __init__(self, budget: dict, param_names: list[str]):
        self.budget = budget
        self.params = param_names
        self.sent = 0
        self.errors: list[str] = []
        self.routes_hit: set[str] = set()
        self.statuses: Counter = Counter()
        self.seconds: Counter = Counter()  # per route, to keep the quick run quick
        self.fuzzed: Counter = Counter()  # (method, route) -> URLs or forms fuzzed, over all roles
        self.fetched: Counter = Counter()  # route -> crawled, over all roles

    def wants(self, method: str, path: str) -> bool:
        """Within the per-route budget (over all roles) for fuzzing `path` with `method`; counts it."""
        route = _route(path)
        limit = self.budget["per_route_total"]
        if limit is not None and self.budget["heavy_once"] and HEAVY.search(route):
            limit = 1
        if limit is not None and self.fuzzed[method, route] >= limit:
            return False
        self.fuzzed[method, route] += 1
        return True

    def send(self, client: Client, role: str, method: str, path: str, pairs: list[tuple[str, str]]):
        """One request; an exception raised by a view counts as a 500."""
        self.sent += 1
        t0 = time.monotonic()
        split = urllib.parse.urlsplit(path)
        query = "&".join(q for q in (split.query, fz.encode(pairs) if method == "GET" else "") if q)
        try:
            if method == "GET":
                resp = client.generic("GET", split.path, QUERY_STRING=query)
            else:
                resp = client.generic("POST", split.path + (f"?{split.query}" if split.query else ""),
                                      fz.encode(pairs), content_type="application/x-www-form-urlencoded")
            status = resp.status_code
        except Exception as exc:  # noqa: BLE001 - a view raising is exactly what the fuzz looks for
            status, resp = 500, None
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.errors.append(f"{role} {method} {split.path} {type(exc).__name__}: {str(exc)[:150]} "
                               f"({where.filename.split('/src/')[-1]}:{where.lineno}) {pairs!r:.300}")
        else:
            if status >= 500:
                self.errors.append(f"{role} {method} {split.path} -> {status} {pairs!r:.300}")
        self.statuses[status // 100 * 100] += 1
        route = _route(split.path)
        if route != "(404)":
            self.routes_hit.add(route)
        self.seconds[route] += time.monotonic() - t0
        return resp

    def _seeded(self, test, role: str, path: str):
        return seed(zlib.crc32(f"{role} {path}".encode()))(test) if self.budget["derandomize"] else test

    def fuzz_get(self, client, role: str, path: str) -> None:
        if not self.wants("GET", path):
            return
        names = st.dictionaries(st.sampled_from(self.params), fz.field_value([], ""), max_size=6)

        @settings(max_examples=self.budget["get_examples"], deadline=None, database=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(values=names)
        def run(values):
            self.send(client, role, "GET", path, fz.flatten(values))

        self._seeded(run, role, path)()

    def fuzz_post(self, client, role: str, form: fz.Form) -> None:
        if not self.wants("POST", form.action):
            return
        fields = {name: fz.field_value(options, value) for name, (options, value) in form.fields.items()
                  if name != "csrfmiddlewaretoken"}

        @settings(max_examples=self.budget["post_examples"], deadline=None, database=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(values=st.fixed_dictionaries(fields))
        def run(values):
            self.send(client, role, "POST", form.action, fz.flatten(values))

        self._seeded(run, role, form.action)()

    def crawl(self, client, role: str) -> tuple[list[str], list[fz.Form]]:
        """Pages this role reaches from the start pages (at most `per_route` per route), and their POST forms."""
        seen_paths, per_route, pages, forms, form_keys = set(), Counter(), [], [], set()
        todo = deque(STARTS)
        while todo and len(pages) < self.budget["pages"]:
            path = todo.popleft()
            if path in seen_paths:
                continue
            seen_paths.add(path)
            route = _route(path)
            if route == "(404)" or per_route[route] >= self.budget["per_route"]:
                continue
            if self.budget["heavy_once"] and HEAVY.search(route) and self.fetched[route]:
                continue
            per_route[route] += 1
            self.fetched[route] += 1
            resp = self.send(client, role, "GET", path, [])
            pages.append(path)
            if resp is None or resp.status_code != 200 or "html" not in resp.get("Content-Type", ""):
                continue
            page = fz.parse(resp.content.decode("utf-8", "replace"))
            todo.extend(p for p in (fz.local(path, h) for h in page.links) if p)
            for form in page.forms:
                action = fz.local(path, form.action or path)
                key = (action and urllib.parse.urlsplit(action).path, form.method, tuple(sorted(form.fields)))
                if action and form.method == "post" and key not in form_keys:
                    form_keys.add(key)
                    form.action = action
                    forms.append(form)
        return pages, forms


def _route(path: str) -> str:
    try:
        return resolve(urllib.parse.urlsplit(path).path).view_name
    except Resolver404:
        return "(404)"


def run_fuzz(budget, agency_tree, make_user) -> Fuzzer:
    users, ids = _seed(agency_tree, make_user)
    fuzzer = Fuzzer(budget, fz.get_param_names())
    all_routes = fz.routes()
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        pages, forms = fuzzer.crawl(client, role)
        reached = {_route(p) for p in pages}
        odd = [path for r in all_routes if r.name not in reached
               for path in fz.concrete(r, ids)[: budget["odd_paths"]]]
        for path in pages + odd:
            fuzzer.fuzz_get(client, role, path)
        for form in forms:
            fuzzer.fuzz_post(client, role, form)
    fuzzer.routes_total = len(all_routes)
    return fuzzer


def _report(fuzzer: Fuzzer, started: float) -> str:
    return (f"fuzz: {len(fuzzer.routes_hit)} of {fuzzer.routes_total} routes covered, {fuzzer.sent} requests sent "
            f"as {len(ROLES)} roles, {len(fuzzer.errors)} responses >= 500, statuses {dict(fuzzer.statuses)}, "
            f"{time.monotonic() - started:.1f} s")


def _check(fuzzer: Fuzzer, started: float, record_property) -> None:
    summary = _report(fuzzer, started)
    print("\n" + summary)
    print("slowest routes:", ", ".join(f"{r} {s:.1f}s" for r, s in fuzzer.seconds.most_common(12)))
    record_property("fuzz", summary)
    assert fuzzer.errors == [], "\n".join(fuzzer.errors[:40])
    assert len(fuzzer.routes_hit) >= fuzzer.routes_total - 2, summary


@pytest.mark.django_db
def test_fuzz_every_route_and_form_as_every_role(agency_tree, make_user, calendar, record_property):
    started = time.monotonic()
    _check(run_fuzz(QUICK, agency_tree, make_user), started, record_property)


@pytest.mark.fuzz_long
@pytest.mark.django_db
def test_fuzz_long(agency_tree, make_user, calendar, record_property):
    started = time.monotonic()
    _check(run_fuzz(LONG, agency_tree, make_user), started, record_property)
