"""Issue 15.12 (CLI part): every error of the `gongkai` command is one Chinese line on stderr and exit code 2,
never a Python traceback. Runs the installed console script, as an operator would: the error cases all in one
interpreter (cli_driver.py: Django set up once, then a fork per case running the console script's file), and
a few as a subprocess of their own each, which must give exactly what the driver gave."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def cli(migrated_var, tmp_path_factory):
    var = tmp_path_factory.mktemp("cli") / "var"
    shutil.copytree(migrated_var, var, ignore=shutil.ignore_patterns(".complete"))
    env = {**os.environ, "GONGKAI_VAR": str(var), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env.pop("DATABASE_URL", None)
    exe = Path(sys.executable).with_name("gongkai")
    work = var.parent
    (work / "binary.txt").write_bytes(b"\x00\xff\xfe\x80 not text \xc3")
    (work / "bad.tar.gz").write_bytes(b"\x1f\x8b\x08 broken gzip")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(exe), *args], env=env, cwd=work, capture_output=True, text=True, timeout=120)

    def run_many(cases: list[tuple[str, ...]]) -> dict[tuple[str, ...], dict]:
        driver = Path(__file__).with_name("cli_driver.py")
        proc = subprocess.run([sys.executable, str(driver), str(exe)], input=json.dumps(cases), env=env, cwd=work,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return {tuple(r["args"]): r for r in json.loads(proc.stdout)}

    run.many = run_many
    return run, work


BAD = [
    ("calendar", "add-workdays", "9999-12-30", "5"),
    ("calendar", "add-workdays", "2026-01-01", "99999999999999"),
    ("calendar", "add-workdays", "2099-12-01", "100"),
    ("calendar", "add-workdays", "2026-01-01", "abc"),
    ("calendar", "workdays-between", "0001-01-01", "9999-12-31"),
    ("calendar", "confirm", "2027", "binary.txt"),
    ("calendar", "confirm", "2027", "missing.txt"),
    ("backup", "."),
    ("backup", "no-such-folder/backup.tar.gz"),
    ("restore", "bad.tar.gz"),
    ("restore", "binary.txt"),
    ("restore",),
    ("no-such-command",),
]


@pytest.fixture(scope="module")
def bad_results(cli):
    run, _ = cli
    return run.many(BAD)


@pytest.mark.parametrize("args", BAD, ids=[" ".join(a) for a in BAD])
def test_a_cli_error_is_one_chinese_line_and_exit_code_2(bad_results, args):
    proc = bad_results[args]
    assert proc["returncode"] == 2, (proc["returncode"], proc["stderr"][-2000:])
    lines = proc["stderr"].strip().splitlines()
    assert len(lines) == 1 and CJK.search(lines[0]), proc["stderr"][-2000:]
    assert "Traceback" not in proc["stderr"] and proc["stdout"] == ""


ONE_OF_EACH = [("calendar", "add-workdays", "2026-01-01", "abc"), ("calendar", "confirm", "2027", "binary.txt"),
               ("no-such-command",)]  # an argparse error, a command's refusal, an unknown command


@pytest.mark.parametrize("args", ONE_OF_EACH, ids=["argparse", "CommandError", "unknown command"])
def test_the_console_script_itself_gives_what_the_driver_gave(cli, bad_results, args):
    """One case of each kind of error, as a process of its own: the same exit code and the same output."""
    run, _ = cli
    proc = run(*args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        bad_results[args]["returncode"], bad_results[args]["stdout"], bad_results[args]["stderr"])


def test_backup_to_an_unwritable_folder(cli):
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    run, work = cli
    (work / "locked").mkdir()
    (work / "locked").chmod(0o555)
    proc = run("backup", "locked/b.tar.gz")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "权限" in proc.stderr


def test_good_invocations_still_answer(cli):
    run, _ = cli
    proc = run("calendar", "add-workdays", "2026-12-15", "20")
    assert proc.returncode == 0 and proc.stdout.startswith("2027-01-13"), proc.stderr
