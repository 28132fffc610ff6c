"""A small asyncio HTTP/1.1 load generator with keep-alive connections, for the load benchmark and the
flood test (loopback only; bounded by request count and time). Each virtual client owns one connection
and its cookies, and runs a scenario: an async function given the client."""

from __future__ import annotations

import asyncio
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    ms: float


@dataclass
class Stats:
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    retries: int = 0  # a keep-alive connection found closed, request sent again on a new one

    def add(self, answer: Answer) -> None:
        self.latencies.append(answer.ms)
        self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        s = sorted(self.latencies)
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


class Client:
    def __init__(self, host: str, port: int, stats: Stats, timeout: float = 30):
        self.host, self.port, self.stats, self.timeout = host, port, stats, timeout
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = None
        self.source: str | None = None  # bind new connections to this loopback address (another visitor)

    async def _connect(self):
        local = (self.source, 0) if self.source else None
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port, local_addr=local), self.timeout)

    async def new_visitor(self, source: str | None = None) -> None:
        """Forget cookies and the connection: the next request comes from someone else."""
        await self.close()
        self.cookies = {}
        self.source = source

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None,
                      record: bool = True) -> Answer | None:
        body = urllib.parse.urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive",
                 "Accept-Language: zh-CN"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}",
                      f"Referer: http://{self.host}:{self.port}{path}"]
        for k, v in (headers or {}).items():
            lines.append(f"{k}: {v}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                if self.writer is None:
                    await self._connect()
                self.writer.write(raw)
                answer = await asyncio.wait_for(self._read(), self.timeout)
                break
            except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, OSError) as exc:
                await self.close()
                if attempt == 2 or isinstance(exc, asyncio.TimeoutError):
                    self.stats.errors.append(f"{type(exc).__name__}: {exc}"[:200])
                    return None
        answer.ms = (time.perf_counter() - started) * 1000
        if record:
            self.stats.add(answer)
        if answer.headers.get("connection", "").lower() == "close":
            await self.close()
        return answer

    async def _read(self) -> Answer:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                k = k.strip().lower()
                if k == "set-cookie":
                    name, _, rest = v.strip().partition("=")
                    value = rest.split(";", 1)[0]
                    if value and "max-age=0" not in rest.lower():
                        self.cookies[name] = value
                    else:
                        self.cookies.pop(name, None)
                headers[k] = v.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        return Answer(status, headers, body, 0.0)


async def run(host: str, port: int, clients: int, scenario, *, total: int, seconds: float,
              stats: Stats | None = None, timeout: float = 30) -> Stats:
    """Run `scenario(client, n)` in `clients` virtual clients until `total` scenario runs or `seconds`."""
    stats = stats or Stats()
    counter = {"n": 0}
    deadline = time.monotonic() + seconds

    async def one():
        c = Client(host, port, stats, timeout)
        try:
            while time.monotonic() < deadline and counter["n"] < total:
                counter["n"] += 1
                await scenario(c, counter["n"])
        finally:
            await c.close()

    await asyncio.gather(*(one() for _ in range(clients)))
    return stats
