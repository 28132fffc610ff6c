"""The `gongkai` console script: Django's management commands without manage.py. Errors are one Chinese
line and exit code 2 (gongkai.clierrors)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-") or args[0] in ("help", "version"):
        from django.core.management import execute_from_command_line

        execute_from_command_line(["gongkai", *args])
        return
    import django
    from django.core.management import get_commands, load_command_class

    from gongkai.clierrors import fail, run_command

    django.setup()
    app = get_commands().get(args[0])
    if app is None:
        fail(f"未知命令：{args[0]}。运行 gongkai help 查看全部命令。")
    command = app if not isinstance(app, str) else load_command_class(app, args[0])
    run_command(command, "gongkai", args[0], args[1:])


if __name__ == "__main__":
    main()
