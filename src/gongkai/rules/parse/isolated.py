"""Uploaded report files are read in a process of their own, one per file, under an address-space and a
CPU-time limit (inherited by pdftotext) and a wall-clock alarm; only the recovered text comes back as JSON
({"kind", "cells"} or {"error"}). A file that would take gigabytes or minutes costs only that process.

Starting a Python interpreter and importing the readers for every file cost about half a second, against
a millisecond or so of parsing for an ordinary report. So each web or worker process keeps one small
reading server (`python -m gongkai.rules.parse.isolated FD`, started on first use by `Reader`): it imports
the readers once and then only forks — a child per file, with the limits set in the child before it reads
anything. The server and the children never see the database, the settings or the web process's memory.

The protocol: the server waits on a Unix SOCK_SEQPACKET socket (FD, inherited from its parent) for
requests, each a JSON header {"name", "memory_mb", "cpu_seconds", "timeout"} with one file descriptor
attached: a stream socket of that file's own, on which the child reads the file's bytes to end of input
and writes its JSON answer. The server exits when its parent closes the other end."""

from __future__ import annotations

import atexit
import json
import logging
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from typing import NoReturn

from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.readers import read_bytes

LIMIT_MESSAGE = "读取该文件超出了内存或时间上限，已停止读取（文件结构异常，可能是压缩炸弹）。请上传普通的年度报告文件。"

CHUNK = 1 << 16
HEADER_MAX = 4096  # a request header: a file name and three numbers
PRELOAD = ("docx", "openpyxl", "pypdf")  # imported lazily by the readers; imported once here instead

log = logging.getLogger(__name__)


def limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def out_of_memory(exc: BaseException) -> bool:
    """Whether an allocation refused under the child's memory limit caused `exc`, whichever library ran out
    and however it said so: a MemoryError, zlib's Z_MEM_ERROR ("Error -4 …"), or libxml2, which can only
    say "unknown error" when it has no memory left to describe the error. Followed through the chain,
    because the readers wrap what they catch in a ReportParseError ("文件可能已损坏")."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        text = str(seen).lower()
        if isinstance(seen, MemoryError) or ("memory" in text and "allocat" in text):
            return True
        if isinstance(seen, zlib.error) and ("-4" in text or "memory" in text):
            return True
        if type(seen).__name__ == "XMLSyntaxError" and text.startswith("unknown error"):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def run(data: bytes, name: str) -> dict[str, str]:
    try:
        kind, cells = read_bytes(data, name or None)
    except ReportParseError as exc:
        # a damaged-file message would send the user looking for damage that is not there
        return {"error": LIMIT_MESSAGE if out_of_memory(exc) else str(exc)}
    except (MemoryError, RecursionError):
        return {"error": LIMIT_MESSAGE}
    return {"kind": kind, "cells": cells}


# --- the reading server and its children (run in the server process) ---------------------------------


def _child(server: socket.socket, conn: socket.socket, request: dict) -> None:
    """One file, in a fresh fork of the server: never returns."""
    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # pdftotext is waited for (the server ignores SIGCHLD)
        signal.alarm(max(1, math.ceil(float(request["timeout"]))))  # the default action ends the process
        server.close()
        chunks = []
        while chunk := conn.recv(CHUNK):
            chunks.append(chunk)
        limit(int(request["memory_mb"]), int(request["cpu_seconds"]))
        out = run(b"".join(chunks), str(request["name"]))
        conn.sendall(json.dumps(out, ensure_ascii=False).encode("utf-8"))
        conn.close()
        status = 0
    finally:
        os._exit(status)


def serve(fd: int) -> NoReturn:
    """The server's loop: a fork per request, until the parent closes its end of FD."""
    for module in PRELOAD:
        try:
            __import__(module)
        except ImportError:  # the reader that needs it says so to the user, as before
            pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    server = socket.socket(fileno=fd)
    while True:
        msg, fds, _flags, _addr = socket.recv_fds(server, HEADER_MAX, 1)
        if not msg and not fds:
            os._exit(0)  # the parent is gone (nothing to flush: skip the interpreter's teardown)
        if not fds:
            continue
        conn = socket.socket(fileno=fds[0])
        try:
            request = json.loads(msg)
            if os.fork() == 0:
                _child(server, conn, request)
        except (ValueError, OSError):  # a malformed request or no fork: the caller sees no answer
            pass
        conn.close()


# --- the client (run in the web or worker process) ----------------------------------------------------


class Reader:
    """The process's reading server, started on first use and again if it has died (or if this process
    is a fork of the one that started it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._owner = 0

    def _start(self) -> socket.socket:
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "gongkai.rules.parse.isolated", str(theirs.fileno())],
                # what the readers print (pypdf's warnings about a broken file) is not kept, as before
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        self._sock, self._owner = mine, os.getpid()
        return mine

    def _server(self, restart: bool = False) -> socket.socket:
        with self._lock:
            alive = self._sock is not None and self._owner == os.getpid() and self._proc is not None \
                and self._proc.poll() is None
            if alive and not restart:
                return self._sock  # type: ignore[return-value]
            self._stop()
            return self._start()

    def _stop(self) -> None:
        if self._sock is not None:
            self._sock.close()
        if self._proc is not None and self._owner == os.getpid():
            try:
                self._proc.wait(timeout=2)  # it exits when its socket closes
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._sock, self._proc = None, None

    def close(self) -> None:
        with self._lock:
            self._stop()

    def read(self, data: bytes, name: str, memory_mb: int, cpu_seconds: int, timeout: float) -> dict | None:
        """The child's answer ({"kind", "cells"} or {"error"}), or None if it was stopped by a limit, ran
        out of time, or could not be started."""
        deadline = time.monotonic() + timeout
        header = json.dumps({"name": name, "memory_mb": memory_mb, "cpu_seconds": cpu_seconds,
                             "timeout": timeout}, ensure_ascii=False).encode("utf-8")
        if len(header) > HEADER_MAX:
            header = json.dumps({"name": "", "memory_mb": memory_mb, "cpu_seconds": cpu_seconds,
                                 "timeout": timeout}).encode("utf-8")
        mine, theirs = socket.socketpair()
        try:
            try:
                socket.send_fds(self._server(), [header], [theirs.fileno()])
            except OSError:  # the server has died since: start another, once
                socket.send_fds(self._server(restart=True), [header], [theirs.fileno()])
            theirs.close()
            mine.settimeout(timeout)
            mine.sendall(data)
            mine.shutdown(socket.SHUT_WR)
            chunks = []
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                mine.settimeout(remaining)
                chunk = mine.recv(CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
            out = json.loads(b"".join(chunks).decode("utf-8"))
        except OSError as exc:  # a timeout, the child killed by its limits, or no server
            if not isinstance(exc, (TimeoutError, BrokenPipeError, ConnectionResetError)):
                log.warning("the report reading server failed: %s", exc)
            return None
        except ValueError:  # no answer or half of one: the child was stopped by a limit
            return None
        finally:
            mine.close()
            theirs.close()
        return out if isinstance(out, dict) else None


READER = Reader()
atexit.register(READER.close)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
