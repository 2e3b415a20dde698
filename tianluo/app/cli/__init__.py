"""The ``tianluo`` command.  Errors become one clear message and a trustworthy exit code.

Exit codes: 0 success; 1 the work ran but failed or found problems; 2 bad usage,
configuration or input; 3 the store is unreachable; 4 an alert channel failed;
130 interrupted.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Any

import click

from tianluo import __version__
from tianluo.app.cli.chinese import VERSION_HELP, VERSION_MESSAGE, Group, show_error
from tianluo.app.context import App
from tianluo.errors import ConfigError, TianluoError
from tianluo.settings import DEFAULT_CONFIG, load_settings

# command name -> "module:attribute"; loaded on use so one command's imports never slow another
COMMANDS = {
    "demo": "tianluo.app.cli.demo:demo",
    "init": "tianluo.app.cli.init:init",
    "crawl": "tianluo.app.cli.crawl:crawl",
    "sources": "tianluo.app.cli.sources:sources",
    "extract": "tianluo.app.cli.extract:extract",
    "analyze": "tianluo.app.cli.analyze:analyze",
    "keywords": "tianluo.app.cli.keywords:keywords",
    "index": "tianluo.app.cli.index:index",
    "search": "tianluo.app.cli.search:search",
    "alerts": "tianluo.app.cli.alerts:alerts",
    "report": "tianluo.app.cli.report:report",
    "serve": "tianluo.app.cli.report:serve",
    "schedule": "tianluo.app.cli.report:schedule",
}


class LazyGroup(Group):
    """A group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-c",
    "--config",
    type=click.Path(path_type=Path),
    default=None,
    help="配置文件（默认：$TIANLUO_CONFIG，未设置时为 ./tianluo.yaml）。",
)
@click.option("-v", "--verbose", count=True, help="输出更多日志（-vv 输出调试日志）。")
@click.version_option(__version__, prog_name="tianluo", help=VERSION_HELP, message=VERSION_MESSAGE)
@click.pass_context
def cli(ctx: click.Context, config: Path | None, verbose: int) -> None:
    """天罗：新闻、论坛和 P2P 网站的非法集资风险舆情监测。"""
    configure_logging(logging.WARNING - 10 * min(verbose, 2))
    if ctx.resilient_parsing:
        return
    ctx.obj = _LazyApp(config)
    ctx.call_on_close(ctx.obj.close)


class _NoLibraryTracebacks(logging.Filter):
    """Network failures are reported as one line; tracebacks only with -vv."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not record.name.startswith("tianluo"):
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging(level: int) -> None:
    """One stderr handler whose level is the filter (libraries may lower the root level)."""
    handler = logging.StreamHandler()
    handler.setLevel(level)
    if level > logging.DEBUG:
        handler.addFilter(_NoLibraryTracebacks())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


# commands that keep no state: with no configuration file they run on the built-in defaults
WITHOUT_CONFIG = {
    "analyze",
    "extract",
    "keywords test",
    "keywords validate",
    "sources validate",
    "sources list",
}


class _LazyApp:
    """Defer loading settings until a command needs them, so --help always works."""

    def __init__(self, config: Path | None) -> None:
        self._config = config
        self._app: App | None = None

    def get(self, command: str) -> App:
        if self._app is None:
            settings = load_settings(self._config)
            if not settings.config_file:
                _no_config(command)
            self._app = App(settings)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


def _no_config(command: str) -> None:
    """No tianluo.yaml: stateless commands say so and go on; the others refuse.

    Refusing keeps a command run in the wrong folder from creating var/ and out/ there
    and reporting an empty store as "no match".
    """
    looked = Path.cwd() / DEFAULT_CONFIG
    if command in WITHOUT_CONFIG:
        click.echo(
            f"提示：没有配置文件（{looked} 不存在，也未设置 TIANLUO_CONFIG），使用内置默认配置",
            err=True,
        )
        return
    raise ConfigError.single(
        str(looked),
        None,
        "",
        "这里没有配置文件（也未设置 TIANLUO_CONFIG）；请在 tianluo.yaml 所在的目录运行，"
        "或用 -c FILE 指定，或用 `tianluo init` 写一份初始配置",
    )


def get_app(ctx: click.Context) -> App:
    """The App for a command (loads and validates the configuration on first call)."""
    root = ctx.find_root().obj
    assert isinstance(root, _LazyApp)
    return root.get(" ".join(ctx.command_path.split()[1:]))


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI and map errors to messages and exit codes."""
    try:
        return cli.main(args=argv, prog_name="tianluo", standalone_mode=False)
    except TianluoError as exc:
        click.secho(f"错误：{exc}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("已中止", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("已中断", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        show_error(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
