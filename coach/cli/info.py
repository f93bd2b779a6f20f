"""Commands that read and plan: list, show, plan."""

from __future__ import annotations

import json
from typing import Any

import typer

from coach.cli import sheet
from coach.cli import app
from coach.cli import params as p
from coach.app.choose import choices, timeline_for
from coach.cli.progress import voice_progress
from coach.cli.voice import VoiceEngine, VoiceName, VoiceRate, session_options
from coach.profile.layers import explain as explain_settings
from coach.routine.builtin import BUILTIN, resolve


@app.command("list")
def list_routines(voice_engine: VoiceEngine = None, voice: VoiceName = None, rate: VoiceRate = None) -> None:
    """List the built-in routines with their drill count and planned time (with your saved settings).

    Example: coach list
    """
    for routine_id in BUILTIN:
        chosen = choices([routine_id], {"voice_engine": voice_engine, "voice": voice, "rate": rate})
        timeline = timeline_for(chosen, progress=voice_progress())
        routine = chosen.routines[0]
        typer.echo(f"{routine.id:<10} {len(routine.drills)} drills  {sheet.duration(timeline.duration):>6}  {routine.title}")


@app.command("show")
def show(routine: p.Routine) -> None:
    """Print the drill sheet to read once before you go: names, doses, how-to.

    Example: coach show pre-run | coach show my-warmup.toml
    """
    typer.echo(sheet.drill_sheet(resolve(routine)))


@app.command("plan")
@session_options
def plan(
    routines: p.Routines,
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON for other programs. Example: --json"),
    *,
    session: dict[str, Any],
) -> None:
    """Show the session's timeline: every cue, beep and count with its time.

    The times are the ones you will hear, to the sample: the plan uses the
    real length of every spoken line.

    Examples: coach plan pre-run | coach plan post-run --level full --json
    """
    chosen = choices(routines, session)
    timeline = timeline_for(chosen, session["gap"], voice_progress())
    if as_json:
        typer.echo(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(sheet.plan_table(timeline))
    if session["explain"]:
        typer.echo("Settings used:\n" + explain_settings(chosen.settings), err=as_json)
