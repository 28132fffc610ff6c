"""The production topology on one machine, all on loopback: nginx (TLS, from Debian, configured from
deploy/nginx/gongkai.conf) balancing two gunicorn app servers, two `gongkai worker`s (two "hosts"),
PostgreSQL and Redis. Every wait is bounded; every process is stopped at the end."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gongkai.serving import launch

REPO = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        subprocess.run([str(REPO / "scripts" / "system-deps")], timeout=600, check=False)
        found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        pytest.skip("无法安装 nginx（Debian 软件包 nginx）：scripts/system-deps 未能安装，部署测试跳过")
    return found


def _psql(sql: str) -> None:
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAtc", sql], capture_output=True,
                         text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"psql 失败：{sql}\n{out.stderr}")


def pg_connections(db: str) -> int:
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAtc",
                          f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}'"],
                         capture_output=True, text=True, timeout=30)
    return int(out.stdout.strip() or 0)


@pytest.fixture(scope="session")
def postgres_db():
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], timeout=30).returncode != 0:
        pytest.fail("PostgreSQL 127.0.0.1:5432 没有运行（.ci/run 会启动它）")
    name = f"gk_deploy_{uuid.uuid4().hex[:10]}"
    _psql(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    yield name
    _psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    _psql(f"DROP DATABASE IF EXISTS {name}")


@pytest.fixture(scope="session")
def redis_prefix():
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis 127.0.0.1:6379 没有运行（.ci/run 会启动它）：{exc}")
    prefix = f"gkdeploy-{uuid.uuid4().hex[:10]}"
    yield prefix
    for pattern in (f"*{prefix}*", f"*{prefix.replace('-', '')}*"):  # huey's queue key drops the '-'
        for key in client.scan_iter(pattern, count=1000):
            client.delete(key)


@dataclass
class Cluster:
    base: str  # https://localhost:PORT (nginx)
    apps: list[str]  # http://127.0.0.1:PORT of each app server
    env: dict
    db: str
    shared: Path
    tls: ssl.SSLContext
    procs: list = field(default_factory=list)
    redis_prefix: str = ""

    def job_runs(self, name: str) -> int:
        import redis

        value = redis.Redis.from_url("redis://127.0.0.1:6379/0").get(f"{self.redis_prefix}:ctr:jobs:runs:{name}")
        return int(value or 0)

    def browser(self, source: str = "127.0.0.2") -> launch.Browser:
        return launch.Browser(self.base, context=self.tls, source=source)


def _cert(folder: Path) -> tuple[Path, Path]:
    key, crt = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(crt)],
                   check=True, capture_output=True, timeout=60)
    return key, crt


def nginx_conf(folder: Path, port: int, apps: list[int], static: Path, media: Path, key: Path, crt: Path) -> Path:
    """deploy/nginx/gongkai.conf with this run's ports and paths, inside a minimal main configuration."""
    site = (REPO / "deploy" / "nginx" / "gongkai.conf").read_text()
    site = site.replace("    server 127.0.0.1:8001 max_fails=3 fail_timeout=10s;\n",
                        "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in apps))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{launch.free_port()};").replace("listen [::]:80;\n", "")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;").replace(
        "    listen [::]:443 ssl http2;\n", "")
    site = site.replace("/etc/ssl/gongkai/fullchain.pem", str(crt)).replace("/etc/ssl/gongkai/privkey.pem", str(key))
    site = site.replace("/var/lib/gongkai/static/", f"{static}/").replace("/var/lib/gongkai/media/", f"{media}/")
    site = site.replace("return 301 https://$host$request_uri;", f"return 301 https://$host:{port}$request_uri;")
    site = site.replace("        # (the scale-out test adds its own headers here)\n",
                        "        add_header X-Upstream $upstream_addr always;\n")
    assert "X-Upstream" in site and str(crt) in site, "deploy/nginx/gongkai.conf changed: update the test's edits"
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / d).mkdir(exist_ok=True)
    main = f"""
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy; fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    {site}
}}
"""
    conf = folder / "nginx.conf"
    conf.write_text(main)
    return conf


@pytest.fixture(scope="session")
def cluster(tmp_path_factory, postgres_db, redis_prefix):
    nginx = _nginx()
    root = tmp_path_factory.mktemp("cluster")
    shared = root / "shared"
    (shared / "media").mkdir(parents=True)
    (shared / "private").mkdir()
    ports = [launch.free_port(), launch.free_port()]
    front = launch.free_port()
    common = dict(
        DATABASE_URL=f"{PG}/{postgres_db}", GONGKAI_REDIS_URL="redis://127.0.0.1:6379/0",
        GONGKAI_REDIS_PREFIX=redis_prefix, GONGKAI_TRUSTED_PROXIES="127.0.0.1", GONGKAI_MEDIA_ACCEL="1",
        GONGKAI_MEDIA_ROOT=shared / "media", GONGKAI_PRIVATE_ROOT=shared / "private",
        GONGKAI_SECURE_COOKIES="1", GONGKAI_SSL_REDIRECT="1", GONGKAI_HSTS_SECONDS="3600",
        GONGKAI_DB_POOL_MAX="4",
    )
    envs = []
    for i in range(2):
        (root / f"host{i}").mkdir()
        envs.append(launch.production_env(root / f"host{i}", **common))
    timings = {}
    started = time.monotonic()
    launch.gongkai(["migrate", "--noinput", "-v", "0"], envs[0], timeout=300)
    timings["migrate"] = time.monotonic() - started
    static = launch.collected_static()
    for env in envs:
        env["GONGKAI_STATIC_ROOT"] = str(static)
    timings["collectstatic"] = time.monotonic() - started - timings["migrate"]
    procs = []
    try:
        for i, env in enumerate(envs):
            argv = [launch.sys.executable, "-m", "gongkai", "serve", "--production", "--no-collectstatic",
                    "--bind", f"127.0.0.1:{ports[i]}", "--workers", "2", "--threads", "4"]
            procs.append(launch.Process(argv, env, root / f"web{i}.log"))
            procs.append(launch.worker(env, root / f"worker{i}.log"))
        for i in range(2):
            launch.wait_http(f"http://127.0.0.1:{ports[i]}/healthz", timeout=120, proc=procs[2 * i].proc,
                             log=root / f"web{i}.log")
        key, crt = _cert(root)
        conf = nginx_conf(root, front, ports, static, shared / "media", key, crt)
        check = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(root)], capture_output=True, text=True,
                               timeout=30)
        assert check.returncode == 0, f"nginx -t: {check.stderr}"
        procs.append(launch.Process([nginx, "-c", str(conf), "-p", str(root)], envs[0], root / "nginx.out"))
        tls = ssl.create_default_context(cafile=str(crt))
        timings["servers"] = time.monotonic() - started - timings["migrate"] - timings["collectstatic"]
        launch.wait_http(f"https://localhost:{front}/healthz", timeout=30, proc=procs[-1].proc,
                         log=root / "error.log", context=tls)
        print("\ncluster up:", ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        yield Cluster(base=f"https://localhost:{front}", apps=[f"http://127.0.0.1:{p}" for p in ports],
                      env=envs[0], db=postgres_db, shared=shared, tls=tls, procs=procs,
                      redis_prefix=redis_prefix)
    finally:
        launch.stop_all(list(reversed(procs)))
