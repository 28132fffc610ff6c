"""Management commands made of subcommands (`gongkai calendar status`, `gongkai case export …`,
`gongkai report build …`): each subcommand is a method of the command, declared with its help and its
arguments right above its code; the command builds the parser from them and calls the one asked for.

    class Command(SubcommandCommand):
        help = "工作日历：…"

        @subcommand("status", "各年度的确认状态")
        def status(self, opts): ...

        @subcommand("confirm", "按国务院办公厅通知正文确认一个年度", arg("year", type=int), arg("--source", default=""))
        def confirm(self, opts): ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

Argument = tuple[tuple[str, ...], dict[str, Any]]


def arg(*names: str, **options: Any) -> Argument:
    """One argument of a subcommand, as argparse's `add_argument(*names, **options)` takes it."""
    return names, options


def subcommand(name: str, help: str, *arguments: Argument) -> Callable:
    """Declare the method it decorates as the subcommand `name` (called with the parsed options)."""

    def declare(method: Callable) -> Callable:
        method.subcommand = (name, help, arguments)  # type: ignore[attr-defined]
        return method

    return declare


class SubcommandCommand(BaseCommand):
    # the option naming the subcommand asked for; argparse also names it when none is given ("缺少参数：sub"),
    # so a command that always called it otherwise keeps its name
    subcommand_dest = "sub"

    def _subcommands(self) -> dict[str, Callable]:
        """{name: bound method} in the order the class declares them (the order `--help` lists them)."""
        found = (getattr(self, attr) for attr, value in vars(type(self)).items() if hasattr(value, "subcommand"))
        return {method.subcommand[0]: method for method in found}

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest=self.subcommand_dest, required=True)
        for method in self._subcommands().values():
            name, help_text, arguments = method.subcommand
            one = sub.add_parser(name, help=help_text)
            for names, options in arguments:
                one.add_argument(*names, **options)

    def handle(self, *args, **opts):
        return self._subcommands()[opts[self.subcommand_dest]](opts)
