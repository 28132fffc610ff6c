import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests check results, not speed: on a shared 2-core machine (and in CI) a single example can
# take longer than hypothesis' default 200 ms deadline, which would fail a correct test as "flaky".
hypothesis_settings.register_profile("gongkai", deadline=None)
hypothesis_settings.load_profile("gongkai")

PRODUCTION_HASHERS = None  # settings.PASSWORD_HASHERS as configured, for tests marked production_password_hash

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """The shared folder (docs, fixtures) sits beside the repository, here and in CI; a clone made elsewhere
    from a local repository finds it beside that repository (its `origin`)."""
    if os.environ.get("GONGKAI_SHARED"):
        return Path(os.environ["GONGKAI_SHARED"])
    candidates = [REPO.parent / "shared"]
    try:
        import subprocess

        origin = subprocess.run(["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
                                capture_output=True, text=True, timeout=5).stdout.strip()
        if origin and Path(origin).is_dir():
            candidates.append(Path(origin).resolve().parent / "shared")
    except (OSError, subprocess.SubprocessError):
        pass
    return next((c for c in candidates if (c / "fixtures").is_dir()), candidates[0])


SHARED = _find_shared()


# The tests that take seconds each, longest first (measured with --durations; a name that no longer exists is
# simply not found). `make test` runs `--dist worksteal` on two workers: the first worker starts on these while
# the other takes the quick ones, and whoever runs out takes half of the other's remaining queue from its end.
# Run last, a 40-second test would keep one core busy while the other sat idle.
LONG_FIRST = [
    "tests/api/test_schemathesis.py",
    "tests/applications/test_browser_walk.py",
    "tests/foundation/test_backup.py::test_backup_restores_every_table_and_the_uploaded_files",
    "tests/api/test_privacy.py",
    "tests/security/test_ratelimit_atomic.py::test_forty_concurrent_applications_from_one_address_against_ten_per_hour",
    "tests/foundation/test_browser_accessibility.py",
    "tests/security/test_shutdown.py",
    "tests/security/test_fuzz.py",
    "tests/disclosures/test_browser_disclosure.py",
    "tests/reports/test_audit_roundtrip.py::test_round_trip_pdf",
    "tests/applications/test_demo.py",
    "tests/disclosures/test_demo.py",
    "tests/stats/test_dashboard_browser.py",
    "tests/interactions/test_browser_mailbox.py",
    "tests/security/test_login_throttle.py",
    "tests/security/test_busy_503.py",
    "tests/serving/test_operator_comfort.py",
    "tests/applications/test_case_export.py",
    "tests/foundation/test_tenancy.py",
    "tests/security/test_lost_answer.py",
    "tests/reports/test_compute.py::test_every_cell_drills_down_to_exactly_its_figure",
    "tests/reports/test_government.py::test_one_rollup_meaning_for_the_cli_and_the_web_page",
    "tests/applications/test_document_numbers_concurrent.py",
    "tests/reports/test_published_files.py",
    "tests/reports/test_workflow.py",
]


def _long_rank(item) -> int:
    for rank, prefix in enumerate(LONG_FIRST):
        if item.nodeid.startswith(prefix):
            return rank
    if item.get_closest_marker("browser") or item.get_closest_marker("slow"):
        return len(LONG_FIRST)
    if "demo_tables" in getattr(item, "fixturenames", ()):
        return len(LONG_FIRST) + 1
    return len(LONG_FIRST) + 2


def pytest_collection_modifyitems(config, items):
    """Long tests first, then the other tests of the demo data (so that they fall to the worker that captures
    the demo, not to one that would wait for it); a stable sort: the others keep their order, module by module."""
    items.sort(key=_long_rank)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "fixtures").exists():
        pytest.fail(f"找不到共享的 fixtures 目录：{SHARED}（应位于仓库旁边的 shared/）")
    return SHARED


@pytest.fixture
def agency_tree(db):
    """A city government with two departments, and a county government below it with one department."""
    from gongkai.agencies.models import Agency, Kind, Level

    city = Agency.objects.create(name="测试市人民政府", slug="t-city", level=Level.CITY, kind=Kind.GOVERNMENT)
    dept = Agency.objects.create(name="测试市统计局", slug="t-stats", parent=city)
    other = Agency.objects.create(name="测试市生态环境局", slug="t-env", parent=city)
    county = Agency.objects.create(
        name="测试县人民政府", slug="t-county", parent=city, level=Level.COUNTY, kind=Kind.GOVERNMENT
    )
    county_dept = Agency.objects.create(name="测试县教育局", slug="t-county-edu", parent=county, level=Level.COUNTY)
    return {"city": city, "dept": dept, "other": other, "county": county, "county_dept": county_dept}


