"""`python -m gongkai.rules.parse.isolated NAME MEMORY_MB CPU_SECONDS`: read one uploaded report file from
stdin in a process of its own, under an address-space and a CPU-time limit (inherited by pdftotext), and
print {"kind", "cells"} or {"error"} as JSON. The web process (gongkai.reports.parse_sandbox) adds a wall-clock
timeout and reads only this JSON: a file that would take gigabytes or minutes costs only this process."""

from __future__ import annotations

import json
import resource
import sys

from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.readers import read_bytes

LIMIT_MESSAGE = "读取该文件超出了内存或时间上限，已停止读取（文件结构异常，可能是压缩炸弹）。请上传普通的年度报告文件。"


def limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def run(data: bytes, name: str) -> dict[str, str]:
    try:
        kind, cells = read_bytes(data, name or None)
    except ReportParseError as exc:
        return {"error": str(exc)}
    except (MemoryError, RecursionError):
        return {"error": LIMIT_MESSAGE}
    return {"kind": kind, "cells": cells}


def main(argv: list[str]) -> int:
    name, memory_mb, cpu_seconds = argv[0], int(argv[1]), int(argv[2])
    data = sys.stdin.buffer.read()
    limit(memory_mb, cpu_seconds)
    out = run(data, name)
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
