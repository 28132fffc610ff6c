"""How often a client may try tracking code + query password (issue 15, item 10).

Wrong guesses are limited per client and code, with growing delays — never by locking the code for
everyone, which let ten wrong guesses by anyone lock the real applicant out. The first `FREE_FAILURES`
wrong guesses of a client on a code cost nothing; after that each try has to wait `delay(n)` seconds after
the previous one (2 s, 4 s, 8 s, … up to 15 minutes). The wait is a claim on the shared counter store
(`gongkai.serving.counters`), taken atomically, so concurrent tries cannot slip through together. A client
is also limited in wrong guesses over all codes (`IP_LIMIT` per `IP_WINDOW`), which stops guessing codes.
"""

from __future__ import annotations

import hashlib

from gongkai.common import ratelimit
from gongkai.serving.counters import counters

FREE_FAILURES = 3
BASE_DELAY = 2  # seconds, doubled for each further wrong guess
MAX_DELAY = 900
FAIL_MEMORY = 24 * 3600  # a client's wrong guesses on a code are remembered this long
IP_LIMIT = 10  # wrong guesses per client over all codes …
IP_WINDOW = 900  # … in this many seconds


def _ident(ip: str, code: str) -> str:
    return hashlib.sha256(f"{ip}\n{code}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def delay(failures: int) -> int:
    """Seconds a client must leave between tries after `failures` wrong guesses on one code."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_DELAY, BASE_DELAY * 2 ** min(failures - FREE_FAILURES, 20))


def take_turn(ip: str, code: str) -> int:
    """0 when this client may try this code now (the try is counted as its turn), else the seconds to wait."""
    if ratelimit.blocked("lookup-ip", ip, IP_LIMIT, IP_WINDOW):
        return IP_WINDOW
    ident = _ident(ip, code)
    wait = delay(counters().get(f"lookup-fail:{ident}"))
    if wait and not counters().claim(f"lookup-turn:{ident}", wait):
        return wait
    return 0


def failed(ip: str, code: str) -> None:
    counters().incr(f"lookup-fail:{_ident(ip, code)}", FAIL_MEMORY)
    ratelimit.hit("lookup-ip", ip, IP_LIMIT, IP_WINDOW)


def succeeded(ip: str, code: str) -> None:
    counters().reset(f"lookup-fail:{_ident(ip, code)}")


def message(seconds: int) -> str:
    when = f"{seconds} 秒" if seconds < 60 else f"{(seconds + 59) // 60} 分钟"
    return f"查询失败次数较多，请 {when}后再试。"
