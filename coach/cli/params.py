"""Options: the arguments commands share, and every setting's option, made from the settings table.

A session command names only its own arguments and a ``settings`` parameter;
:func:`with_settings` puts the table's options for that command in its place
(in the table's order, with the table's help) and hands the command what was
typed as one :class:`coach.app.choose.Typed`. A new setting in the table is
then an option of every command it names, with nothing to add here.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from coach.profile.table import SPECS, Spec, options_for

Routine = Annotated[
    str,
    typer.Argument(help="A built-in routine (pre-run, post-run) or the path to your own routine file."),
]
Routines = Annotated[
    list[str],
    typer.Argument(
        help="One or more routines, built-in (pre-run, post-run) or the path to your own file; "
        "several are joined into one session. Example: pre-run post-run",
        show_default=False,
    ),
]
Gap = Annotated[
    float,
    typer.Option("--gap", metavar="MINUTES", help="With several routines: minutes of running between them, called out by time. Example: --gap 20"),
]
Explain = Annotated[
    bool,
    typer.Option("--explain", help="Also list every setting and where it came from (command line, your profile, the routine, coach). Example: --explain"),
]
Typed = Any
"""How a command annotates its ``settings`` parameter (a :class:`coach.app.choose.Typed` when it runs)."""
SETTINGS: Any = None
"""The default of a command's ``settings`` parameter, which :func:`with_settings` replaces by the options."""


def option(key: str) -> Any:
    """The annotation of a setting's option: its type, flags, help and metavar, from the table."""
    made = SPECS[key].option
    assert made is not None, f"{key} is not typed on the command line"
    extra = {"metavar": made.metavar} if made.metavar else {}
    if made.min is not None:
        extra["min"] = made.min
    shown = {"show_default": False} if made.type is not bool or "/" in made.flags[0] else {}
    return Annotated[Optional[made.type], typer.Option(*made.flags, help=made.help, **extra, **shown)]


def _default(spec: Spec) -> Any:
    """What the option holds when it was not typed: None, or False for a plain flag (--shuffle)."""
    made = spec.option
    assert made is not None
    return False if made.type is bool and "/" not in made.flags[0] else None


def _typed(spec: Spec, value: Any) -> Any:
    """None for "not typed": an unused plain flag is False, an unused repeated option an empty list."""
    if value is False and _default(spec) is False:
        return None
    return None if value == [] or value == () else value


def with_settings(command: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give the decorated command the table's options for ``command`` in place of its ``settings`` parameter."""
    specs = options_for(command)

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func, eval_str=True)  # the command module's names, not ours
        own = list(signature.parameters.values())
        at = next(i for i, p in enumerate(own) if p.name == "settings")
        added = [
            inspect.Parameter(s.key, inspect.Parameter.KEYWORD_ONLY, default=_default(s), annotation=option(s.key))
            for s in specs
        ]
        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if i > at else p for i, p in enumerate(own)]
        params = params[:at] + added + params[at + 1:]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            from coach.app.choose import Typed  # the use-cases load on use: `--help` stays quick

            typed = Typed(**{s.key: _typed(s, kwargs.pop(s.key)) for s in specs})
            return func(*args, settings=typed, **kwargs)

        run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run

    return decorate


# The voice's options for commands that take only them one by one.
VoiceEngine = option("voice_engine")
VoiceName = option("voice")
VoiceRate = option("rate")
Clarity = option("clarity")
