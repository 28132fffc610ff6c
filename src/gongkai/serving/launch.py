"""Start, wait for and stop production processes on loopback ports: for the deployment tests and the load
benchmark (bounded waits, clear messages). Nothing here runs in a deployed site."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(var: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update({
        "GONGKAI_VAR": str(var), "GONGKAI_DEBUG": "0", "GONGKAI_SECRET_KEY": "test-" + "k" * 60,
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1,localhost", "GONGKAI_SSL_REDIRECT": "0",
        "GONGKAI_SECURE_COOKIES": "0", "GONGKAI_HSTS_SECONDS": "0", "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "PYTHONUNBUFFERED": "1",
    })
    env.update({k: str(v) for k, v in extra.items()})
    return env


def gongkai(args: list[str], env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "gongkai", *args], env=env, capture_output=True, text=True,
                         timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"gongkai {' '.join(args)} 失败（{out.returncode}）：\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return out


def wait_http(url: str, timeout: float = 90, proc: subprocess.Popen | None = None, log: Path | None = None,
              context=None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
            raise RuntimeError(f"进程提前退出（{proc.returncode}），等待 {url} 未果：\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as resp:
                if resp.status < 500:
                    return
        except urllib.error.HTTPError:
            return  # the application answered (/healthz says 503 until a worker beats)
        except OSError as exc:
            last = str(exc)
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise TimeoutError(f"{timeout:.0f} 秒内 {url} 没有应答（最后：{last}）\n{tail}")


class Process:
    """A child process with its output in a log file, stopped by SIGTERM (then SIGKILL) on exit."""

    def __init__(self, argv: list[str], env: dict, log: Path, cwd: Path | None = None):
        self.log = Path(log)
        self._fh = open(self.log, "ab")
        self.proc = subprocess.Popen(argv, env=env, stdout=self._fh, stderr=subprocess.STDOUT, cwd=cwd,
                                     start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self, timeout: float = 30) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        try:  # anything left in its session (a worker it started) goes too
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._fh.close()
        return self.proc.returncode

    def terminate(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def children(pid: int) -> list[int]:
    """The pids of `pid`'s child processes, from /proc (Linux). A process or thread that ends while it is
    being read is skipped, not an error: the caller polls."""
    kids: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return kids
    for task in tasks:
        try:
            kids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def stop_all(procs: list[Process], timeout: float = 30) -> None:
    """SIGTERM to all at once, then wait for each (bounded)."""
    for p in procs:
        p.terminate()
    deadline = time.monotonic() + timeout
    for p in procs:
        p.stop(timeout=max(1.0, deadline - time.monotonic()))


def serve(env: dict, port: int, log: Path, workers: int = 2, threads: int = 4, extra: list[str] | None = None,
          wait: float = 120) -> Process:
    argv = [sys.executable, "-m", "gongkai", "serve", "--production", "--no-collectstatic",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads), *(extra or [])]
    if os.environ.get("GONGKAI_TEST_SERVER") == "gunicorn":  # code without `serve --production` (compare)
        env = {**env, "GONGKAI_DEBUG": "1"}
        argv = [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "-b", f"127.0.0.1:{port}",
                "-w", str(workers), "--threads", str(threads), "-k", "gthread", "--no-control-socket"]
    p = Process(argv, env, log)
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", timeout=wait, proc=p.proc, log=log)
    except BaseException:
        p.stop()
        raise
    return p


def worker(env: dict, log: Path) -> Process:
    return Process([sys.executable, "-m", "gongkai", "worker"], env, log)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _from(source: str):
    import functools
    import http.client
    import ssl

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(source, 0)), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(functools.partial(http.client.HTTPSConnection, source_address=(source, 0)), req,
                                context=self._context)

    return HTTP, HTTPS, ssl


class Browser:
    """A cookie-keeping HTTP client (urllib) that does not follow redirects; one per simulated visitor.
    `source` binds its connections to another loopback address (a client that is not the proxy)."""

    def __init__(self, base: str, headers: dict | None = None, timeout: float = 60, context=None,
                 source: str | None = None):
        import http.cookiejar

        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()]
        if source:
            http_h, https_h, _ = _from(source)
            handlers += [http_h(), https_h(context=context)]
        elif context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)
        self.headers = headers or {}
        self.timeout = timeout

    def request(self, method: str, path: str, data: dict | None = None, files: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict, str]:
        import urllib.parse

        url = path if path.startswith("http") else self.base + path
        body = None
        hdrs = {**self.headers, **(headers or {})}
        if files:
            boundary = "gk" + os.urandom(8).hex()
            parts = []
            for k, v in (data or {}).items():
                for item in (v if isinstance(v, list) else [v]):
                    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{item}\r\n'.encode())
            for k, (fname, content, ctype) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{fname}"\r\n'
                             f"Content-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n")
            parts.append(f"--{boundary}--\r\n".encode())
            body = b"".join(parts)
            hdrs["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST" and "Referer" not in hdrs:
            hdrs["Referer"] = self.base + "/"
        req = urllib.request.Request(url, data=body, method=method, headers=hdrs)
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict | None = None, **kw):
        return self.request("POST", path, data=data, **kw)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def form_fields(self, html: str) -> dict:
        """The hidden inputs of a page (csrf token, submit token)."""
        import re

        fields = {}
        for m in re.finditer(r"<input[^>]*>", html):
            tag = m.group(0)
            if 'type="hidden"' not in tag:
                continue
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
        return fields


def shell(env: dict, code: str, timeout: float = 120) -> str:
    """Run Python in the site's Django (`gongkai shell -c`), returning what it printed."""
    return gongkai(["shell", "-v", "0", "-c", code], env, timeout=timeout).stdout


def _digest(paths) -> str:
    import hashlib

    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cached_build(kind: str, sources, build) -> Path:
    """A folder built once by `build(folder)` and kept under ./var/test-builds/<kind>-<digest of sources>
    (shared by test runs and xdist workers, rebuilt when a source changes)."""
    import fcntl

    sources = list(sources)
    root = Path.cwd() / "var" / "test-builds"
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{kind}-{_digest(sources)}"
    with open(root / f"{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".complete").exists():
            tmp = root / f"{kind}-building-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            build(tmp)
            shutil.rmtree(target, ignore_errors=True)
            tmp.rename(target)
            (target / ".complete").touch()
    return target


def _package_files(pattern: str):
    import gongkai

    return [p for p in Path(gongkai.__file__).parent.glob(pattern) if p.is_file()]


def collected_static() -> Path:
    """`collectstatic` of the current code, built once."""
    def build(folder: Path) -> None:
        gongkai(["collectstatic", "--noinput", "-v", "0"], production_env(folder, GONGKAI_STATIC_ROOT=folder))

    return cached_build("static", _package_files("*/static/**/*"), build)


def migrated_sqlite() -> Path:
    """A GONGKAI_VAR folder with a migrated SQLite database of the current migrations, built once."""
    def build(folder: Path) -> None:
        gongkai(["migrate", "--noinput", "-v", "0"], production_env(folder))

    return cached_build("sqlite", _package_files("*/migrations/*.py"), build)
