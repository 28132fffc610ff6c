"""Benchmark: report auditing speed (parse + L1–L6 + X3) on the text fixtures, one core.

    .venv/bin/python bench/audit_bench.py [--seconds 5]

Prints reports per second, per fixture and overall, and the peak memory (tracemalloc peak of one
audit, and the process's maximum resident size). Target: ≥ 100 reports/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from gongkai.rules.parse import audit_bytes  # noqa: E402


def shared_dir() -> Path:
    return Path(os.environ.get("GONGKAI_SHARED", REPO.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0, help="time per fixture")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    files = sorted((shared_dir() / "fixtures").rglob("*.txt"))
    if not files:
        sys.exit(f"找不到 fixtures：{shared_dir() / 'fixtures'}")
    print(f"机器：{platform.machine()} {platform.processor() or ''} · Python {platform.python_version()} · "
          f"{os.cpu_count()} 核（本测试绑定 1 核）")
    total_n, total_t = 0, 0.0
    peak = 0
    for f in files:
        data = f.read_bytes()
        audit_bytes(data, f.name)  # warm up
        tracemalloc.start()
        audit_bytes(data, f.name)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            audit_bytes(data, f.name)
            n += 1
        t = time.perf_counter() - start
        total_n += n
        total_t += t
        print(f"{f.name:45s} {len(data) / 1024:6.1f} KB  {n / t:8.1f} 份/秒  ({t / n * 1000:.2f} ms/份)")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"合计：{len(files)} 个文本样本，{total_n} 次审核，平均 {total_n / total_t:.1f} 份/秒（目标 ≥ 100）")
    print(f"单次审核内存峰值（tracemalloc）：{peak / 1024 / 1024:.2f} MB；进程最大常驻内存：{maxrss:.1f} MB")


if __name__ == "__main__":
    main()