@pytest.fixture
def make_user(db):
    from gongkai.accounts.models import User
    from gongkai.agencies.models import Membership

    counter = {"n": 0}

    def make(agency=None, role="officer", username=None, password="Pw-for-tests-2026", **extra):
        counter["n"] += 1
        user = User.objects.create_user(username=username or f"u{counter['n']}_{role}", password=password, **extra)
        if agency is not None:
            Membership.objects.create(user=user, agency=agency, role=role)
        return user

    return make


@pytest.fixture
def calendar(db):
    from gongkai.workcalendar.service import clear_cache, get_calendar

    clear_cache()
    return get_calendar()


@pytest.fixture
def today():
    return dt.date.today()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download cannot work here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("浏览器测试需要 Debian 的 chromium（/usr/bin/chromium）：请运行 make test，它会安装。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(page):
    """login(username, password) in the browser page."""

    def do(username, password="Pw-for-tests-2026"):
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/work/**")

    return do


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or any(
        name in getattr(item, "fixturenames", ()) for name in ("transactional_db", "live_server")
    )


def _seed_calendar() -> None:
    from gongkai.workcalendar.models import CalendarYear, ExceptionDay
    from gongkai.workcalendar.seeding import seed
    from gongkai.workcalendar.service import clear_cache

    if not CalendarYear.objects.filter(year=2026).exists():
        seed(CalendarYear, ExceptionDay)
    clear_cache()


@pytest.fixture(autouse=True)
def _calendar_seed_for_transactional_tests(request):
    """Transactional tests (live_server, browser) flush the database afterwards, which also removes the
    calendar years the migrations seeded; make sure they are there before each such test."""
    if not _transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    _seed_calendar()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """…and put them back right after the flush, so the database a worker hands to its next test is the migrated
    one whatever ran before: tests may then run in any order (pytest-django's order, transactional tests last,
    is not kept by `--dist worksteal`, which hands a worker tests from the end of the other worker's queue)."""
    result = yield
    if nextitem is not None and _transactional(item):  # (after the last test the test database is gone)
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _seed_calendar()
    return result


@pytest.fixture(autouse=True)
def _fresh_cache_per_test(settings):
    """Each test gets its own empty in-memory cache (the file cache under var/ outlives test runs and would
    carry rate-limit budgets from one test, or one run, into the next)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"test-{os.getpid()}-{id(settings)}"}}


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings,
                    tmp_path_factory):
    """The test database, migrated once, not once per xdist worker (2–4 s each, and the PostgreSQL server's
    work besides). On SQLite (in memory) it is a copy of a database migrated once for all workers and runs
    (`_migrated_sqlite`, rebuilt when a migration or the calendar it seeds changes). On PostgreSQL under xdist the first worker migrates a template database and every worker clones it
    (CREATE DATABASE … TEMPLATE); the template is dropped when the run ends. Otherwise as pytest-django does."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    connection = connections["default"]
    single = len(connections.settings) == 1
    with django_db_blocker.unblock():
        if single and connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
                connection.creation._get_test_db_name()):
            config = _copy_migrated_sqlite(connection)
        elif single and connection.vendor == "postgresql" and hasattr(request.config, "workerinput"):
            config = _clone_migrated_postgresql(connection, tmp_path_factory.getbasetemp().parent)
        else:
            config = setup_databases(verbosity=request.config.option.verbose, interactive=False)
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            _end_other_sessions(connection)
        teardown_databases(config, verbosity=request.config.option.verbose)


def _end_other_sessions(connection) -> None:
    """A connection a test's thread left open (a server thread's, a thread pool's) would make DROP DATABASE fail
    at the very end of a run ("is being accessed by other users", seen once in a full run on PostgreSQL)."""
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
                       " AND pid <> pg_backend_pid()", [name])


def _template_name(name: str) -> str:
    return f"test_{name}_migrated"


def _clone_migrated_postgresql(connection, folder: Path) -> list:
    import fcntl

    from django.conf import settings as django_settings

    old_name = connection.settings_dict["NAME"]
    target = connection.creation._get_test_db_name()
    template = _template_name(old_name)
    qn = connection.ops.quote_name
    with open(folder / "pg-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "pg-template.done").exists():
            test = connection.settings_dict.setdefault("TEST", {})
            test["NAME"] = template
            try:
                connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            finally:
                test["NAME"] = target
            connection.close()
            django_settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = old_name
            (folder / "pg-template.done").touch()
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {qn(target)}")
            cursor.execute(f"CREATE DATABASE {qn(target)} WITH TEMPLATE {qn(template)}")
    connection.close()
    django_settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = target
    return [(connection, old_name, True)]


def pytest_sessionfinish(session):
    """The xdist controller drops the PostgreSQL template the workers cloned (see django_db_setup)."""
    if hasattr(session.config, "workerinput") or not getattr(session.config.option, "numprocesses", None):
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from pytest_django.plugin import blocking_manager_key

    with session.config.stash[blocking_manager_key].unblock(), connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(_template_name(connection.settings_dict['NAME']))}")


def _migrated_sqlite() -> Path:
    """A migrated SQLite database, built once and kept under var/test-builds until a migration or the data the
    migrations seed (the calendar: workcalendar/seeding.py and chinesecalendar's tables) changes."""
    import chinese_calendar

    from gongkai.serving import launch
    from gongkai.workcalendar import seeding

    sources = [*launch._package_files("*/migrations/*.py"), Path(seeding.__file__),
               Path(chinese_calendar.__file__).with_name("constants.py")]

    def build(folder: Path) -> None:
        launch.gongkai(["migrate", "--noinput", "-v", "0"], launch.production_env(folder))

    return launch.cached_build("sqlite-tests", sources, build)


def _copy_migrated_sqlite(connection) -> list:
    import sqlite3

    from django.conf import settings as django_settings

    migrated = _migrated_sqlite() / "gongkai.sqlite3"
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    django_settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{migrated}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()  # the next use opens it again with the backend's settings (foreign keys, functions)
    connection.ensure_connection()
    return [(connection, old_name, True)]


@pytest.fixture(scope="session", autouse=True)
def _flush_deletes_on_postgresql():
    """A transactional test ends with a flush. On PostgreSQL Django's flush is one TRUNCATE of every table, which
    replaces each table's and index's files: 0.35 s on a quiet machine, over a second when the disk is busy,
    after every transactional test. The tests leave a few tables with rows; deleting those rows (the foreign keys
    are deferred to the commit) leaves the same empty tables in a few milliseconds. Sequences are not reset by
    either (a flush that resets them keeps the TRUNCATE)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        qn = self.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(f"(SELECT %s FROM {qn(t)} LIMIT 1)" for t in tables), list(tables))
            holding = {row[0] for row in cursor.fetchall()}
        return [f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} {style.SQL_FIELD(qn(t))};"
                for t in tables if t in holding]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(scope="session", autouse=True)
def _live_server_sends_at_once():
    """The live server (pytest-django's, Django's test WSGI handler) writes a response's headers and its body in
    separate small writes on a keep-alive connection: with Nagle's algorithm on, the body waits for the client's
    delayed ACK, 40 ms per request (schemathesis' 800 requests spent 35 of their 42 seconds waiting).
    TCP_NODELAY on the server's connections, as production servers (gunicorn) set it."""
    from django.test.testcases import QuietWSGIRequestHandler

    QuietWSGIRequestHandler.disable_nagle_algorithm = True


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes(django_test_environment):
    """argon2id at 8 KiB instead of 46 MiB for the whole session (see tests/cheap_hash.py)."""
    global PRODUCTION_HASHERS
    from cheap_hash import CheapQueryPasswordHasher
    from django.conf import settings as django_settings
    from django.test.utils import override_settings

    from gongkai.applications import passwords

    PRODUCTION_HASHERS = list(django_settings.PASSWORD_HASHERS)
    override = override_settings(PASSWORD_HASHERS=["cheap_hash.CheapArgon2Hasher", *PRODUCTION_HASHERS])
    override.enable()
    production_query_hasher, passwords._hasher = passwords._hasher, CheapQueryPasswordHasher()
    yield
    passwords._hasher = production_query_hasher
    override.disable()


@pytest.fixture(autouse=True)
def _production_password_hash(request):
    """Tests marked production_password_hash hash with the production settings."""
    if request.node.get_closest_marker("production_password_hash") is not None:
        from gongkai.applications import passwords

        request.getfixturevalue("settings").PASSWORD_HASHERS = list(PRODUCTION_HASHERS)
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setattr(passwords, "_hasher", passwords.QueryPasswordHasher())


@pytest.fixture
def immediate_huey():
    """Background jobs run in-process, at once (huey's immediate mode), for this test only."""
    from huey.contrib.djhuey import HUEY

    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


@pytest.fixture(scope="session")
def demo_tables(request, tmp_path_factory, django_db_setup, django_db_blocker):
    """`gongkai demo`'s rows, loaded once per test session (shared by the xdist workers): tests/demo_snapshot.py."""
    import demo_snapshot

    folder = tmp_path_factory.getbasetemp().parent if hasattr(request.config, "workerinput") else None
    with django_db_blocker.unblock():
        return demo_snapshot.shared(folder)


@pytest.fixture
def demo_data(demo_tables):
    """The demo data in this test's database, as `gongkai demo` leaves it (the test must use the database:
    `db`, `transactional_db` or the django_db mark)."""
    import demo_snapshot

    demo_snapshot.restore(demo_tables)
