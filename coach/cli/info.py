"""Commands that read and plan: list, show, plan."""

from __future__ import annotations

import json

import typer

from coach import sheet
from coach.cli import app
from coach.cli import params as p
from coach.routines import BUILTIN, resolve
from coach.cli.voice import VoiceEngine, VoiceName, VoiceRate, planner


@app.command("list")
def list_routines() -> None:
    """List the built-in routines with their drill count and planned time.

    Example: coach list
    """
    plan = planner(None, None, None)
    for routine_id in BUILTIN:
        routine = resolve(routine_id)
        timeline = plan(routine, p.plan_options("standard", None, 1.0, 1.0, None))
        typer.echo(f"{routine.id:<10} {len(routine.drills)} drills  {sheet.duration(timeline.duration):>6}  {routine.title}")


@app.command("show")
def show(routine: p.Routine) -> None:
    """Print the drill sheet to read once before you go: names, doses, how-to.

    Example: coach show pre-run
    """
    typer.echo(sheet.drill_sheet(resolve(routine)))


@app.command("plan")
def plan(
    routine: p.Routine,
    level: p.Level = "standard",
    pace: p.Pace = None,
    pace_scale: p.PaceScale = 1.0,
    tempo_scale: p.TempoScale = 1.0,
    cadence: p.Cadence = None,
    voice_engine: VoiceEngine = None,
    voice: VoiceName = None,
    rate: VoiceRate = None,
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON for other tools. Example: --json"),
) -> None:
    """Show the session's timeline: every cue, beep and count with its time.

    The times are the ones you will hear, to the sample.

    Examples: coach plan pre-run | coach plan post-run --level full --json
    """
    options = p.plan_options(level, pace, pace_scale, tempo_scale, cadence)
    timeline = planner(voice_engine, voice, rate)(resolve(routine), options)
    if as_json:
        typer.echo(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(sheet.plan_table(timeline))
