"""Runs the `gongkai` console script for many argument lists in one interpreter (tests/security/test_cli_errors.py).

    python cli_driver.py CONSOLE_SCRIPT < cases.json   # [["calendar", "add-workdays", …], …]

Django is set up, and the modules that the cases' commands and the system checks import are imported, once;
then for each case a fork runs the console script's own file (runpy, as __main__, with sys.argv as the shell
would give it) with stdout and stderr on files of its own, and the exit code is worked out as the interpreter
would (SystemExit's code; an escaping exception prints its traceback and gives 1). Prints
[{"args", "returncode", "stdout", "stderr", "seconds"}, …] as JSON. A fork per case: no case sees another's
state, and each runs the whole command line path (setup, parsing, the system checks, the command)."""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import tempfile
import time
import traceback

CASE_TIMEOUT = 120


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    sys.stderr.write(f"{exc.code}\n")
    return 1


def _child(script: str, args: list[str], out_fd: int, err_fd: int) -> None:
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    signal.alarm(CASE_TIMEOUT)
    code = 0
    try:
        sys.argv = [script, *args]
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:  # noqa: BLE001 — what the interpreter does with an uncaught exception
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
        os._exit(code)


def run_case(script: str, args: list[str]) -> dict:
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(script, args, out.fileno(), err.fileno())
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return {"args": args, "returncode": os.waitstatus_to_exitcode(status),
                "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace"),
                "seconds": round(time.monotonic() - started, 3)}


def main() -> None:
    script = sys.argv[1]
    cases = json.load(sys.stdin)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()  # once, before the forks; the console script's own setup then finds it done
    from django.core.checks import run_checks
    from django.core.management import get_commands, load_command_class

    run_checks()  # imports the URLconf and its views once (each case still runs every check itself)

    for name in {args[0] for args in cases if args} & set(get_commands()):  # the commands' modules, imported once
        app = get_commands()[name]
        if isinstance(app, str):
            load_command_class(app, name)
    print(json.dumps([run_case(script, list(args)) for args in cases], ensure_ascii=False))


if __name__ == "__main__":
    main()
