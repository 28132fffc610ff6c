"""The production WSGI server: gunicorn, gthread workers (a bounded number of processes × threads).

Why gunicorn: it is the conventional pre-fork server for Django, in Debian and on PyPI, with graceful
SIGTERM (in-flight requests finish), worker recycling (max_requests) and a keep-alive connection parked
in a poller rather than holding a thread, so 300 idle clients do not need 300 threads. Each process keeps
its own PostgreSQL pool of at most GONGKAI_DB_POOL_MAX connections (no more than its threads), so a host
never holds more than workers × pool-max connections however many clients connect.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

DEFAULT_WORKERS = min(4, 2 * (os.cpu_count() or 1))
DEFAULT_THREADS = 4


def _hide_server_banner() -> None:
    """gunicorn always writes `Server: gunicorn`; production answers carry no server banner."""
    from gunicorn.http import wsgi

    if getattr(wsgi.Response, "_gongkai_no_banner", False):
        return
    original = wsgi.Response.default_headers

    def default_headers(self):
        return [h for h in original(self) if not h.lower().startswith("server:")]

    wsgi.Response.default_headers = default_headers
    wsgi.Response._gongkai_no_banner = True


def options(*, binds: list[str], workers: int, threads: int, trusted_proxies: list[str],
            access_log: bool, timeout: int = 30) -> dict:
    return {
        "bind": binds,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "worker_connections": 1000,  # keep-alive clients per process, parked in the poller
        "backlog": 2048,
        "keepalive": 5,
        "timeout": timeout,
        "graceful_timeout": 30,  # SIGTERM: in-flight requests get this long to finish
        "max_requests": 20000,  # recycle a process now and then (memory), with jitter so not all at once
        "max_requests_jitter": 2000,
        "forwarded_allow_ips": ",".join(trusted_proxies) if trusted_proxies else "",
        "proxy_allow_ips": "",
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "gongkai",
        "control_socket_disable": True,
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "post_fork": _post_fork,
    }


def _post_fork(server, worker) -> None:
    # Nothing of the master's database connections may be shared with a forked worker.
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()


class GongkaiServer(BaseApplication):
    def __init__(self, opts: dict):
        self.opts = opts
        super().__init__()

    def load_config(self):
        for key, value in self.opts.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        from gongkai.wsgi import application

        return application


def run(opts: dict) -> None:
    _hide_server_banner()
    GongkaiServer(opts).run()
