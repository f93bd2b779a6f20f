"""The command line: `coach list | show | plan | export | play | voices ...`.

This package is the only place that turns a CoachError into a message and an
exit status; everything below it raises.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import NoReturn

import typer

from coach.cli import process
from coach.errors import CoachError, ExitStatus

try:  # typer 0.21 and later carry their own copy of click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # earlier typer uses click itself
    from click.exceptions import ClickException, NoArgsIsHelpError

app = typer.Typer(
    name="coach",
    help="A voice coach for your hip-mobility routines: plan, export to your phone, or play live.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(wanted: bool) -> None:
    if wanted:  # the distribution is `hipcoach` on PyPI; the command and the package are `coach`
        from coach import __version__

        print(f"coach {__version__} (hipcoach)")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Show coach's version and stop."
    ),
) -> None:
    pass


def _register() -> None:
    """Every command, from this one list: the command modules define plain functions and never import this one."""
    from coach.cli import audio, config, files, info, pace, play, serve, voice

    commands = (
        ("list", info.list_routines), ("show", info.show), ("plan", info.plan), ("export", audio.export),
        ("play", play.play), ("pace", pace.pace), ("serve", serve.serve), ("voices", voice.voices),
        ("new", files.new), ("validate", files.validate),
    )
    if app.registered_commands:  # main() may run more than once in one process (the tests)
        return
    for name, command in commands:
        app.command(name)(command)
    app.add_typer(config.config_app, name="config")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning known errors into one line and an exit status."""
    process.prepare()
    _register()
    try:
        code = _run(argv)
    except process.OutputFailed as failed:
        _output_failed(failed.error)
    process.finished(code)
    sys.exit(code)


def _run(argv: list[str] | None) -> int:
    """The command's exit status; its output written and flushed."""
    try:
        code = app(args=argv, prog_name="coach", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not in Python's exit
    except CoachError as err:
        _say(str(err))
        return process.stop_status() if err.exit_code == ExitStatus.INTERRUPTED else err.exit_code
    except (KeyboardInterrupt, typer.Abort):
        code = ExitStatus.INTERRUPTED
    except typer.Exit as done:
        code = done.exit_code
    except ClickException as err:  # usage errors arrive here in non-standalone mode
        message = _usage_error(err)
        print(message, file=sys.stderr if err.exit_code else sys.stdout)
        sys.stdout.flush()
        return err.exit_code
    # Without standalone mode, click hands back typer.Exit's code (and typer turns Ctrl-C into 130).
    if code == ExitStatus.INTERRUPTED:
        _say(process.stop_reason())
        return process.stop_status()
    return code if isinstance(code, int) else ExitStatus.OK


def _say(message: str) -> None:
    """coach's last words: one line (or a few) on stderr, after any progress bar."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")  # a progress bar may be on this line
    for line in message.splitlines() or ["failed"]:
        print(f"coach: {line}", file=sys.stderr)


def _output_failed(err: OSError) -> NoReturn:
    """stdout could not be written: a closed pipe ends quietly, anything else is one line."""
    sys.stdout = open(os.devnull, "w")  # Python's own flush at exit must not fail again
    if err.errno == errno.EPIPE:
        sys.exit(128 + 13)  # as if killed by SIGPIPE, as other commands in a pipeline are
    _say(f"can't write the output ({err.strerror or err})")
    sys.exit(ExitStatus.ENVIRONMENT)


def _usage_error(err: ClickException) -> str:
    """One line for a usage error; the help text when a group was called with nothing."""
    if isinstance(err, NoArgsIsHelpError):
        err.exit_code = ExitStatus.OK
        return err.format_message()
    ctx = getattr(err, "ctx", None)
    hint = f" (see: {ctx.command_path} --help)" if ctx and ctx.info_name not in (None, "coach") else ""
    return f"coach: {err.format_message()}{hint}"
