"""Two shared helpers: common.actionview.run_action (an action called from a page's own form) and
common.commands.SubcommandCommand (a management command made of subcommands)."""

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.test import RequestFactory

from gongkai.common.actionview import run_action
from gongkai.common.commands import SubcommandCommand, arg, subcommand


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_run_action_returns_the_result_and_says_the_success():
    request = _request()
    assert run_action(request, lambda a, b=0: a + b, 2, b=3, success="已保存。") == 5
    assert run_action(request, lambda: None) is True  # done, nothing returned, nothing said
    assert _said(request) == [("success", "已保存。")]


def test_run_action_turns_a_refusal_into_a_message():
    def refuse(*_args, **_kwargs):
        raise ValidationError(["第一条理由", "第二条理由"])

    request = _request()
    assert run_action(request, refuse, success="不会出现") is None
    assert _said(request) == [("error", "第一条理由；第二条理由")]


def test_run_action_lets_a_missing_role_answer_403_unless_asked():
    def denied():
        raise PermissionDenied("没有这个岗位。")

    with pytest.raises(PermissionDenied):
        run_action(_request(), denied)
    request = _request()
    assert run_action(request, denied, denied_as_message=True) is None
    assert _said(request) == [("error", "没有这个岗位。")]


class _Command(SubcommandCommand):
    help = "测试"

    @subcommand("first-one", "第一个", arg("n", type=int), arg("--twice", action="store_true"))
    def first_one(self, opts):
        self.stdout.write(str(opts["n"] * (2 if opts["twice"] else 1)))

    @subcommand("second", "第二个")
    def second(self, opts):
        raise CommandError("第二个失败")


def _run(*args) -> str:
    command = _Command(stdout=StringIO())
    parser = command.create_parser("gongkai", "test")
    command.execute(**{**vars(parser.parse_args(args)), "skip_checks": True})
    return command.stdout._out.getvalue().strip()


def test_subcommands_are_parsed_and_dispatched_in_declared_order():
    assert _run("first-one", "4") == "4"
    assert _run("first-one", "4", "--twice") == "8"
    with pytest.raises(CommandError, match="第二个失败"):
        _run("second")
    help_text = _Command().create_parser("gongkai", "test").format_help()
    assert "{first-one,second}" in help_text
    with pytest.raises(CommandError, match="required: sub"):  # a subcommand is required
        _Command().create_parser("gongkai", "test").parse_args([])
