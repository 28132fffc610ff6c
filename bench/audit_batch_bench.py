"""Benchmark (not a test): the supervisor's batch audit through the web page, with a real worker.

A ZIP of N report files (tests/reports/batch_files.py: the shared fixtures repeated, plus five broken files, the same batch the test uploads) is uploaded to
/audit/batch/ by a logged-in 政务公开办 supervisor; a separate `gongkai worker` process (huey on
SQLite, as on a single host) audits it while the progress URL is polled as the page's htmx does; the
results page and the Excel export are then fetched. Prints the wall time from upload to the finished
results page and the page's summary counts.

    .venv/bin/python bench/audit_batch_bench.py            # 100 files (95 reports + 5 broken)
    .venv/bin/python bench/audit_batch_bench.py --files 200
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "reports"))

from batch_files import batch_members, zip_of  # noqa: E402  (the batch the test uploads: one home)


def shared_dir() -> Path:
    return Path(os.environ.get("GONGKAI_SHARED", REPO.parent / "shared"))


def batch_zip(n: int) -> bytes:
    try:
        return zip_of(batch_members(shared_dir(), n))
    except FileNotFoundError as exc:
        sys.exit(str(exc))


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    var = Path(tempfile.mkdtemp(prefix="gk-batch-bench-"))
    env = {**os.environ, "GONGKAI_VAR": str(var), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("GONGKAI_REDIS_URL", None)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("GONGKAI", "DJANGO"))})
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("GONGKAI_REDIS_URL", None)
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from gongkai.accounts.models import User
    from gongkai.reports.models_audit import AuditBatch

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    user = User.objects.get(username="supervisor")
    worker = subprocess.Popen([str(REPO / ".venv/bin/gongkai"), "worker", "--quiet", "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = Client()
        client.force_login(user)
        data = batch_zip(args.files)
        from django.core.files.uploadedfile import SimpleUploadedFile

        started = time.perf_counter()
        r = client.post(reverse("audit:batch_list"), {"files": [SimpleUploadedFile("成员单位年报.zip", data)]})
        if r.status_code != 302:
            sys.exit(f"上传失败：HTTP {r.status_code}")
        batch = AuditBatch.objects.latest("pk")
        polls = 0
        while True:
            p = client.get(reverse("audit:batch_progress", args=[batch.pk]))
            polls += 1
            if p.get("HX-Refresh") == "true":
                break
            if time.perf_counter() - started > args.timeout:
                sys.exit(f"超时：{args.timeout} 秒内未完成")
            time.sleep(0.5)
        page = client.get(r["Location"]).content.decode()
        wall = time.perf_counter() - started
        export = client.get(reverse("audit:batch_export", args=[batch.pk]))
        batch.refresh_from_db()
        worker_cpu = _cpu_seconds(worker.pid)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    text = re.sub(r"<[^>]+>", " ", page)
    summary = re.search(r"共\s*\d+\s*份[^<]{0,200}", page)
    items = batch.items.all()
    print(f"批量审核（网页上传 ZIP，独立 worker 进程）：{batch.total} 个文件，状态 {batch.state}，轮询进度 {polls} 次")
    print(f"  墙钟时间（上传 → 结果页）：{wall:.2f} 秒，每份 {wall / batch.total * 1000:.0f} 毫秒；"
          f"worker 进程 CPU {worker_cpu:.2f} 秒（含启动）；机器负载 {os.getloadavg()[0]:.1f}（{os.cpu_count()} 核）")
    print(f"  结果页摘要：{' '.join(summary.group(0).split()) if summary else '（未找到）'}")
    print(f"  可读取 {items.filter(readable=True).count()}，无法读取 {items.filter(readable=False).count()}，"
          f"有错误 {items.filter(readable=True, errors__gt=0).count()}，"
          f"未按时 {items.filter(on_time=False).count()}，内容雷同 {items.filter(copied=True).count()}")
    print(f"  结果页中“无法读取：”行数 {text.count('无法读取：')}；Excel 导出 HTTP {export.status_code}，{len(export.content)} 字节")


if __name__ == "__main__":
    main()
