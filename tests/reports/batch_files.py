"""The batch of member reports that the batch-audit test (tests/reports/test_audit_batch.py) and its
benchmark (bench/audit_batch_bench.py) upload: the shared fixtures repeated, then five files no
auditor can read. One home for both (the bench imports this module by path: no package imports)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

# Files that are not readable reports, each for a different reason; each gets its own "无法读取" line.
BROKEN: dict[str, bytes] = {
    "坏的.pdf": b"%PDF-1.4 not really",
    "空文件.txt": b"",
    "图片.png": b"\x89PNG\r\n\x1a\n....",
    "旧版.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
    "非报告.txt": "这是一份会议通知，请各单位准时参加。".encode(),
}


def fixture_files(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "fixtures").rglob("*.txt"))


def batch_members(shared_dir: Path, n: int = 100) -> dict[str, bytes]:
    """n files: the text fixtures repeated (n − 5 of them, numbered), then BROKEN under 坏文件/."""
    files = fixture_files(shared_dir)
    if not files:
        raise FileNotFoundError(f"找不到 fixtures：{shared_dir / 'fixtures'}")
    members = {f"{i:03d}-{f.name}": f.read_bytes() for i in range(n - len(BROKEN)) for f in [files[i % len(files)]]}
    members.update({f"坏文件/{name}": data for name, data in BROKEN.items()})
    return members


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()
