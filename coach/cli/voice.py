"""`coach voices`: the voices each engine offers."""

from __future__ import annotations

import typer

from coach.cli.params import VoiceEngine
from coach.errors import EnvironmentProblem
from coach.speech import ENGINES, default_engine_name, list_voices

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
