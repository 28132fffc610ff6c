"""How the `gongkai` console script reports errors: every error is one Chinese line on stderr and exit
code 2 — a wrong argument, a refusal (CommandError), or anything unexpected (no traceback unless asked
for with --traceback)."""

from __future__ import annotations

import re
import sys

from django.core.management.base import BaseCommand, CommandError, SystemCheckError, handle_default_options
from django.db import connections

EXIT_ERROR = 2

# argparse's English messages, in Chinese (the rest of its message — names and values — is kept).
_ARGPARSE = [
    (r"the following arguments are required: (.*)", "缺少参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): invalid int value: (.*)", "参数 {0} 应为整数，收到的是 {1}"),
    (r"argument (\S+): invalid float value: (.*)", "参数 {0} 应为数字，收到的是 {1}"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (r"argument (\S+): expected one argument", "参数 {0} 需要一个值"),
    (r"argument (\S+): (.*)", "参数 {0} 有误：{1}"),
]


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def chinese_usage_error(message: str) -> str:
    message = one_line(message).removeprefix("Error: ")
    for pattern, template in _ARGPARSE:
        m = re.fullmatch(pattern, message)
        if m:
            return "参数错误：" + template.format(*m.groups())
    return f"参数错误：{message}"


def fail(message: str) -> None:
    sys.stderr.write(one_line(message) + "\n")
    sys.exit(EXIT_ERROR)


def run_command(command: BaseCommand, prog: str, subcommand: str, args: list[str]) -> None:
    """Parse `args` and run `command` as `run_from_argv` would, with one-line Chinese errors. The parser is
    not marked as called from the command line, so argparse raises CommandError instead of printing usage."""
    traceback = "--traceback" in args
    try:
        parser = command.create_parser(prog, subcommand)
        options = parser.parse_args(args)
    except CommandError as exc:
        fail(chinese_usage_error(str(exc)))
    cmd_options = vars(options)
    positional = cmd_options.pop("args", ())
    handle_default_options(options)
    try:
        command.execute(*positional, **cmd_options)
    except SystemCheckError as exc:
        if traceback:
            raise
        sys.stderr.write(str(exc) + "\n")
        sys.exit(EXIT_ERROR)
    except CommandError as exc:
        if traceback:
            raise
        fail(f"错误：{exc}")
    except KeyboardInterrupt:
        fail("已中断。")
    except Exception as exc:  # noqa: BLE001 — a command's unforeseen failure: one line, not a traceback
        if traceback:
            raise
        fail(f"错误：命令执行失败（{type(exc).__name__}：{one_line(exc)[:300]}）。加 --traceback 可查看详细信息。")
    finally:
        try:
            connections.close_all()
        except Exception:  # noqa: BLE001 — closing is best effort, as in Django's run_from_argv
            pass
