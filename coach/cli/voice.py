"""Voice options, the session options every session command shares, and `coach voices`."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from coach.cli import app
from coach.cli import params as p
from coach.errors import EnvironmentProblem
from coach.speech import ENGINES, default_engine_name, list_voices

VoiceEngine = Annotated[
    Optional[str],
    typer.Option("--voice-engine", help="Speech engine: piper (a natural voice, the default), espeak-ng or pyttsx3 (your system's voices). Example: --voice-engine espeak-ng"),
]
VoiceName = Annotated[
    Optional[str],
    typer.Option("--voice", help="Voice to speak with: one that `coach voices` lists, or a Piper voice you downloaded (its .onnx file, with the .onnx.json beside it). Example: --voice ~/voices/en_GB-alba-medium.onnx"),
]
VoiceRate = Annotated[
    Optional[int],
    typer.Option("--rate", help="Speaking speed in words per minute (80 to 400, default 170). Example: --rate 160"),
]
Mono = Annotated[
    Optional[bool],
    typer.Option("--mono/--pan", help="--mono: every cue in both ears. --pan (default): left and right cues sit in that ear. Example: --mono", show_default=False),
]
Gap = Annotated[
    float,
    typer.Option("--gap", metavar="MINUTES", help="With several routines: minutes of running between them, called out by time. Example: --gap 20"),
]
Explain = Annotated[
    bool,
    typer.Option("--explain", help="Also list every setting and where it came from (command line, your profile, the routine, coach). Example: --explain"),
]


@app.command("voices")
def voices(
    voice_engine: VoiceEngine = None,
) -> None:
    """List the voices you can pick with --voice, engine by engine.

    Piper (the default) also takes any Piper voice you download: give the path
    of its .onnx file to --voice, with the .onnx.json beside it.

    Example: coach voices | coach voices --voice-engine espeak-ng
    """
    for name in [voice_engine] if voice_engine else list(ENGINES):
        try:
            found = list_voices(name)
        except EnvironmentProblem as problem:
            if voice_engine:
                raise
            typer.echo(f"{name}: not available here: {problem}\n")
            continue
        default = " (the default)" if name == default_engine_name() else ""
        typer.echo(f"{name}{default}: --voice-engine {name} --voice NAME")
        for info in found:
            typer.echo(f"  {info.id:<24} {info.name:<28} {', '.join(info.languages)}")
        if name == "piper":
            typer.echo("  or the path of a Piper voice file: --voice ~/voices/en_GB-alba-medium.onnx")
        typer.echo("")


# The options every session command (plan, export, play) takes, in --help order.
SESSION_OPTIONS: dict[str, tuple[Any, Any]] = {
    "level": (p.Level, None),
    "pace": (p.Pace, None),
    "pace_scale": (p.PaceScale, None),
    "tempo_scale": (p.TempoScale, None),
    "cadence": (p.Cadence, None),
    "voice_engine": (VoiceEngine, None),
    "voice": (VoiceName, None),
    "rate": (VoiceRate, None),
    "mono": (Mono, None),
    "gap": (Gap, 0.0),
    "explain": (Explain, False),
}


def session_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the shared session options; it receives them as one dict, ``session``."""
    hints = typing.get_type_hints(command, include_extras=True)  # the command's own names, resolved
    own = [
        q.replace(annotation=hints.get(q.name, q.annotation))
        for q in inspect.signature(command).parameters.values()
        if q.name != "session"
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, (kind, default) in SESSION_OPTIONS.items()
    ]

    @functools.wraps(command)
    def run(**values: Any) -> None:
        session = {name: values.pop(name) for name in SESSION_OPTIONS}
        command(session=session, **values)

    run.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    run.__annotations__ = {q.name: q.annotation for q in [*own, *shared]}
    return run
